/// Stage 4 without a model: an extractive answer that answers the question, from whatever knowledge the user has.
///
/// It reads the question's answer type (a figure for "how much", a yes/no for "do you", steps for "how do I",
/// the visitor's fit for "is this for me"), scores every whole sentence of the retrieved passages against the
/// question (`SentenceSelection`), and leads with the one or two sentences that state the answer, quoted verbatim
/// with a citation; then at most a few supporting points, each on the question, no two alike. A yes or a no is
/// only ever one a cited sentence says. When a name the visitor uses occurs nowhere in the knowledge, or nothing
/// retrieved is about the question, the answer says so in one sentence and names what the knowledge does cover.
/// The only words not taken from the knowledge base come from `wording`.
public struct LocalResponder: ResponseGenerator {
    public let name = "local"
    /// Supporting points after the lead.
    public var maxPoints = 3
    /// Steps quoted for a "how do I" question.
    public var maxSteps = 6
    public var wording = AnswerWording()
    /// Below this relevance (words, meaning, the question a sentence answers) nothing retrieved is about the
    /// question.
    public var minimumRelevance = 0.3

    public init(wording: AnswerWording = AnswerWording()) {
        self.wording = wording
    }

    public func respond(_ context: ResponseContext, emit: @Sendable (String) async throws -> Void) async throws
        -> ResponseOutput
    {
        let answer = await compose(context)
        for piece in answer.pieces {
            try Task.checkCancellation()
            try await emit(piece)
        }
        var output = ResponseOutput(text: answer.pieces.joined(), citations: answer.citations, tokens: nil)
        // Every answer but a greeting quotes the knowledge; one that quotes nothing said it is not covered.
        output.coversQuestion = context.intent.intent == .greeting || !answer.citations.isEmpty
        return output
    }

    /// The answer as the pieces it is streamed in, and the chunks it cites in citation order.
    func compose(_ context: ResponseContext) async -> (pieces: [String], citations: [KnowledgeChunk]) {
        if context.intent.intent == .greeting {
            return ([wording.greeting(lastTopic: context.persona.topPainPoints(limit: 1).first?.label)], [])
        }
        let hits = Array(context.knowledge.prefix(8))
        let topics = Self.topics(hits)

        // A name the knowledge never mentions: say so, rather than quote something near it.
        let missing = await missingNames(in: context.message, hits: hits, store: context.store)
        if !missing.isEmpty { return ([wording.notMentioned(missing, covered: topics)], []) }

        let type = AnswerType.detect(context.message)
        let sentences = hits.enumerated().flatMap { AnswerSentence.extract(from: $0.element.chunk, hit: $0.offset) }
        let selection = SentenceSelection(
            question: context.message, type: type, roleWords: Self.roleWords(context.message, role: context.persona.role))
        let scored = await selection.score(
            sentences, hits: hits, embedder: context.embedder, vectorStore: context.store as? any SentenceVectorStore)
        guard var lead = scored.first, lead.overlap > 0, lead.relevance >= minimumRelevance else {
            return ([wording.notCovered(covered: topics)], [])
        }
        // A price question is answered with a price, a "for me?" question with what the knowledge says about
        // the visitor's kind of business, when such a sentence is anywhere near as relevant as the best one.
        if type.leadNeedsFit, type.fit(lead.sentence) < 0.9,
            let fitting = scored.first(where: { type.fit($0.sentence) >= 0.9 && $0.overlap > 0 && $0.relevance >= 0.35 * lead.relevance })
        {
            lead = fitting
        } else if type == .roleFit, !SentenceSelection.mentions(lead.sentence.text, anyOf: selection.roleWords),
            let fitting = scored.first(where: {
                SentenceSelection.mentions($0.sentence.text, anyOf: selection.roleWords) && $0.relevance >= 0.35 * lead.relevance
            })
        {
            lead = fitting
        }

        let plan = plan(scored, lead: lead, type: type)
        var citations: [KnowledgeChunk] = []
        func cite(_ sentence: AnswerSentence) -> String {
            if let existing = citations.firstIndex(where: { $0.id == sentence.chunk.id }) {
                return "[\(existing + 1)]"
            }
            citations.append(sentence.chunk)
            return "[\(citations.count)]"
        }

        var pieces: [String] = []
        if case .yesNo(explicit: true) = type,
            !plan.lead.contains(where: { $0.shape.startsWithYesOrNo || $0.shape.hasNegation })
        {
            pieces.append(wording.noPlainYesOrNo + "\n\n")
        }
        if !plan.lead.isEmpty {
            pieces.append(plan.lead.map { "\($0.text) \(cite($0))" }.joined(separator: " ") + "\n")
        }
        if !plan.steps.isEmpty {
            if !plan.lead.isEmpty { pieces.append("\n") }
            for (index, step) in plan.steps.enumerated() {
                pieces.append("\(index + 1). \(step.text) \(cite(step))\n")
            }
        }
        if !plan.points.isEmpty {
            pieces.append("\n")
            for point in plan.points { pieces.append("- \(point.text) \(cite(point))\n") }
        }
        var sources = "\n\(wording.sourcesHeading)\n"
        var shown: [String: Int] = [:]
        for (index, chunk) in citations.enumerated() {
            // Two chunks of one section read the same: the second says it is a further part.
            let seen = shown[chunk.headingPath, default: 0]
            shown[chunk.headingPath] = seen + 1
            sources += "[\(index + 1)] \(chunk.headingPath)\(seen > 0 ? " (part \(seen + 1))" : "")\n"
        }
        pieces.append(sources)
        return (pieces, citations)
    }

