/// Whitespace trimming without Foundation's CharacterSet machinery (hot in chunking and sentence splitting).
extension StringProtocol {
    func trimmed() -> String {
        var s = Substring(self)
        while let first = s.first, first.isWhitespace { s.removeFirst() }
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return String(s)
    }
}
