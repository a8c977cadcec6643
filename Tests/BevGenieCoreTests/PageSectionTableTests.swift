import Testing

@testable import BevGenieCore

/// The section table is the one description of every section type: the JSON writer and reader, the validator and
/// the model's prompt all follow it, so a new type is one table entry plus its renderers.
struct PageSectionTableTests {
    /// One section of every type on the wire, byte for byte as the event contract has always written it
    /// (optionals present and absent).
    static let wire = [
        #"{"type":"hero","headline":"H","subheadline":"S","sources":["c1"]}"#,
        #"{"type":"hero","headline":"H","sources":["c1","c2"]}"#,
        #"{"type":"pain_points","heading":"P","items":[{"title":"t","description":"d","source":"c1"},{"title":"t2","description":"d2","source":"c2"}]}"#,
        #"{"type":"features","heading":"F","items":[{"title":"t","description":"d","source":"c1"}]}"#,
        #"{"type":"metrics","heading":"M","items":[{"value":"31%","label":"l","source":"c1"}]}"#,
        #"{"type":"steps","heading":"S","items":[{"title":"t","description":"d","source":"c2"}]}"#,
        #"{"type":"comparison","heading":"C","columns":["A","B","C"],"rows":[{"label":"r","values":["x",""]},{"label":"r2","values":["y","z"]}],"source":"c1"}"#,
        #"{"type":"testimonial","quote":"q","author":"a","source":"c2"}"#,
        #"{"type":"faq","heading":"Q","items":[{"question":"q?","answer":"a","source":"c1"}]}"#,
        #"{"type":"cta","headline":"h","description":"d","buttonLabel":"b","action":"demo","sources":["c1"],"href":"https://x.example/a"}"#,
        #"{"type":"cta","headline":"h","buttonLabel":"b","action":"pricing","sources":[]}"#,
    ]

    @Test func everySectionTypeHasExactlyOneEntry() {
        #expect(SectionSchema.all.map(\.type) == SectionType.allCases)
        for type in SectionType.allCases {
            #expect(SectionSchema.of(type).type == type)
            #expect(!SectionSchema.of(type).fields.isEmpty, "\(type) has no fields")
        }
        // Every type appears in the wire samples above, so the round trip below covers them all.
        let sampled = Set(Self.wire.compactMap { try? JSONParser.parse($0)["type"]?.stringValue })
        #expect(sampled == Set(SectionType.allCases.map(\.rawValue)))
    }

