import BevGenieCore
import Foundation
extension FuzzTarget {
    /// The markup the renderer itself writes; anything else in a page came from its text and escaped nothing.
    static let pageTags: Set<String> = [
        "!doctype", "html", "head", "meta", "title", "style", "body", "main", "section", "footer", "article",
        "h1", "h2", "h3", "p", "div", "span", "strong", "ol", "li", "a", "sup", "code", "table", "thead", "tbody",
        "tr", "th", "td", "details", "summary", "blockquote", "figure", "figcaption",
    ]
    static let pageAttributes: Set<String> = [
        "charset", "class", "content", "data-action", "data-index", "data-page-id", "href", "id", "lang", "name",
        "scope", "html",
    ]

    /// A spec the validator accepts decodes; its HTML holds only the renderer's own tags and attributes, links
    /// only to fragments or (a call to action) to a safe link, and every section renders alone too.
    static func checkPage(_ input: [UInt8]) throws(FuzzFinding) {
        guard let json = try? JSONParser.parse(bytes: input) else { return }
        for section in json["sections"]?.arrayValue ?? [] {
            _ = PageValidator.validate(section: section, knownChunks: ["c1", "c2"])
        }
        let issues = PageValidator.validate(json)
        let page: PageSpec
        do {
            page = try PageSpec(json: json)
        } catch {
            if issues.isEmpty { throw FuzzFinding(.page, "valid spec does not decode: \(error)") }
            return
        }
        if !issues.isEmpty { throw FuzzFinding(.page, "invalid spec decoded anyway: \(issues)") }
        try checkMarkup(PageRenderer.html(page))
        for (index, section) in page.sections.enumerated() {
            try checkMarkup(PageRenderer.sectionHTML(section, index: index, page: page))
        }
    }

    /// Walks every tag of `html` (skipping the stylesheet) and checks its name and attributes.
    static func checkMarkup(_ html: String) throws(FuzzFinding) {
        let bytes = Array(html.utf8)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else {
                if bytes[index] == UInt8(ascii: ">") { throw FuzzFinding(.page, "a bare '>' in text: \(context(bytes, index))") }
                index += 1
                continue
            }
            guard let close = bytes[index...].firstIndex(of: UInt8(ascii: ">")) else {
                throw FuzzFinding(.page, "an unclosed '<': \(context(bytes, index))")
            }
            let tag = String(decoding: bytes[(index + 1)..<close], as: UTF8.self)
            var parts = tag.split(separator: " ", maxSplits: 1).map(String.init)
            var name = parts.first?.lowercased() ?? ""
            if name.hasPrefix("/") { name.removeFirst() }
            guard pageTags.contains(name) else { throw FuzzFinding(.page, "unexpected tag <\(tag.prefix(60))>") }
            if parts.count == 2, name != "!doctype" { try checkAttributes(parts.removeLast(), in: tag) }
            index = close + 1
            if name == "style", let end = html.utf8.offset(of: "</style>", from: index) { index = end }
        }
    }

    private static func checkAttributes(_ text: String, in tag: String) throws(FuzzFinding) {
        var rest = Substring(text)
        while let equals = rest.firstIndex(of: "=") {
            let name = rest[..<equals].trimmed()
            guard pageAttributes.contains(name) else { throw FuzzFinding(.page, "unexpected attribute \(name) in <\(tag.prefix(80))>") }
            let afterEquals = rest.index(after: equals)
            guard afterEquals < rest.endIndex, rest[afterEquals] == "\"",
                let end = rest[rest.index(after: afterEquals)...].firstIndex(of: "\"")
            else { throw FuzzFinding(.page, "an unquoted attribute in <\(tag.prefix(80))>") }
            let value = rest[rest.index(after: afterEquals)..<end]
            // Links stay on the page (citations, `#src-…`) except a call to action's button, whose link must be one
            // the brand's check accepts (http(s) or mailto), as it reads once its escapes are undone.
            if name == "href", !value.hasPrefix("#"), !Brand.isSafeLink(unescaped(value)) {
                throw FuzzFinding(.page, "a link off the page: \(value.prefix(80))")
            }
            rest = rest[rest.index(after: end)...]
        }
        if !rest.trimmed().isEmpty, rest.trimmed() != "open" {
            throw FuzzFinding(.page, "stray text in <\(tag.prefix(80))>")
        }
    }

    /// An attribute value as the browser reads it, for the five escapes `PageRenderer.escape` writes.
    private static func unescaped(_ value: Substring) -> String {
        value.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

        private static func context(_ bytes: [UInt8], _ index: Int) -> String {
        String(decoding: bytes[max(0, index - 30)..<min(bytes.count, index + 30)], as: UTF8.self)
    }

    /// Any body gives a request the pipeline accepts or an error with a code; an accepted one is within limits.
    static func checkRequest(_ input: [UInt8]) throws(FuzzFinding) {
        let request: ChatRequest
        do {
            request = try ChatRequest.decode(jsonBody: input)
        } catch {
            if error.code.isEmpty || error.description.isEmpty { throw FuzzFinding(.request, "an error without a code") }
            return
        }
        do {
            try request.validate()
        } catch {
            throw FuzzFinding(.request, "decoded a request that does not validate: \(error)")
        }
    }
}

extension String.UTF8View {
    /// The byte offset of the first `needle` at or after the byte offset `from`.
    fileprivate func offset(of needle: String, from offset: Int) -> Int? {
        let bytes = Array(self), target = Array(needle.utf8)
        guard offset <= bytes.count, target.count <= bytes.count else { return nil }
        var index = offset
        while index + target.count <= bytes.count {
            if bytes[index..<(index + target.count)].elementsEqual(target) { return index }
            index += 1
        }
        return nil
    }
}
