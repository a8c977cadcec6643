extension Unicode.Scalar {
    /// Unicode's White_Space property, answered without the property table for ASCII: the table lookup was a
    /// twentieth of a bulk import's CPU (`MarkdownParser.inlinePlain` asks it of every scalar of every chunk).
    var isWhitespaceScalar: Bool {
        if value < 0x80 { return value == 0x20 || (0x09...0x0D).contains(value) }
        return properties.isWhitespace
    }
}
