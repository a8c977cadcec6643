import Foundation

/// Stage 4 without a model: an extractive answer built only from retrieved knowledge.
///
/// It reads the top chunks sentence by sentence (list items and quotes whole), scores each piece by how much of the
/// question it answers, how relevant its chunk is, and what the intent asks for (figures for pricing, results and
/// quotes for case studies, steps for a demo), then quotes the best few verbatim with numbered citations. The
/// quotes are ordered by what this visitor cares about: pieces from documents about their strongest pain points
/// come first. The only words not taken from the knowledge base are the framing line and the source list.
public struct LocalResponder: ResponseGenerator {
    public let name = "local"
    public var maxPoints = 4

    public init() {}

    public func respond(_ context: ResponseContext, emit: @Sendable (String) async throws -> Void) async throws
        -> ResponseOutput
    {
        let answer = compose(context)
        for piece in answer.pieces {
            try Task.checkCancellation()
            try await emit(piece)
        }
        return ResponseOutput(text: answer.pieces.joined(), citations: answer.citations, tokens: nil)
    }

    struct Candidate {
        var text: String
        var hit: Int
        var chunk: KnowledgeChunk
        var terms: Set<String>
        var isLabelledItem = false
        var score = 0.0
        var affinity = 0.0
    }

    /// The answer as the pieces it is streamed in, and the chunks it cites in citation order.
    func compose(_ context: ResponseContext) -> (pieces: [String], citations: [KnowledgeChunk]) {
        let persona = context.persona
        if context.intent.intent == .greeting {
            return ([greeting(persona)], [])
        }
        let selected = select(context)
        guard !selected.isEmpty else {
            let topics = PainPoint.allCases.prefix(4).map(\.label).joined(separator: ", ")
            return (["I couldn't find anything about that in BevGenie's knowledge base. I can help with questions "
                + "about \(topics) and more, or with how BevGenie compares, what it costs and what a demo covers."], [])
        }

        var citations: [KnowledgeChunk] = []
        var pieces = [lead(context) + "\n\n"]
        for candidate in selected {
            let number: Int
            if let existing = citations.firstIndex(where: { $0.id == candidate.chunk.id }) {
                number = existing + 1
            } else {
                citations.append(candidate.chunk)
                number = citations.count
            }
            pieces.append("- \(candidate.text) [\(number)]\n")
        }
        if let pageType = context.intent.pageType {
            let audience = persona.role.map { " for \($0.label)" } ?? ""
            pieces.append("\nThe \(pageType.phrase) below pulls this together\(audience).\n")
        }
        var sources = "\nSources:\n"
        for (index, chunk) in citations.enumerated() {
            sources += "[\(index + 1)] \(chunk.headingPath) (\(chunk.id))\n"
        }
        pieces.append(sources)
        return (pieces, citations)
    }

    private func greeting(_ persona: Persona) -> String {
        var text = "Hello! I'm BevGenie's assistant. I answer from BevGenie's knowledge base and build a page for "
            + "your question as I go."
        if let top = persona.topPainPoints(limit: 1).first {
            text += " Last time we talked about \(top.label); ask me more about it any time."
        }
        text += " You could ask how to get distributor reps to focus on your brand, how BevGenie compares with "
            + "spreadsheets, what it costs, or what a demo covers."
        return text
    }

    /// The one framing sentence: what the visitor is after, in their terms.
    private func lead(_ context: ResponseContext) -> String {
        let role = context.persona.role.map { " as \($0.singular)" } ?? ""
        let focus = context.signals.first?.painPoint ?? context.persona.topPainPoints(limit: 1).first
        switch context.intent.intent {
        case .painPoint:
            guard let focus else { return "Here is what BevGenie's knowledge base says about that:" }
            var text = "You're working on \(focus.label)\(role). Here is what BevGenie's knowledge base says:"
            // "Earlier" means an earlier message: a pain point this message raised is not one of them.
            let now = Set(context.signals.map(\.painPoint))
            if let earlier = context.persona.topPainPoints(minimum: 0.3).first(where: { !now.contains($0) }) {
                text = "You're working on \(focus.label)\(role), and earlier you raised \(earlier.label). "
                    + "Here is what BevGenie's knowledge base says:"
            }
            return text
        case .feature: return "Here is how BevGenie handles that, from its product documentation:"
        case .comparison: return "Here is how BevGenie compares, from its knowledge base:"
        case .caseStudy: return "Here is what BevGenie customers have reported:"
        case .pricing: return "Here is what BevGenie's knowledge base says about pricing and return on investment:"
        case .demo: return "Here is how getting a demo and getting started work:"
        case .information, .greeting, .outOfScope:  // out_of_scope is answered by ScopeRedirect, not here
            return focus.map { "Here is what BevGenie's knowledge base says, with \($0.label) in mind:" }
                ?? "Here is what BevGenie's knowledge base says:"
        }
    }

