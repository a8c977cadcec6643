/// A small Markdown reader: front matter, heading sections, and the block shapes of `MarkdownBlock`.
///
/// Not a CommonMark implementation; it recognises what knowledge documents use (ATX headings, paragraphs, `-`/`*`/`+`
/// and `1.` lists, pipe tables, `>` quotes, fenced code) and treats everything else as prose, so no input is lost.
public enum MarkdownParser {
    /// Splits a leading `---` front matter block into `key: value` fields and the remaining body.
    public static func frontMatter(_ text: String) -> (fields: [String: String], body: String) {
        // Most documents have none: look at the first line before cutting the whole text into lines.
        let firstLineEnd = text.utf8.firstIndex(of: 0x0A) ?? text.endIndex
        guard text[..<firstLineEnd].trimmed() == "---" else { return ([:], text) }
        let lines = text.lineSlices
        var fields: [String: String] = [:]
        for index in lines.indices.dropFirst() {
            let line = lines[index].trimmed()
            if line == "---" {
                return (fields, lines[(index + 1)...].joined(separator: "\n"))
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmed().lowercased()
            let value = line[line.index(after: colon)...].trimmed()
            if !key.isEmpty { fields[key] = value }
        }
        return ([:], text)  // no closing fence: it was not front matter
    }

    /// A heading-delimited part of a document.
    public struct Section: Sendable, Equatable {
        /// Headings from the document's top down to this section's own heading.
        public var headings: [String]
        /// The section's Markdown between its heading and the next heading.
        public var body: String
    }

    /// Splits Markdown into sections at ATX headings (`#` … `######`), outside fenced code.
    public static func sections(_ markdown: String) -> [Section] {
        var sections: [Section] = []
        var path: [(level: Int, text: String)] = []
        var body: [Substring] = []
        var inFence = false

        func flush() {
            let text = body.joined(separator: "\n").trimmed()
            if !text.isEmpty || sections.isEmpty && !path.isEmpty {
                sections.append(Section(headings: path.map(\.text), body: text))
            }
            body.removeAll()
        }

        for line in markdown.lineSlices {
            let trimmed = line.trimmed()
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle() }
            if !inFence, let heading = heading(in: trimmed) {
                flush()
                path.removeAll { $0.level >= heading.level }
                path.append(heading)
                continue
            }
            body.append(line)
        }
        flush()
        return sections.filter { !$0.body.isEmpty }
    }

    private static func heading(in line: String) -> (level: Int, text: String)? {
        guard line.hasPrefix("#") else { return nil }
        let level = line.prefix(while: { $0 == "#" }).count
        guard level <= 6 else { return nil }
        let rest = line.dropFirst(level)
        guard rest.first == " " else { return nil }
        var text = rest.trimmed()
        // Closing hashes are decoration, but only as their own word (CommonMark): `## C#` is about C#, and an
        // escaped `\#` is a character.
        let closing = text.reversed().prefix(while: { $0 == "#" }).count
        if closing == text.count || text.dropLast(closing).last == " " { text.removeLast(closing) }
        text = inlinePlain(text.trimmed())
        return text.isEmpty ? nil : (level, text)
    }

    /// Reads the block structures of a section body (no headings inside).
    public static func blocks(_ markdown: String) -> [MarkdownBlock] {
        var blocks: [MarkdownBlock] = []
        var paragraph: [String] = []
        var tableLines: [String] = []
        var quoteLines: [String] = []
        var inFence = false

        func flushParagraph() {
            if !paragraph.isEmpty {
                blocks.append(.paragraph(inlinePlain(paragraph.joined(separator: " "))))
                paragraph.removeAll()
            }
        }
        func flushTable() {
            guard !tableLines.isEmpty else { return }
            if let table = table(from: tableLines) {
                blocks.append(table)
            } else {
                blocks.append(.paragraph(inlinePlain(tableLines.joined(separator: " "))))
            }
            tableLines.removeAll()
        }
        func flushQuote() {
            guard !quoteLines.isEmpty else { return }
            blocks.append(quote(from: quoteLines.joined(separator: " ")))
            quoteLines.removeAll()
        }
        func flushAll() {
            flushParagraph()
            flushTable()
            flushQuote()
        }

        for rawLine in markdown.lineSlices {
            let line = rawLine.trimmed()
            if line.hasPrefix("```") || line.hasPrefix("~~~") {
                flushAll()
                inFence.toggle()
                continue
            }
            if inFence {
                paragraph.append(line)  // code is kept as text: it is searchable, never dropped
                continue
            }
            if line.isEmpty {
                flushAll()
            } else if line.hasPrefix("|") {
                flushParagraph()
                flushQuote()
                tableLines.append(line)
            } else if line.hasPrefix(">") {
                flushParagraph()
                flushTable()
                quoteLines.append(String(line.dropFirst()).trimmed())
            } else if let item = listItem(line) {
                flushAll()
                blocks.append(.listItem(item))
            } else if case .listItem(var last)? = blocks.last, paragraph.isEmpty, rawLine.first == " " {
                // an indented continuation line of the previous list item
                last.text += " " + inlinePlain(line)
                blocks[blocks.count - 1] = .listItem(last)
            } else {
                flushTable()
                flushQuote()
                paragraph.append(line)
            }
        }
        flushAll()
        return blocks
    }

