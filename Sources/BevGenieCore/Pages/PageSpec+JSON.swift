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
    public var json: JSONValue {
        let type = JSONValue.string(self.type.rawValue)
        switch self {
        case .hero(let hero):
            return .object([
                "type": type, "headline": .string(hero.headline), "subheadline": hero.subheadline.map { .string($0) },
                "sources": .array(hero.sources.map { .string($0) }),
            ])
        case .painPoints(let list), .features(let list), .steps(let list):
            return .object([
                ("type", type), ("heading", .string(list.heading)),
                ("items", .array(list.items.map {
                    .object([("title", .string($0.title)), ("description", .string($0.description)),
                             ("source", .string($0.source))])
                })),
            ])
        case .metrics(let metrics):
            return .object([
                ("type", type), ("heading", .string(metrics.heading)),
                ("items", .array(metrics.items.map {
                    .object([("value", .string($0.value)), ("label", .string($0.label)), ("source", .string($0.source))])
                })),
            ])
        case .comparison(let comparison):
            return .object([
                ("type", type), ("heading", .string(comparison.heading)),
                ("columns", .array(comparison.columns.map { .string($0) })),
                ("rows", .array(comparison.rows.map {
                    .object([("label", .string($0.label)), ("values", .array($0.values.map { .string($0) }))])
                })),
                ("source", .string(comparison.source)),
            ])
        case .testimonial(let testimonial):
            return .object([
                ("type", type), ("quote", .string(testimonial.quote)), ("author", .string(testimonial.author)),
                ("source", .string(testimonial.source)),
            ])
        case .faq(let faq):
            return .object([
                ("type", type), ("heading", .string(faq.heading)),
                ("items", .array(faq.items.map {
                    .object([("question", .string($0.question)), ("answer", .string($0.answer)),
                             ("source", .string($0.source))])
                })),
            ])
        case .cta(let cta):
            return .object([
                "type": type, "headline": .string(cta.headline), "description": cta.description.map { .string($0) },
                "buttonLabel": .string(cta.buttonLabel), "action": .string(cta.action),
                "sources": .array(cta.sources.map { .string($0) }), "href": cta.href.map { .string($0) },
            ])
        }
    }

    /// Reads a section the validator has accepted.
    init(validated json: JSONValue) {
        func string(_ key: String) -> String { json[key]?.stringValue ?? "" }
        func strings(_ key: String) -> [String] { json[key]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        func items() -> [Item] {
            (json["items"]?.arrayValue ?? []).map {
                Item(title: $0["title"]?.stringValue ?? "", description: $0["description"]?.stringValue ?? "",
                     source: $0["source"]?.stringValue ?? "")
            }
        }
        switch SectionType(rawValue: string("type")) ?? .hero {
        case .hero:
            self = .hero(Hero(headline: string("headline"), subheadline: json["subheadline"]?.stringValue,
                              sources: strings("sources")))
        case .painPoints: self = .painPoints(ItemList(heading: string("heading"), items: items()))
        case .features: self = .features(ItemList(heading: string("heading"), items: items()))
        case .steps: self = .steps(ItemList(heading: string("heading"), items: items()))
        case .metrics:
            self = .metrics(Metrics(heading: string("heading"), items: (json["items"]?.arrayValue ?? []).map {
                Metric(value: $0["value"]?.stringValue ?? "", label: $0["label"]?.stringValue ?? "",
                       source: $0["source"]?.stringValue ?? "")
            }))
        case .comparison:
            self = .comparison(Comparison(
                heading: string("heading"), columns: strings("columns"),
                rows: (json["rows"]?.arrayValue ?? []).map {
                    Comparison.Row(label: $0["label"]?.stringValue ?? "",
                                   values: $0["values"]?.arrayValue?.compactMap(\.stringValue) ?? [])
                },
                source: string("source")))
        case .testimonial:
            self = .testimonial(Testimonial(quote: string("quote"), author: string("author"), source: string("source")))
        case .faq:
            self = .faq(FAQ(heading: string("heading"), items: (json["items"]?.arrayValue ?? []).map {
                FAQ.Entry(question: $0["question"]?.stringValue ?? "", answer: $0["answer"]?.stringValue ?? "",
                          source: $0["source"]?.stringValue ?? "")
            }))
        case .cta:
            self = .cta(CallToAction(
                headline: string("headline"), description: json["description"]?.stringValue,
                buttonLabel: string("buttonLabel"), action: string("action"), sources: strings("sources"),
                href: json["href"]?.stringValue))
        }
    }
}
