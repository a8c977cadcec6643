/// One problem in a page spec, with the path to it: `sections[2].items[0].title: missing`.
public struct PageValidationIssue: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// Every problem found in a page spec.
public struct PageValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var issues: [PageValidationIssue]
    public var description: String {
        "invalid page spec: " + issues.prefix(10).map(\.description).joined(separator: "; ")
            + (issues.count > 10 ? "; and \(issues.count - 10) more" : "")
    }
}

/// Checks a page spec from any source (the local builder, a model, a file) against the page spec of docs/EVENTS.md: types,
/// required fields, size limits, the sections each page type needs, and that every cited chunk is in `sources`.
/// A section's fields are checked against its entry in the section table (`SectionSchema+Table.swift`).
/// It collects every problem rather than stopping at the first, so a model can be told all of them at once.
public enum PageValidator {
    public static let maxSections = 20
    public static let maxItems = 12
    public static let maxTextLength = 2_000
    public static let ctaActions: Set<String> = Set(SectionSchema.ctaActions)

    public static func validate(_ page: JSONValue) -> [PageValidationIssue] {
        var checker = Checker()
        checker.page(page)
        return checker.issues
    }

    /// One section on its own (while a page is still being generated): its fields, and that it cites only
    /// `knownChunks`.
    public static func validate(section: JSONValue, knownChunks: Set<String>) -> [PageValidationIssue] {
        var checker = Checker()
        _ = checker.section(section, at: "section")
        for (path, id) in checker.citedChunks where !knownChunks.contains(id) {
            checker.fail(path, "cites chunk '\(id)', which is not in sources")
        }
        return checker.issues
    }

    private struct Checker {
        var issues: [PageValidationIssue] = []
        var citedChunks: [(path: String, id: String)] = []
        /// The sizes of the current section's `labels` fields, which its `cells` fields are counted against.
        var listCounts: [String: Int] = [:]

        mutating func fail(_ path: String, _ message: String) {
            issues.append(PageValidationIssue(path: path, message: message))
        }

        func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

        /// A required non-empty string at `object[key]`.
        @discardableResult
        mutating func text(_ object: JSONValue, _ key: String, at path: String, required: Bool = true,
                           limit: Int = PageValidator.maxTextLength) -> String?
        {
            let fieldPath = join(path, key)
            guard let value = object[key], value != .null else {
                if required { fail(fieldPath, "missing") }
                return nil
            }
            guard let string = value.stringValue else {
                fail(fieldPath, "expected a string, found \(value.typeName)")
                return nil
            }
            if string.allSatisfy(\.isWhitespace) {
                fail(fieldPath, "empty")
                return nil
            }
            if string.count > limit { fail(fieldPath, "longer than \(limit) characters") }
            return string
        }

        mutating func array(_ object: JSONValue, _ key: String, at path: String, min: Int, max: Int) -> [JSONValue]? {
            let fieldPath = join(path, key)
            guard let value = object[key] else {
                fail(fieldPath, "missing")
                return nil
            }
            guard let items = value.arrayValue else {
                fail(fieldPath, "expected an array, found \(value.typeName)")
                return nil
            }
            if items.count < min { fail(fieldPath, min == 1 ? "empty" : "needs at least \(min) entries") }
            if items.count > max { fail(fieldPath, "more than \(max) entries") }
            return items
        }

        mutating func isObject(_ value: JSONValue, at path: String) -> Bool {
            guard value.objectValue != nil else {
                fail(path, "expected an object, found \(value.typeName)")
                return false
            }
            return true
        }

        mutating func cite(_ object: JSONValue, _ key: String, at path: String) {
            if let id = text(object, key, at: path, limit: 200) { citedChunks.append((join(path, key), id)) }
        }

        mutating func citeAll(_ object: JSONValue, _ key: String, at path: String, min: Int) {
            guard let ids = array(object, key, at: path, min: min, max: 50) else { return }
            for (index, id) in ids.enumerated() {
                let idPath = "\(join(path, key))[\(index)]"
                if let id = id.stringValue, !id.isEmpty {
                    citedChunks.append((idPath, id))
                } else {
                    fail(idPath, "expected a chunk id string")
                }
            }
        }

