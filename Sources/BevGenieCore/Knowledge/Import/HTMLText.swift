/// Reads the text of an HTML page as Markdown-shaped text: headings stay headings (`#`), list items bullets,
/// block elements paragraphs; scripts, styles and other non-content elements are dropped; entities decoded.
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
        var out = ""
        var title: String?
        var skipping: String?  // the dropped element we are inside
        var inTitle = false
        var titleText = ""
        let chars = Array(html.unicodeScalars)
        var i = 0

        func newline(_ count: Int = 2) {
            while out.hasSuffix(" ") { out.removeLast() }
            let existing = out.reversed().prefix(while: { $0 == "\n" }).count
            if !out.isEmpty, existing < count { out += String(repeating: "\n", count: count - existing) }
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
                    if skipping == nil { out.unicodeScalars.append(c) }  // a lone "<" is text
                    i += 1
                    continue
                }
                i = tag.end
                let name = tag.name
                if let skipped = skipping {
                    if tag.closing, name == skipped { skipping = nil }
                    if name == "title", !tag.closing { inTitle = true }
                    if name == "title", tag.closing {
                        inTitle = false
                        title = decodeEntities(titleText).split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    }
                    continue
                }
                if !tag.closing, !tag.selfClosing, dropped.contains(name) {
                    skipping = name
                    continue
                }
                if name == "title" {
                    inTitle = !tag.closing
                    if tag.closing {
                        title = decodeEntities(titleText).split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    }
                    continue
                }
                if name.count == 2, name.first == "h", let level = Int(String(name.last!)), (1...6).contains(level) {
                    newline()
                    if !tag.closing { out += String(repeating: "#", count: level) + " " }
                } else if name == "li" {
                    if !tag.closing {
                        newline(1)
                        out += "- "
                    }
                } else if name == "br" {
                    newline(1)
                } else if name == "td" || name == "th" {
                    if !tag.closing { out += " " }
                } else if blocks.contains(name) {
                    newline()
                }
                continue
            }
            if inTitle {
                titleText.unicodeScalars.append(c)
            } else if skipping == nil {
                if c == "\n" || c == "\t" || c == "\r" || c == " " {
                    if !out.isEmpty, !out.hasSuffix(" "), !out.hasSuffix("\n") { out += " " }
                } else {
                    out.unicodeScalars.append(c)
                }
            }
            i += 1
        }
        let markdown = decodeEntities(out).split(separator: "\n", omittingEmptySubsequences: false)
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

    static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "mdash": "—", "ndash": "–",
        "hellip": "…", "rsquo": "\u{2019}", "lsquo": "\u{2018}", "ldquo": "\u{201C}", "rdquo": "\u{201D}",
        "copy": "©", "reg": "®", "trade": "™", "bull": "•", "middot": "·", "eacute": "é", "egrave": "è",
        "aacute": "á", "ntilde": "ñ", "uuml": "ü", "ouml": "ö", "auml": "ä", "deg": "°", "times": "×",
    ]

    public static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if c == "&", let semicolon = text[index...].prefix(12).firstIndex(of: ";") {
                let entity = text[text.index(after: index)..<semicolon]
                var decoded: String?
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                    decoded = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
                } else if entity.hasPrefix("#") {
                    decoded = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
                } else {
                    decoded = namedEntities[String(entity)]
                }
                if let decoded, decoded != "\0" {
                    out += decoded
                    index = text.index(after: semicolon)
                    continue
                }
            }
            out.append(c)
            index = text.index(after: index)
        }
        return out
    }
}
