import Foundation

/// Stage 4 by a model: the answer streams as the model writes it; citations are the source ids it used.
public struct ModelResponder: ResponseGenerator {
    public let model: any ChatModel
    public var name: String { model.id }

    public init(model: any ChatModel) {
        self.model = model
    }

    public func respond(_ context: ResponseContext, emit: @Sendable (String) async throws -> Void) async throws
        -> ResponseOutput
    {
        var text = ""
        var tokens: Int?
        var truncation: String?
        for try await event in model.stream(Prompts.response(context)) {
            switch event {
            case .text(let piece):
                text += piece
                try await emit(piece)
            case .usage(_, let output):
                tokens = output ?? tokens
            case .finished(let reason):
                truncation = reason.truncation
            case .restart:
                break  // never sent: the answer's request is not restartable
            }
        }
        var output = ResponseOutput(text: text, citations: Self.citations(in: text, context), tokens: tokens)
        output.truncated = truncation
        return output
    }

    /// The retrieved chunks the text cites (`[chunk-id]`), in retrieval order.
    static func citations(in text: String, _ context: ResponseContext) -> [KnowledgeChunk] {
        context.knowledge.map(\.chunk).filter { text.contains("[\($0.id)]") }
    }
}

/// Stage 1 by a model: a JSON answer, checked against the taxonomy.
public struct ModelIntentClassifier: IntentClassifier {
    public let model: any ChatModel
    public var name: String { model.id }

    public init(model: any ChatModel) {
        self.model = model
    }

    public func classify(_ message: String) async throws -> IntentDecision {
        let answer = try await model.complete(Prompts.intent(message)).text
        var sections = IncrementalSections()
        _ = sections.feed(answer)
        guard let json = try? JSONParser.parse(sections.objectText),
            let intent = json["intent"]?.stringValue.flatMap(Intent.init(rawValue:))
        else {
            throw ModelError(
                code: "invalid_response", message: "\(model.id) did not answer with a known intent", retryable: false)
        }
        let confidence = min(1, max(0, json["confidence"]?.doubleValue ?? 0.7))
        return IntentDecision(intent: intent, confidence: (confidence * 100).rounded() / 100)
    }
}

/// Stage 5 by a model: the page spec as JSON, each section shown as soon as it is complete and valid, the whole
/// page validated; invalid output gets one repair round with the validation errors; if it is still invalid the
/// local template page is used (and the run says so).
public struct ModelPageGenerator: PageGenerator {
    public let model: any ChatModel
    public let fallback: LocalPageBuilder
    public var name: String { model.id }

    public init(model: any ChatModel, fallback: LocalPageBuilder) {
        self.model = model
        self.fallback = fallback
    }

    public func page(
        type: PageType, context: ResponseContext, answer: ResponseOutput,
        emit: @escaping @Sendable (PageProgress) async throws -> Void
    ) async throws -> PageSpec? {
        let sources = Array(context.knowledge.prefix(8).map(\.chunk))
        let known = Dictionary(sources.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var request = Prompts.page(type: type, context: context, sources: sources)
        let progress = PageProgressReporter(emit)

        var text = try await generate(request, known: known, progress: progress)
        var (json, issues) = assemble(text, type: type, known: known)
        if !issues.isEmpty {
            // The repair round is a new attempt: what the first one showed is void, the repaired page's sections
            // are shown as they come.
            try await progress.startOver(because: "\(model.id) wrote an invalid page; a repaired page follows")
            request = Prompts.repair(request, previous: text, issues: issues)
            text = try await generate(request, known: known, progress: progress)
            (json, issues) = assemble(text, type: type, known: known)
        }
        if issues.isEmpty, let page = try? PageSpec(json: json) { return page }

        // Still invalid: the template page, from the same knowledge, so the visitor gets a page anyway.
        try await progress.startOver(because: "\(model.id) wrote an invalid page twice; the template page follows")
        var page = try await fallback.page(type: type, context: context, answer: answer, emit: emit)
        page?.fallback = "\(model.id) produced an invalid page twice: "
            + issues.prefix(3).map { $0.description }.joined(separator: "; ")
        return page
    }

    /// The page's JSON as the model writes it, each completed valid section shown at once. Nobody reads this text,
    /// so a stream that breaks part-way is retried from scratch, and the broken attempt's sections are voided
    /// first (a `page_reset`), so a client never holds sections of two attempts.
    private func generate(
        _ request: ModelRequest, known: [String: KnowledgeChunk], progress: PageProgressReporter
    ) async throws -> String {
        var request = request
        request.restartable = true
        var parser = IncrementalSections()
        let chunks = Set(known.keys)
        for try await event in model.stream(request) {
            switch event {
            case .text(let piece):
                for section in parser.feed(piece)
                where PageValidator.validate(section: section, knownChunks: chunks).isEmpty {
                    try await progress.next(PageSection(validated: section))
                }
            case .restart:
                parser = IncrementalSections()
                try await progress.startOver(because: "the page stream from \(model.id) broke; it is written again")
            case .usage, .finished:
                break
            }
        }
        return parser.objectText
    }

    /// The model's object completed into a full page spec (id, type, sources, generator, time), and its problems.
    private func assemble(_ text: String, type: PageType, known: [String: KnowledgeChunk]) -> (JSONValue, [PageValidationIssue]) {
        guard let generated = try? JSONParser.parse(text), let fields = generated.objectValue else {
            return (.null, [PageValidationIssue(path: "", message: "the answer is not a JSON object")])
        }
        var cited: [String] = []
        func collect(_ value: JSONValue, key: String?) {
            switch value {
            case .string(let id) where key == "source" || key == "sources":
                if !cited.contains(id) { cited.append(id) }
            case .array(let items): for item in items { collect(item, key: key) }
            case .object(let pairs): for (k, v) in pairs { collect(v, key: k) }
            default: break
            }
        }
        collect(generated["sections"] ?? .null, key: nil)
        let sources = cited.compactMap { id in known[id].map { PageSource(documentId: $0.documentId, chunkId: id, title: $0.headingPath).json } }
        var pairs = fields.filter { ["title", "subtitle", "sections"].contains($0.0) }
        pairs.insert(("id", .string("page_" + RandomID.hex(12))), at: 0)
        pairs.insert(("type", .string(type.rawValue)), at: 1)
        pairs.append(("sources", .array(sources)))
        pairs.append(("generator", .string(model.id)))
        pairs.append(("createdAt", .string(Date().ISO8601Format())))
        let page = JSONValue.object(pairs)
        return (page, PageValidator.validate(page))
    }
}
