extension PageSpec {
    /// The page as the event contract's JSON (docs/EVENTS.md).
    public var json: JSONValue {
        .object([
            "id": .string(id),
            "type": .string(type.rawValue),
            "title": .string(title),
            "subtitle": subtitle.map { JSONValue.string($0) },
            "sections": .array(sections.map(\.json)),
            "sources": .array(sources.map(\.json)),
            "generator": .string(generator),
            "createdAt": .string(createdAt),
        ])
    }

    /// Reads a page from JSON after validating it; the error lists every problem with its path.
    public init(json: JSONValue) throws(PageValidationError) {
        let issues = PageValidator.validate(json)
        guard issues.isEmpty else { throw PageValidationError(issues: issues) }
        // Validation guarantees every force-read below.
        self.init(
            id: json["id"]!.stringValue!, type: PageType(rawValue: json["type"]!.stringValue!)!,
            title: json["title"]!.stringValue!, subtitle: json["subtitle"]?.stringValue,
            sections: json["sections"]!.arrayValue!.map { PageSection(validated: $0) },
            sources: json["sources"]!.arrayValue!.map {
                PageSource(
                    documentId: $0["documentId"]!.stringValue!, chunkId: $0["chunkId"]!.stringValue!,
                    title: $0["title"]!.stringValue!)
            },
            generator: json["generator"]!.stringValue!, createdAt: json["createdAt"]!.stringValue!)
    }
}

extension PageSource {
    public var json: JSONValue {
        .object([("documentId", .string(documentId)), ("chunkId", .string(chunkId)), ("title", .string(title))])
    }
}

extension PageSection {
    /// The section as the event contract's JSON: `type`, then its fields in the order its schema entry lists them
    /// (SectionSchema+Table.swift); an absent optional field is left out.
    public var json: JSONValue {
        .object([("type", .string(type.rawValue))] + SectionSchema.of(type).write(record))
    }

    /// Reads a section the validator has accepted.
    init(validated json: JSONValue) {
        let type = json["type"]?.stringValue.flatMap(SectionType.init(rawValue:)) ?? .hero
        self = SectionSchema.of(type).read(json)
    }
}