    /// The pieces to quote, best first by the visitor's interests.
    func select(_ context: ResponseContext) -> [Candidate] {
        let hits = Array(context.knowledge.prefix(6))
        guard let bestHit = hits.map(\.score).max(), bestHit > 0 else { return [] }
        var candidates = extract(hits, intent: context.intent.intent)
        guard !candidates.isEmpty else { return [] }

        // Inverse document frequency over the candidates: a question word found everywhere says little.
        var documentFrequency: [String: Int] = [:]
        for candidate in candidates { for term in candidate.terms { documentFrequency[term, default: 0] += 1 } }
        let question = Set(TextAnalysis.terms(context.message + " " + context.intent.intent.impliedTerms.joined(separator: " ")))
        let count = Double(candidates.count)
        let current = Dictionary(context.signals.map { ($0.painPoint, $0.strength) }, uniquingKeysWith: max)
        let intent = context.intent.intent
        let preferredKinds = DocumentKind.preferred(for: intent)

        for index in candidates.indices {
            var c = candidates[index]
            var overlap = 0.0
            for term in question.intersection(c.terms) {
                overlap += log(1 + count / Double(1 + documentFrequency[term, default: 0]))
            }
            var score = overlap / (1 + Double(question.count)).squareRoot()
            score += 0.6 * hits[c.hit].score / bestHit
            var affinity = 0.0
            for (painPoint, weight) in c.chunk.topics {
                affinity = max(affinity, (context.persona.score(painPoint) + (current[painPoint] ?? 0)) * weight)
            }
            score += 0.4 * affinity
            // Documents of the kind the question calls for answer it best (a pricing page for "what does it cost").
            if let rank = preferredKinds.firstIndex(of: c.chunk.kind) {
                score += [0.35, 0.2, 0.1][min(rank, 2)] * context.intent.confidence
            }
            let hasFigure = c.text.contains(where: \.isNumber)
            switch intent {
            case .pricing where c.text.contains("$"): score += 0.5
            case .pricing where hasFigure: score += 0.2
            case .caseStudy where hasFigure || c.text.hasPrefix("\u{201C}"): score += 0.4
            case .demo where c.chunk.kind == .demo: score += 0.3
            case .comparison where c.chunk.kind == .comparison: score += 0.3
            case .feature where c.chunk.kind == .feature: score += 0.2
            default: break
            }
            // A labelled capability ("Route planning: …") is the actionable answer to a problem or a feature question.
            if intent == .painPoint || intent == .feature, c.isLabelledItem { score += 0.2 }
            if c.text.count < 50 { score -= 0.3 }
            c.score = score
            c.affinity = affinity
            candidates[index] = c
        }

        var chosen: [Candidate] = []
        var perChunk: [String: Int] = [:]
        for candidate in candidates.sorted(by: { ($0.score, $1.text) > ($1.score, $0.text) }) {
            guard chosen.count < maxPoints else { break }
            guard perChunk[candidate.chunk.id, default: 0] < 2 else { continue }
            let duplicate = chosen.contains { other in
                let shared = other.terms.intersection(candidate.terms).count
                return Double(shared) / Double(max(1, min(other.terms.count, candidate.terms.count))) > 0.8
            }
            guard !duplicate else { continue }
            perChunk[candidate.chunk.id, default: 0] += 1
            chosen.append(candidate)
        }
        // What this visitor cares about first; within equal interest, the better answer first.
        return chosen.sorted {
            (($0.affinity * 10).rounded(), $0.score) > (($1.affinity * 10).rounded(), $1.score)
        }
    }

    /// Quotable pieces of the chunks (parsed once per chunk and kept): quotes only where the intent wants them.
    private func extract(_ hits: [KnowledgeHit], intent: Intent) -> [Candidate] {
        var candidates: [Candidate] = []
        for (index, hit) in hits.enumerated() {
            for piece in hit.chunk.quotables {
                if piece.kind == .quote, intent != .caseStudy, intent != .painPoint { continue }
                candidates.append(Candidate(
                    text: piece.text, hit: index, chunk: hit.chunk, terms: piece.terms,
                    isLabelledItem: piece.kind == .labelledItem))
            }
        }
        return candidates
    }
}