        mutating func page(_ page: JSONValue) {
            guard isObject(page, at: "") else { return }
            text(page, "id", at: "", limit: 100)
            let typeName = text(page, "type", at: "", limit: 40)
            let pageType = typeName.flatMap(PageType.init(rawValue:))
            if let typeName, pageType == nil {
                fail("type", "unknown page type '\(typeName)' (expected one of "
                    + PageType.allCases.map(\.rawValue).joined(separator: ", ") + ")")
            }
            text(page, "title", at: "", limit: 200)
            text(page, "subtitle", at: "", required: false, limit: 400)
            text(page, "generator", at: "", limit: 100)
            text(page, "createdAt", at: "", limit: 40)

            var knownChunks: Set<String> = []
            if let sources = array(page, "sources", at: "", min: 1, max: 100) {
                for (index, source) in sources.enumerated() {
                    let path = "sources[\(index)]"
                    guard isObject(source, at: path) else { continue }
                    text(source, "documentId", at: path, limit: 200)
                    if let chunk = text(source, "chunkId", at: path, limit: 200) { knownChunks.insert(chunk) }
                    text(source, "title", at: path, limit: 300)
                }
            }

            var present: Set<SectionType> = []
            if let sections = array(page, "sections", at: "", min: 1, max: PageValidator.maxSections) {
                for (index, section) in sections.enumerated() {
                    if let type = self.section(section, at: "sections[\(index)]") { present.insert(type) }
                }
                if let pageType {
                    for required in pageType.requiredSections where !present.contains(required) {
                        fail("sections", "a \(pageType.rawValue) page needs a \(required.rawValue) section")
                    }
                }
            }
            for (path, id) in citedChunks where !knownChunks.contains(id) {
                fail(path, "cites chunk '\(id)', which is not in sources")
            }
        }

        mutating func section(_ section: JSONValue, at path: String) -> SectionType? {
            guard isObject(section, at: path) else { return nil }
            guard let typeName = text(section, "type", at: path, limit: 40) else { return nil }
            guard let type = SectionType(rawValue: typeName) else {
                fail(join(path, "type"), "unknown section type '\(typeName)' (expected one of "
                    + SectionType.allCases.map(\.rawValue).joined(separator: ", ") + ")")
                return nil
            }
            listCounts = [:]
            fields(SectionSchema.of(type).fields, of: section, at: path)
            return type
        }

        /// Checks `object`'s fields against their schema, in the schema's order (so problems are reported in the
        /// order the fields are written).
        mutating func fields(_ fields: [FieldSchema], of object: JSONValue, at path: String) {
            for field in fields { self.field(field, of: object, at: path) }
        }

        mutating func field(_ field: FieldSchema, of object: JSONValue, at path: String) {
            let name = field.name, fieldPath = join(path, field.name)
            switch field.kind {
            case .text(let limit):
                text(object, name, at: path, required: field.required, limit: limit)
            case .choice(let options, let limit):
                if let value = text(object, name, at: path, required: field.required, limit: limit),
                    !options.contains(value)
                {
                    fail(fieldPath, "unknown \(name) '\(value)' (expected one of \(options.sorted().joined(separator: ", ")))")
                }
            case .link(let limit):
                // A link a page may carry: http(s) or mailto, never `javascript:` or a relative path.
                if let href = text(object, name, at: path, required: field.required, limit: limit),
                    !Brand.isSafeLink(href)
                {
                    fail(fieldPath, "expected an http(s) URL or a mailto: address")
                }
            case .citation:
                cite(object, name, at: path)
            case .citations(let min):
                citeAll(object, name, at: path, min: min)
            case .labels(let min, let max):
                let labels = array(object, name, at: path, min: min, max: max)
                if let labels { listCounts[name] = labels.count }
                for (index, label) in (labels ?? []).enumerated() where label.stringValue?.isEmpty ?? true {
                    fail("\(fieldPath)[\(index)]", "expected a non-empty string")
                }
            case .cells(let min, let max, let columnsField):
                guard let cells = array(object, name, at: path, min: min, max: max) else { return }
                if let columns = listCounts[columnsField], cells.count != columns - 1 {
                    fail(fieldPath, "has \(cells.count) cells for \(columns - 1) columns")
                }
                for (index, cell) in cells.enumerated() where cell.stringValue == nil {
                    fail("\(fieldPath)[\(index)]", "expected a string, found \(cell.typeName)")
                }
            case .list(let min, let max, let itemFields):
                guard let items = array(object, name, at: path, min: min, max: max) else { return }
                for (index, item) in items.enumerated() {
                    let itemPath = "\(fieldPath)[\(index)]"
                    guard isObject(item, at: itemPath) else { continue }
                    fields(itemFields, of: item, at: itemPath)
                }
            }
        }
    }
}