    private static func listItem(_ line: String) -> MarkdownBlock.ListItem? {
        var rest: Substring
        let ordered: Bool
        if let first = line.first, "-*+".contains(first), line.dropFirst().first == " " {
            rest = line.dropFirst(2)
            ordered = false
        } else {
            let digits = line.prefix(while: \.isNumber)
            guard !digits.isEmpty, digits.count <= 3 else { return nil }
            let after = line.dropFirst(digits.count)
            guard let marker = after.first, marker == "." || marker == ")", after.dropFirst().first == " " else {
                return nil
            }
            rest = after.dropFirst(2)
            ordered = true
        }
        rest = Substring(rest.trimmed())
        guard !rest.isEmpty else { return nil }

        // A leading bold phrase is the item's label: `**Label**: text`, `**Label** — text`, `**31%** fewer…`.
        if rest.hasPrefix("**"), let close = rest.dropFirst(2).range(of: "**") {
            let label = inlinePlain(String(rest[rest.index(rest.startIndex, offsetBy: 2)..<close.lowerBound]))
            var text = rest[close.upperBound...]
            var separated = false
            while let first = text.first, first == ":" || first == " " || first == "—" || first == "–" || first == "-"
                || first == "."
            {
                if first != " " { separated = true }
                text = text.dropFirst()
            }
            let body = inlinePlain(String(text))
            if !label.isEmpty, !body.isEmpty {
                let item = MarkdownBlock.ListItem(ordered: ordered, label: label, text: body)
                if separated || item.isMetric { return item }
                // bold words that simply begin a sentence: keep the sentence whole
                return MarkdownBlock.ListItem(ordered: ordered, label: nil, text: "\(label) \(body)")
            }
        }
        return MarkdownBlock.ListItem(ordered: ordered, label: nil, text: inlinePlain(String(rest)))
    }

    private static func table(from lines: [String]) -> MarkdownBlock? {
        func cells(_ line: String) -> [String] {
            var inner = Substring(line.trimmed())
            if inner.hasPrefix("|") { inner = inner.dropFirst() }
            if inner.hasSuffix("|") { inner = inner.dropLast() }
            return inner.split(separator: "|", omittingEmptySubsequences: false).map {
                inlinePlain($0.trimmed())
            }
        }
        func isDelimiter(_ row: [String]) -> Bool {
            row.allSatisfy { cell in !cell.isEmpty && cell.allSatisfy { "-: ".contains($0) } }
        }
        let rows = lines.map(cells)
        guard rows.count >= 3, isDelimiter(rows[1]) else { return nil }
        let header = rows[0]
        let body = rows.dropFirst(2).filter { !isDelimiter($0) }.map { row in
            Array((row + Array(repeating: "", count: max(0, header.count - row.count))).prefix(header.count))
        }
        return body.isEmpty ? nil : .table(header: header, rows: body)
    }

    private static func quote(from text: String) -> MarkdownBlock {
        let plain = inlinePlain(text)
        for dash in [" — ", " – ", " -- ", " - "] {
            if let range = plain.range(of: dash, options: .backwards) {
                let quoted = plain[..<range.lowerBound].trimmed()
                let attribution = plain[range.upperBound...].trimmed()
                if !quoted.isEmpty, !attribution.isEmpty, attribution.count <= 120 {
                    return .quote(text: unquoted(quoted), attribution: attribution)
                }
            }
        }
        return .quote(text: unquoted(plain), attribution: nil)
    }

