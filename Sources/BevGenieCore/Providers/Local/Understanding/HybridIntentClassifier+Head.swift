/// Steps 3 and 4 when the embedder has a trained head (`IntentHead`): the head's probabilities stand in for the
/// neighbour vote, and the lexicon keeps the say only where it is sure and the head does not flatly contradict it.
extension HybridIntentClassifier {
    /// The thresholds of the head's reading, chosen by cross-validation on the tuning sets
    /// (`bevgenie bench intent --embedder minilm --cross-validate`), never on a held-out set.
    public struct HeadThresholds: Sendable, Equatable {
        /// Probability of out_of_scope from which a message without domain words is out of scope.
        public var outOfScope = 0.5
        /// Probability from which the head's in-scope intent keeps a message without domain words or intent phrases
        /// in scope ("Can I see it in action?": "it" is the product).
        public var keepsInScope = 0.6
        /// Probability the head must give the lexicon's intent for a sure lexicon to keep its decision.
        public var lexiconVeto = 0.05
        /// Probability from which the head's intent overrules an unsure lexicon.
        public var overrules = 0.4
        /// Probability from which the head's request overrules a lexical greeting ("hey, can I see it live?").
        public var overrulesGreeting = 0.7

        public init() {}
    }

    /// Steps 3 and 4 for a message whose negated requests are already masked, read by the head.
    public func decide(_ message: AnalyzedMessage, head: IntentProbabilities, knowledgeCovers: Bool = false) -> IntentDecision {
        let limits = headThresholds
        let lexical = LocalIntentClassifier().decide(message)
        let phrases = LocalIntentClassifier.lexicon.scores(in: LocalIntentClassifier.masked(message.stems))
        let strongestRequest = phrases.filter { $0.key != .greeting && $0.key != .information }.values.max() ?? 0
        let other = ScopeCheck.otherSubject(in: message.stems)
        let request = head.top(excluding: [.outOfScope, .greeting]) ?? (.information, 0)
        if !knowledgeCovers, !ScopeCheck.hasDomainEvidence(other.masked, message: message) {
            if other.score >= 0.6 { return Self.outOfScope(.otherSubject, confidence: other.score) }
            if lexical.intent == .greeting, head[.outOfScope] < limits.outOfScope { return lexical }
            // A plain request ("how much is it?") needs no domain word, so a sure request phrase keeps it in scope.
            if strongestRequest < 0.6, head[.outOfScope] >= limits.outOfScope {
                return Self.outOfScope(.otherSubject, confidence: min(0.95, head[.outOfScope]))
            }
            if phrases.filter({ $0.key != .greeting }).isEmpty, request.probability < limits.keepsInScope {
                return Self.outOfScope(.smallTalk, confidence: 0.6)
            }
        }
        if lexical.intent == .greeting {
            guard request.probability >= limits.overrulesGreeting else { return lexical }
            return Self.decision(request)
        }
        // The lexicon is sure when its winner clearly leads or its phrase alone is unambiguous ("case studies").
        let lexiconIsSure = lexical.confidence >= lexiconSure || (phrases[lexical.intent] ?? 0) >= 0.85
        if lexiconIsSure, head[lexical.intent] >= limits.lexiconVeto { return lexical }
        guard request.intent != lexical.intent, request.probability >= limits.overrules else { return lexical }
        return Self.decision(request)
    }

    static func decision(_ read: (intent: Intent, probability: Double)) -> IntentDecision {
        IntentDecision(intent: read.intent, confidence: (min(0.95, read.probability) * 100).rounded() / 100)
    }
}

extension HybridIntentClassifier {
    /// The whole reading of `message` given the head's probabilities for its (negation-masked) text, without the
    /// knowledge base: what cross-validation measures. Instructions are out of scope before anything else.
    public func decide(_ message: String, head probabilities: IntentProbabilities) -> IntentDecision {
        let analyzed = AnalyzedMessage(message)
        if ScopeCheck.containsInstructions(analyzed) { return Self.outOfScope(.instructions, confidence: 0.95) }
        return decide(NegatedRequests.masked(analyzed).message, head: probabilities)
    }
}
