/// Stage 1 of the local provider: the lexicon where it is sure, the nearest labelled exemplars where it is not,
/// and an explicit scope check before either.
///
/// Order of reading, each step explainable in the run's result:
/// 1. **Instructions** ("ignore all previous instructions", "print your system prompt"): out of scope, always.
/// 2. **Negations** ("not looking at pricing yet", "no demo please"): the negated request's words are masked, so
///    they cannot win (`NegatedRequests`).
/// 3. **Scope**: a message with no word of the trade, the product, a role or a pain point is out of scope when it
///    names another subject, when nothing in it asks anything the lexicon knows, or when the nearest exemplars are
///    out-of-scope ones. A greeting stays a greeting.
/// 4. **Intent**: the lexicon's decision (`LocalIntentClassifier`) when its confidence is at least `lexiconSure`;
///    below that, the exemplar vote overrules it when one intent holds `voteShare` of the nearest neighbours.
///
/// Works with any `Embedder`: the vote is only as good as the embedder's notion of similarity, which is why the
/// lexicon keeps the say where it is sure. Without an embedder (nil) the vote is skipped. An embedder that fails
/// (a network model that is down) costs the vote, never the message.
public struct HybridIntentClassifier: IntentClassifier {
    public let name = "local"
    public var embedder: (any Embedder)?
    /// Lexicon confidence from which the exemplar vote no longer overrules it.
    public var lexiconSure = 0.6
    /// Share of the nearest exemplars an intent needs to overrule an unsure lexicon.
    public var voteShare = 0.7
    /// Share of out-of-scope exemplars among the nearest that puts a message without domain words out of scope.
    public var scopeShare = 0.6
    /// The knowledge base a question may be about even without a word of BevGenie's trade (see
    /// `knowledgeCovers`); nil: scope is judged on the trade vocabulary alone.
    public var knowledge: (any KnowledgeStore)?
    /// The trained head over the embedder's vectors (`IntentHead`): by default the shipped one for its model. When
    /// there is one it reads the message instead of the neighbour vote (see `decide(_:head:knowledgeCovers:)`).
    public var head: IntentHead?
    public var headThresholds = HeadThresholds()

    public init(embedder: (any Embedder)? = HashingEmbedder(), knowledge: (any KnowledgeStore)? = nil) {
        self.embedder = embedder
        self.knowledge = knowledge
        self.head = embedder.flatMap { IntentHead.shipped(for: $0.model) }
    }

    public func classify(_ message: String) async throws -> IntentDecision {
        let analyzed = AnalyzedMessage(message)
        if ScopeCheck.containsInstructions(analyzed) {
            return Self.outOfScope(.instructions, confidence: 0.95)
        }
        let negated = NegatedRequests.masked(analyzed)
        if let head, let embedder, head.model == embedder.model, let vector = try await vector(negated.text) {
            let decision = decide(negated.message, head: head.probabilities(vector))
            if decision.intent == .outOfScope, let knowledge, try await Self.knowledgeCovers(message, store: knowledge) {
                return decide(negated.message, head: head.probabilities(vector), knowledgeCovers: true)
            }
            return decision
        }
        let vote = try await vote(negated.text)
        let decision = decide(negated.message, vote: vote)
        if decision.intent == .outOfScope, let knowledge, try await Self.knowledgeCovers(message, store: knowledge) {
            return decide(negated.message, vote: vote, knowledgeCovers: true)
        }
        return decision
    }

    /// The embedder's vector of `text`, or nil when it failed (a network model that is down costs the head's
    /// reading, never the message).
    func vector(_ text: String) async throws -> [Float]? {
        guard let embedder else { return nil }
        do {
            return try await embedder.cachedVector(text)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            return nil
        }
    }

    /// The exemplar vote for `text`, or nil without an embedder or when it failed.
    func vote(_ text: String) async throws -> ExemplarVote? {
        guard let embedder else { return nil }
        do {
            let index = try await ExemplarIndex.shared(for: embedder)
            return index.vote(try await embedder.cachedVector(text))
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            return nil
        }
    }

    /// Steps 3 and 4 for a message whose negated requests are already masked.
    /// `knowledgeCovers`: the knowledge base speaks of the question, so it is in scope whatever its words.
    public func decide(_ message: AnalyzedMessage, vote: ExemplarVote?, knowledgeCovers: Bool = false) -> IntentDecision {
        let lexical = LocalIntentClassifier().decide(message)
        let phrases = LocalIntentClassifier.lexicon.scores(in: LocalIntentClassifier.masked(message.stems))
        let strongestRequest = phrases.filter { $0.key != .greeting && $0.key != .information }.values.max() ?? 0
        let other = ScopeCheck.otherSubject(in: message.stems)
        if !knowledgeCovers, !ScopeCheck.hasDomainEvidence(other.masked, message: message) {
            if other.score >= 0.6 { return Self.outOfScope(.otherSubject, confidence: other.score) }
            if lexical.intent == .greeting { return lexical }
            // A plain request ("how much is it?", "can I get a trial?") needs no domain word: "it" is the product.
            if strongestRequest < 0.6, let top = vote?.top(), top.intent == .outOfScope, top.share >= scopeShare {
                return Self.outOfScope(.otherSubject, confidence: min(0.9, top.share))
            }
            if phrases.filter({ $0.key != .greeting }).isEmpty { return Self.outOfScope(.smallTalk, confidence: 0.6) }
        }
        // The lexicon is sure when its winner clearly leads or its phrase alone is unambiguous ("case studies").
        let lexiconIsSure = lexical.confidence >= lexiconSure || (phrases[lexical.intent] ?? 0) >= 0.85
        guard lexical.intent != .greeting, !lexiconIsSure,
            let top = vote?.top(excluding: [.outOfScope, .greeting]), top.intent != lexical.intent,
            top.share >= voteShare
        else { return lexical }
        return IntentDecision(intent: top.intent, confidence: (min(0.9, top.share) * 100).rounded() / 100)
    }

    static func outOfScope(_ reason: ScopeReason, confidence: Double) -> IntentDecision {
        var decision = IntentDecision(intent: .outOfScope, confidence: (confidence * 100).rounded() / 100)
        decision.scopeReason = reason
        return decision
    }
}