    private static func unquoted(_ text: String) -> String {
        var t = Substring(text)
        if let first = t.first, "\"\u{201C}".contains(first), let last = t.last, "\"\u{201D}".contains(last), t.count > 1 {
            t = t.dropFirst().dropLast()
        }
        return String(t)
    }

    /// Removes inline markup — emphasis, code ticks, links and images (keeping their text), HTML tags — and
    /// collapses whitespace. Underscores inside words (`pain_point`) are text, not emphasis.
    public static func inlinePlain(_ text: String) -> String {
        // Unicode scalars, not Characters: every marker is ASCII, and grapheme breaking would dominate the cost.
        var out = String.UnicodeScalarView()
        let chars = Array(text.unicodeScalars)
        var pendingSpace = false
        func emit(_ scalar: Unicode.Scalar) {
            if scalar.isWhitespaceScalar {
                pendingSpace = !out.isEmpty
                return
            }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            out.append(scalar)
        }
        func isWordScalar(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic || c.properties.numericType != nil }
        let emphasis = Self.emphasisMarkers(chars)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "\\" where i + 1 < chars.count && Self.isASCIIPunctuation(chars[i + 1]):
                emit(chars[i + 1])  // an escaped character is that character
                i += 2
                continue
            case "*" where emphasis.contains(i):
                i += 1
                continue
            case "`":
                i += 1
                continue
            case "_":
                let before = i > 0 ? chars[i - 1] : " "
                let after = i + 1 < chars.count ? chars[i + 1] : " "
                if isWordScalar(before), isWordScalar(after) { emit(c) }
                i += 1
                continue
            case "!" where i + 1 < chars.count && chars[i + 1] == "[":
                i += 1
                continue
            case "[":
                // [text](url) → text
                if let close = chars[i...].firstIndex(of: "]"), close + 1 < chars.count, chars[close + 1] == "(",
                    let paren = Self.closingParenthesis(chars, from: close + 1)
                {
                    for scalar in chars[(i + 1)..<close] { emit(scalar) }
                    i = paren + 1
                    continue
                }
            case "<":
                // an HTML tag is markup; a lone "<" (as in "< 5 days") is text
                if let close = chars[i...].firstIndex(of: ">"), close - i < 200, i + 1 < chars.count,
                    chars[i + 1].properties.isAlphabetic || chars[i + 1] == "/"
                {
                    i = close + 1
                    continue
                }
            default:
                break
            }
            emit(c)
            i += 1
        }
        return String(out)
    }

    /// CommonMark's ASCII punctuation, the characters a backslash escapes: symbols such as `<`, `|`, `` ` ``, `+`
    /// and `~` as well as the punctuation marks.
    static func isASCIIPunctuation(_ c: Unicode.Scalar) -> Bool {
        (0x21...0x2F).contains(c.value) || (0x3A...0x40).contains(c.value) || (0x5B...0x60).contains(c.value)
            || (0x7B...0x7E).contains(c.value)
    }

    /// The positions of the `*` that are emphasis markers: runs that open (a non-space follows) or close (a
    /// non-space precedes), paired like brackets with a run of the same length. An unpaired `*` is text: the
    /// wildcard in `zebra*`, the product in `5 * 3`, a footnote mark.
    static func emphasisMarkers(_ chars: [Unicode.Scalar]) -> Set<Int> {
        guard chars.contains("*") else { return [] }
        var markers: Set<Int> = []
        var openers: [(start: Int, length: Int)] = []
        var i = 0
        while i < chars.count {
            guard chars[i] == "*" else {
                i += 1
                continue
            }
            var end = i
            while end < chars.count, chars[end] == "*" { end += 1 }
            let before = i > 0 ? chars[i - 1] : " "
            let after = end < chars.count ? chars[end] : " "
            let canOpen = !after.isWhitespaceScalar
            let canClose = !before.isWhitespaceScalar
            if canClose, let match = openers.lastIndex(where: { $0.length == end - i }) {
                let opener = openers[match]
                openers.removeSubrange(match...)
                markers.formUnion(opener.start..<(opener.start + opener.length))
                markers.formUnion(i..<end)
            } else if canOpen {
                openers.append((i, end - i))
            }
            i = end
        }
        return markers
    }

    /// The `)` that closes the `(` at `open`, counting nested pairs (`[x](https://e.com/a_(b))`), or nil.
    static func closingParenthesis(_ chars: [Unicode.Scalar], from open: Int) -> Int? {
        var depth = 0
        for index in open..<chars.count {
            if chars[index] == "(" { depth += 1 }
            if chars[index] == ")" {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }
}