    @Test func everyTypeRoundTripsByteForByteThroughReaderValidatorAndWriter() throws {
        for text in Self.wire {
            let json = try JSONParser.parse(text)
            #expect(PageValidator.validate(section: json, knownChunks: ["c1", "c2"]).isEmpty, "\(text)")
            let section = PageSection(validated: json)
            #expect(section.type.rawValue == json["type"]?.stringValue)
            #expect(section.json.serialized() == text)
            #expect(PageSection(validated: section.json) == section)
            #expect(section.citedChunkIds == Self.citations(in: json), "\(text)")
        }
        // A whole page of them, through `PageSpec(json:)` and back.
        let page = try JSONParser.parse(#"""
            {"id":"p1","type":"comparison","title":"T","subtitle":"S","sections":[\#(Self.wire.joined(separator: ","))],\#
            "sources":[{"documentId":"d","chunkId":"c1","title":"One"},{"documentId":"d","chunkId":"c2","title":"Two"}],\#
            "generator":"local","createdAt":"2026-01-01T00:00:00Z"}
            """#)
        let spec = try PageSpec(json: page)
        #expect(spec.sections.count == Self.wire.count)
        #expect(spec.json.serialized() == page.serialized())
    }

    /// The validator asks for exactly the fields the table marks required, at every level, and for no other.
    @Test func theValidatorRequiresWhatTheTableRequires() throws {
        for schema in SectionSchema.all {
            // Every list holds one empty item; every other field is absent.
            var pairs: [(String, JSONValue)] = [("type", .string(schema.type.rawValue))]
            var expected: Set<String> = []
            for field in schema.fields {
                if case .list(_, _, let itemFields) = field.kind {
                    pairs.append((field.name, [.object([])]))
                    for item in itemFields where item.required { expected.insert("section.\(field.name)[0].\(item.name)") }
                } else if field.required {
                    expected.insert("section.\(field.name)")
                }
            }
            let issues = PageValidator.validate(section: .object(pairs), knownChunks: [])
            let missing = Set(issues.filter { $0.message == "missing" }.map(\.path))
            #expect(missing == expected, "\(schema.type)")
            #expect(issues.allSatisfy { $0.message == "missing" || $0.message.hasPrefix("cites chunk") }, "\(issues)")
        }
    }

    /// The messages and paths people and models are shown, one per kind of field.
    @Test func everyKindOfFieldReportsItsProblemWithItsPath() throws {
        func issues(_ text: String) throws -> [String] {
            try PageValidator.validate(section: JSONParser.parse(text), knownChunks: ["c1"]).map(\.description)
        }
        #expect(try issues(#"{"type":"features","heading":" ","items":[{"title":"","description":3,"source":"c1"}]}"#) == [
            "section.heading: empty", "section.items[0].title: empty",
            "section.items[0].description: expected a string, found number",
        ])
        #expect(try issues(#"{"type":"cta","headline":"h","buttonLabel":"b","action":"buy","sources":[7],"href":"javascript:x"}"#) == [
            "section.action: unknown action 'buy' (expected one of contact, demo, learn_more, pricing)",
            "section.sources[0]: expected a chunk id string",
            "section.href: expected an http(s) URL or a mailto: address",
        ])
        #expect(try issues(#"{"type":"comparison","heading":"C","columns":["A",""],"rows":[{"label":"r","values":["x",2]}],"source":"c9"}"#) == [
            "section.columns[1]: expected a non-empty string", "section.rows[0].values: has 2 cells for 1 columns",
            "section.rows[0].values[1]: expected a string, found number",
            "section.source: cites chunk 'c9', which is not in sources",
        ])
        #expect(try issues(#"{"type":"hero","headline":"\#(String(repeating: "x", count: 201))","sources":[]}"#) == [
            "section.headline: longer than 200 characters", "section.sources: empty",
        ])
        #expect(try issues(#"{"type":"metrics","heading":"M","items":"none"}"#) == ["section.items: expected an array, found string"])
        #expect(try issues(#"{"type":"banner"}"#) == [
            "section.type: unknown section type 'banner' (expected one of "
                + SectionType.allCases.map(\.rawValue).joined(separator: ", ") + ")",
        ])
    }

    /// The model is shown every field of every type (links excepted: they come from the configuration), and
    /// every closed set of values.
    @Test func thePromptShowsEveryFieldOfEveryType() {
        let lines = SectionSchema.promptShapes.split(separator: "\n").map(String.init)
        for type in SectionType.allCases {
            let matching = lines.filter { $0.contains("\"\(type.rawValue)\"") }
            #expect(matching.count == 1, "\(type): \(matching)")
            guard let line = matching.first else { continue }
            #expect(line.hasPrefix("{\"type\":"))
            let shown = SectionSchema.promptFieldPaths(type)
            for path in shown {
                #expect(line.contains("\"\(path.split(separator: ".").last!)\":"), "\(type) lacks \(path) in \(line)")
            }
            for field in SectionSchema.of(type).fields {
                if case .link = field.kind {
                    #expect(!line.contains("\"\(field.name)\""), "\(type) asks the model for a link")
                } else {
                    #expect(shown.contains(field.name))
                }
                if case .choice(let options, _) = field.kind {
                    #expect(SectionSchema.promptChoices.contains("\(field.name) is one of \(options.joined(separator: ", "))."))
                }
            }
        }
        // The shapes as a model reads them: the prompt of a real page request.
        let context = ResponseContext(
            message: "hi", intent: IntentDecision(intent: .feature, confidence: 1, pageType: .solutionBrief),
            persona: Persona(), signals: [], knowledge: [], history: [])
        let request = Prompts.page(type: .solutionBrief, context: context, sources: [])
        #expect(request.system.contains(SectionSchema.promptShapes))
        #expect(request.system.contains(SectionSchema.promptChoices))
    }

    @Test func theClientTableDescribesEveryField() throws {
        let table = try JSONParser.parse(SectionSchema.tableJSON.serialized())
        for schema in SectionSchema.all {
            let fields = table[schema.type.rawValue]?["fields"]?.arrayValue ?? []
            #expect(fields.compactMap { $0["name"]?.stringValue } == schema.fields.map(\.name))
            #expect(fields.compactMap { $0["required"]?.boolValue } == schema.fields.map(\.required))
            #expect(fields.compactMap { $0["kind"]?.stringValue } == schema.fields.map(\.kind.name))
        }
    }

    static func citations(in json: JSONValue) -> [String] {
        switch json {
        case .object(let pairs):
            return pairs.flatMap { key, value -> [String] in
                if key == "source", let id = value.stringValue { return [id] }
                if key == "sources" { return value.arrayValue?.compactMap(\.stringValue) ?? [] }
                return citations(in: value)
            }
        case .array(let items): return items.flatMap(citations(in:))
        default: return []
        }
    }
}
