/// Steps 3 and 4 when the embedder has a trained head (`IntentHead`): the head's probabilities stand in for the
/// neighbour vote, and the lexicon keeps the say only where it is sure and the head does not flatly contradict it.
extension HybridIntentClassifier {
    /// The thresholds of the head's reading, chosen by 5-fold cross-validation over the exemplars and the tuning
    /// sets (`bevgenie bench intent --embedder minilm --cross-validate`: 91.7 % of 568 out-of-fold readings in the
    /// first round, 92.6 % of 609 with today's training set; the greeting threshold made no difference there),
    /// never on a held-out set.
    public struct HeadThresholds: Sendable, Equatable {
        /// Probability of out_of_scope from which a message without domain words is out of scope.
        public var outOfScope = 0.4
        /// Probability from which the head's in-scope intent keeps a message without domain words or intent phrases
        /// in scope ("Can I see it in action?": "it" is the product).
        public var keepsInScope = 0.5
        /// Probability the head must give the lexicon's intent for a sure lexicon to keep its decision.
        public var lexiconVeto = 0.2
        /// Probability from which the head's intent overrules an unsure lexicon.
        public var overrules = 0.5
        /// Probability from which the head's request overrules a lexical greeting ("hey, can I see it live?").
        public var overrulesGreeting = 0.8

        public init() {}
    }

    /// What the lexicon and the scope check read in one (negation-masked) message: computed once, combined with
    /// the head's probabilities by `decide(_:head:)` (cross-validation tries many thresholds on the same readings).
    public struct LexicalReading: Sendable {
        var lexical: IntentDecision
        var phrases: [Intent: Double]
        var strongestRequest: Double
        var otherSubject: Double
        var hasDomainEvidence: Bool
        /// Instructions to the assistant: out of scope whatever else.
        var instructions = false

        public init(_ message: AnalyzedMessage) {
            lexical = LocalIntentClassifier().decide(message)
            phrases = LocalIntentClassifier.lexicon.scores(in: LocalIntentClassifier.masked(message.stems))
            strongestRequest = phrases.filter { $0.key != .greeting && $0.key != .information }.values.max() ?? 0
            let other = ScopeCheck.otherSubject(in: message.stems)
            otherSubject = other.score
            hasDomainEvidence = ScopeCheck.hasDomainEvidence(other.masked, message: message)
        }

        /// The reading of a raw message: instructions first, then its negated requests masked.
        public init(message: String) {
            let analyzed = AnalyzedMessage(message)
            self.init(NegatedRequests.masked(analyzed).message)
            instructions = ScopeCheck.containsInstructions(analyzed)
        }
    }

    /// Steps 3 and 4 for a message whose negated requests are already masked, read by the head.
    public func decide(_ message: AnalyzedMessage, head: IntentProbabilities, knowledgeCovers: Bool = false) -> IntentDecision {
        decide(LexicalReading(message), head: head, knowledgeCovers: knowledgeCovers)
    }

    public func decide(_ reading: LexicalReading, head: IntentProbabilities, knowledgeCovers: Bool = false) -> IntentDecision {
        let limits = headThresholds
        if reading.instructions { return Self.outOfScope(.instructions, confidence: 0.95) }
        let lexical = reading.lexical
        let request = head.top(excluding: [.outOfScope, .greeting]) ?? (.information, 0)
        if !knowledgeCovers, !reading.hasDomainEvidence {
            if reading.otherSubject >= 0.6 { return Self.outOfScope(.otherSubject, confidence: reading.otherSubject) }
            if lexical.intent == .greeting, head[.outOfScope] < limits.outOfScope { return lexical }
            // A plain request ("how much is it?") needs no domain word, so a sure request phrase keeps it in scope.
            if reading.strongestRequest < 0.6, head[.outOfScope] >= limits.outOfScope {
                return Self.outOfScope(.otherSubject, confidence: min(0.95, head[.outOfScope]))
            }
            // Pleasantries the lexicon does not know ("evening!", "much appreciated"): the head's greeting.
            if let top = head.top(), top.intent == .greeting, top.probability >= limits.keepsInScope {
                return Self.decision(top)
            }
            if reading.phrases.filter({ $0.key != .greeting }).isEmpty, request.probability < limits.keepsInScope {
                return Self.outOfScope(.smallTalk, confidence: 0.6)
            }
        }
        if lexical.intent == .greeting {
            guard request.probability >= limits.overrulesGreeting else { return lexical }
            return Self.decision(request)
        }
        // The lexicon is sure when its winner clearly leads or its phrase alone is unambiguous ("case studies").
        let lexiconIsSure = lexical.confidence >= lexiconSure || (reading.phrases[lexical.intent] ?? 0) >= 0.85
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
        decide(LexicalReading(message: message), head: probabilities)
    }
}

extension HybridIntentClassifier.LexicalReading {
    /// The lexicon's reading as numbers a head can weigh next to the sentence vector: its decision (one-hot
    /// times confidence), each intent's phrase score, and the scope check's two readings.
    public var features: [Float] {
        var values = IntentHead.labels.map { Float($0 == lexical.intent ? lexical.confidence : 0) }
        values += IntentHead.labels.map { Float(phrases[$0] ?? 0) }
        values.append(Float(otherSubject))
        values.append(hasDomainEvidence ? 1 : 0)
        return values
    }

    /// The rules that stand whatever a head reads: instructions, and another subject without a word of the trade.
    public var forcedOutOfScope: Bool { instructions || (!hasDomainEvidence && otherSubject >= 0.6) }
}
