extension String {
    /// The text's lines, exactly as `split(separator: "\n", omittingEmptySubsequences: false)` gives them, found by
    /// scanning UTF-8 bytes instead of grapheme clusters: that split walked every Character of every imported
    /// document three times (front matter, sections, blocks) and was a tenth of a bulk import's CPU.
    ///
    /// Like that split, a "\r\n" does not end a line (it is one Character, not "\n"); a "\n" anywhere else is a
    /// Character of its own, so every cut falls on a Character boundary and the slices are the same.
    var lineSlices: [Substring] {
        var lines: [Substring] = []
        let bytes = utf8
        var start = bytes.startIndex
        var index = start
        var previous: UInt8 = 0
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == 0x0A, previous != 0x0D {
                lines.append(self[start..<index])
                start = bytes.index(after: index)
            }
            previous = byte
            bytes.formIndex(after: &index)
        }
        lines.append(self[start..<bytes.endIndex])
        return lines
    }
}
