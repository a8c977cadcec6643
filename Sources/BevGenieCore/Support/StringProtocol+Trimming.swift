/// Whitespace trimming without Foundation's CharacterSet machinery (hot in chunking and sentence splitting).
extension StringProtocol {
    package func trimmed() -> String {
        var s = Substring(self)
        while let first = s.first, first.isWhitespace { s.removeFirst() }
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return String(s)
    }

    /// A base URL without its trailing slashes, so paths can be appended with one ("\(base)/chat/completions").
    func withoutTrailingSlashes() -> String {
        var s = Substring(self)
        while s.hasSuffix("/") { s.removeLast() }
        return String(s)
    }
}
