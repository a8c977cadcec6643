/// Reads the text of an HTML page as Markdown-shaped text: headings stay headings (`#`), list items bullets,
/// block elements paragraphs; scripts, styles and other non-content elements are dropped.
///
/// Character references (`&lt;`, `&#35;`, all of HTML5's named ones) are decoded as the text is read, after the
/// tags are recognised, so `&lt;b&gt;` is the text `<b>`, never a tag; and the text is written so the Markdown
/// reader downstream takes it as text (`MarkdownText`): a `#` that begins a paragraph is not a heading.
///
/// Not a browser: it tolerates broken markup by treating anything it cannot parse as text, so nothing readable
/// is lost and nothing executable is kept.
public enum HTMLText {
    public struct Extracted: Sendable, Equatable {
        public var title: String?
        public var markdown: String
    }

    /// Elements whose content is never text for a reader.
    static let dropped: Set<String> = ["script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas"]
    static let blocks: Set<String> = [
        "p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "ul", "ol", "table", "tr",
        "blockquote", "pre", "figure", "figcaption", "dl", "dt", "dd", "form", "fieldset", "address", "hr",
    ]

    public static func extract(_ html: String) -> Extracted {
        var out = MarkdownText()
        var title: String?
        var skipping: String?  // the dropped element we are inside
        var inTitle = false
        var titleText = String.UnicodeScalarView()
        let chars = Array(html.unicodeScalars)
        var i = 0

        func finishTitle() {
            inTitle = false
            title = String(titleText).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            titleText.removeAll()
        }

        while i < chars.count {
            let c = chars[i]
            if c == "<" {
                // Comment
                if i + 3 < chars.count, chars[i + 1] == "!", chars[i + 2] == "-", chars[i + 3] == "-" {
                    var j = i + 4
                    while j + 2 < chars.count, !(chars[j] == "-" && chars[j + 1] == "-" && chars[j + 2] == ">") { j += 1 }
                    i = min(chars.count, j + 3)
                    continue
                }
                guard let tag = parseTag(chars, from: i) else {
                    // a lone "<" is text
                    if inTitle { titleText.append(c) } else if skipping == nil { out.appendText(c) }
                    i += 1
                    continue
                }
                i = tag.end
                let name = tag.name
                if let skipped = skipping {
                    if tag.closing, name == skipped { skipping = nil }
                    if name == "title", !tag.closing { inTitle = true }
                    if name == "title", tag.closing { finishTitle() }
                    continue
                }
                if !tag.closing, !tag.selfClosing, dropped.contains(name) {
                    skipping = name
                    continue
                }
                if name == "title" {
                    if tag.closing { finishTitle() } else { inTitle = true }
                    continue
                }
                if name.count == 2, name.first == "h", let level = Int(String(name.last!)), (1...6).contains(level) {
                    out.newline()
                    if !tag.closing { out.appendMarkup(String(repeating: "#", count: level) + " ", heading: true) }
                } else if name == "li" {
                    if !tag.closing {
                        out.newline(1)
                        out.appendMarkup("- ")
                    }
                } else if name == "br" {
                    out.newline(1)
                } else if name == "td" || name == "th" {
                    if !tag.closing { out.appendSpace() }
                } else if blocks.contains(name) {
                    out.newline()
                }
                continue
            }
            guard inTitle || skipping == nil else {
                i += 1
                continue
            }
            // Text: character references decoded here, once, as text — never read as markup afterwards.
            var text: [Unicode.Scalar] = [c]
            i += 1
            if c == "&", let reference = HTMLEntities.decode(chars, at: i - 1) {
                text = Array(reference.text.unicodeScalars)
                i = reference.end
            }
            if inTitle {
                titleText.append(contentsOf: text)
            } else {
                for scalar in text { out.appendText(scalar) }
            }
        }
        let markdown = String(out.text).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmed() }
            .joined(separator: "\n")
        return Extracted(title: title.flatMap { $0.isEmpty ? nil : $0 }, markdown: collapseBlankLines(markdown))
    }

    struct Tag {
        var name: String
        var closing: Bool
        var selfClosing: Bool
        var end: Int
    }

    /// A tag starting at `start` ("<"), or nil when what follows is not a tag.
    static func parseTag(_ chars: [Unicode.Scalar], from start: Int) -> Tag? {
        var i = start + 1
        var closing = false
        if i < chars.count, chars[i] == "/" {
            closing = true
            i += 1
        }
        if i < chars.count, chars[i] == "!" || chars[i] == "?" {
            // <!doctype …>, <?xml …?>: skip to ">"
            while i < chars.count, chars[i] != ">" { i += 1 }
            return Tag(name: "!", closing: false, selfClosing: true, end: min(chars.count, i + 1))
        }
        var name = ""
        while i < chars.count, chars[i].properties.isAlphabetic || ("0"..."9").contains(chars[i]) {
            name.unicodeScalars.append(chars[i])
            i += 1
        }
        guard !name.isEmpty else { return nil }
        var quote: Unicode.Scalar?
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == ">" {
                let selfClosing = i > start && chars[i - 1] == "/"
                return Tag(name: name.lowercased(), closing: closing, selfClosing: selfClosing, end: i + 1)
            }
            i += 1
        }
        return nil  // never closed: not a tag
    }

    static func collapseBlankLines(_ text: String) -> String {
        var out: [Substring] = []
        var blank = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty {
                blank += 1
                if blank > 1 { continue }
            } else {
                blank = 0
            }
            out.append(line)
        }
        return out.joined(separator: "\n").trimmed()
    }
}
