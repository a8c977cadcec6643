/// Markdown being written from another format's text: the writer's own markup (`## ` for a heading, `- ` for a
/// list item, line breaks) goes in as markup, and everything else as text that `MarkdownParser` reads back as
/// the same characters, never as markup.
///
/// Text is escaped with a backslash where the parser would otherwise see markup: everywhere for `\`, `*`, `` ` ``,
/// `_`, `[` and `<` (emphasis, code, links, tags); at the start of a line for `#`, `>`, `|`, `-`, `+`, `~` and the
/// `.`/`)` after 1–3 digits (headings, quotes, tables, lists, fences, front matter); and for `#` anywhere in a
/// heading (its closing hashes). `MarkdownParser.inlinePlain` turns every `\` + ASCII punctuation back into the
/// character.
struct MarkdownText {
    private(set) var text = String.UnicodeScalarView()
    /// Nothing but spaces since the last line break: the next text begins a line.
    private var atLineStart = true
    /// Inside a heading line written by `appendMarkup(_:heading: true)`.
    private var inHeading = false
    /// How many characters of text the line has when they are all digits so far; nil otherwise.
    private var leadingDigits: Int? = 0

    /// Ends the line with `count` line breaks in all (a blank line between blocks by default), trailing spaces
    /// dropped; nothing at the very start.
    mutating func newline(_ count: Int = 2) {
        while text.last == " " { text.removeLast() }
        let existing = text.reversed().prefix(while: { $0 == "\n" }).count
        if !text.isEmpty, existing < count { text.append(contentsOf: String(repeating: "\n", count: count - existing).unicodeScalars) }
        atLineStart = true
        inHeading = false
        leadingDigits = 0
    }

    /// Markup of the writer's own, at the start of a line.
    mutating func appendMarkup(_ markup: String, heading: Bool = false) {
        text.append(contentsOf: markup.unicodeScalars)
        atLineStart = false
        inHeading = heading
        leadingDigits = nil
    }

    /// A space between words, never two, none at the start of a line.
    mutating func appendSpace() {
        guard let last = text.last, last != " ", last != "\n" else { return }
        text.append(" ")
    }

    /// One character of text; whitespace of any kind collapses to one space, as a browser shows it.
    mutating func appendText(_ scalar: Unicode.Scalar) {
        if scalar.isWhitespaceScalar {
            appendSpace()
            if leadingDigits != 0 { leadingDigits = nil }
            return
        }
        if needsEscape(scalar) { text.append("\\") }
        text.append(scalar)
        if let digits = leadingDigits { leadingDigits = ("0"..."9").contains(scalar) ? digits + 1 : nil }
        atLineStart = false
    }

    private func needsEscape(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "\\", "*", "`", "_", "[", "<": return true
        case "#": return atLineStart || inHeading
        case ">", "|", "-", "+", "~": return atLineStart
        case ".", ")": return (1...3).contains(leadingDigits ?? 0)
        default: return false
        }
    }
}