    /// What the answer quotes: the lead (one or two sentences), the steps of a sequence, supporting points.
    struct Plan {
        var lead: [AnswerSentence]
        var steps: [AnswerSentence] = []
        var points: [AnswerSentence] = []

        var all: [AnswerSentence] { lead + steps + points }
    }

    func plan(_ scored: [SentenceSelection.Scored], lead: SentenceSelection.Scored, type: AnswerType) -> Plan {
        var plan = Plan(lead: [lead.sentence])
        func isNew(_ sentence: AnswerSentence) -> Bool {
            !plan.all.contains { SentenceSelection.duplicates($0, sentence) }
        }

        // The sentence after the lead finishes its thought when the lead is short or it is nearly as good.
        if let next = scored.first(where: {
            $0.sentence.chunk.id == lead.sentence.chunk.id && $0.sentence.block == lead.sentence.block
                && $0.sentence.position == lead.sentence.position + 1
        }), lead.sentence.text.count < 70 || next.score >= 0.75 * lead.score, isNew(next.sentence), !next.sentence.isStep {
            plan.lead.append(next.sentence)
        }

        // "How do I…": the sequence the best step belongs to, in the document's order.
        if type == .steps || lead.sentence.isStep,
            let step = scored.prefix(12).first(where: { $0.sentence.isStep && $0.score >= 0.6 * lead.score })
        {
            let sequence = scored.map(\.sentence).filter {
                $0.isStep && $0.chunk.id == step.sentence.chunk.id
                    && ($0.block == step.sentence.block || step.sentence.isListItem && $0.isListItem)
            }
            .sorted { ($0.block, $0.position) < ($1.block, $1.position) }
            if sequence.count >= 2 {
                // The steps are the answer; the best other sentence, if it is not one of them, supports it.
                plan.lead = []
                plan.steps = Array(sequence.prefix(maxSteps))
            }
        }

        // Supporting points: on the question, nearly as good as the lead, each saying something new.
        for candidate in scored where plan.points.count < maxPoints {
            guard candidate.overlap > 0, candidate.score >= 0.6 * lead.score,
                candidate.relevance >= 0.6 * lead.relevance, isNew(candidate.sentence),
                !plan.all.contains(candidate.sentence)
            else { continue }
            plan.points.append(candidate.sentence)
        }
        return plan
    }

    /// The names in the question that occur nowhere in the knowledge (checked in the passages, then the store).
    func missingNames(in message: String, hits: [KnowledgeHit], store: (any KnowledgeStore)?) async -> [String] {
        var missing: [String] = []
        for name in NamedThings.names(in: message) where name.count > 2 {
            if hits.contains(where: { NamedThings.mentions($0.chunk.headingPath + " " + $0.chunk.plainText, name) }) {
                continue
            }
            if let store {
                let found = (try? await store.search(KnowledgeQuery(text: name, mode: .keyword, limit: 5, snippets: false))) ?? []
                if found.contains(where: { NamedThings.mentions($0.chunk.headingPath + " " + $0.chunk.plainText, name) }) {
                    continue
                }
            }
            missing.append(name)
        }
        return missing
    }

    /// What the knowledge near the question covers: the titles of the first two retrieved documents.
    static func topics(_ hits: [KnowledgeHit]) -> [String] {
        var titles: [String] = []
        for hit in hits where !titles.contains("\u{201C}\(hit.chunk.documentTitle)\u{201D}") {
            titles.append("\u{201C}\(hit.chunk.documentTitle)\u{201D}")
            if titles.count == 2 { break }
        }
        return titles
    }

    /// Words that name the visitor's kind of business: their role's words and what follows "for a" in the question.
    static func roleWords(_ message: String, role: Role?) -> Set<String> {
        var words: [String] = []
        switch role {
        case .supplier?: words = ["supplier", "brewery", "brewer", "winery", "distillery", "distiller", "brand", "importer", "producer"]
        case .distributor?: words = ["distributor", "wholesaler"]
        case .retailer?: words = ["retailer", "store", "shop", "chain", "premise"]
        case .onPremise?: words = ["bar", "restaurant", "premise", "venue", "hotel", "taproom"]
        case nil: break
        }
        let lower = TextAnalysis.words(message)
        if let index = lower.firstIndex(where: { $0 == "for" }) {
            words += lower[(index + 1)...].prefix(4).filter { !["a", "an", "my", "our", "me", "us", "small", "owner"].contains($0) }
        }
        return Set(words)
    }
}
