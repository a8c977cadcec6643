/// Stage 1 without a model: weighted phrases per intent, plus the problem-statement reading a sales rep would do
/// ("our reps waste half the day driving" is a pain point even though it asks nothing).
///
/// The scores of all intents are compared; the winner's margin over the runner-up gives the confidence. A message
/// that only greets is a greeting; a greeting followed by a question is that question.
public struct LocalIntentClassifier: IntentClassifier {
    public let name = "local"

    public init() {}

    public func classify(_ message: String) async throws -> IntentDecision {
        decide(AnalyzedMessage(message))
    }

    public func decide(_ message: AnalyzedMessage) -> IntentDecision {
        // Domain phrases whose words would mislead: "price posting" is compliance, not pricing.
        let stems = Self.masked(message.stems)
        var scores = Self.lexicon.scores(in: stems)
        let greeting = scores.removeValue(forKey: .greeting) ?? 0

        // "vs", "better", "instead of" compare BevGenie only when an alternative is in the sentence.
        if let comparison = scores[.comparison], Self.alternatives.scores(in: stems)[true] != nil {
            scores[.comparison] = min(1, comparison + 0.3)
        }

        // A described problem: pain-point vocabulary, said in the first person, with words of trouble.
        // Capped below the explicit requests, so "…we struggle with X. Can I get a demo?" is a demo request.
        let signals = SignalDetector().painPointSignals(in: message)
        if let strongest = signals.first?.strength {
            let firstPerson = Self.firstPerson.scores(in: message.stems)[true] ?? 0
            let trouble = Self.trouble.scores(in: message.stems)[true] ?? 0
            let problem = min(0.9, strongest * (0.45 + 0.25 * firstPerson + 0.5 * trouble))
            scores[.painPoint] = max(scores[.painPoint] ?? 0, min(0.9, problem + 0.3 * (scores[.painPoint] ?? 0)))
        }

        let ranked = scores.filter { $0.value > 0 }.sorted { ($0.value, $1.key.priority) > ($1.value, $0.key.priority) }
        let topScore = ranked.first?.value ?? 0
        if greeting > 0, topScore < 0.45 {
            // Only pleasantries (or pleasantries and a passing remark): answer the greeting.
            return IntentDecision(intent: .greeting, confidence: message.words.count <= 6 ? 0.9 : 0.6)
        }
        guard let (top, _) = ranked.first, topScore >= 0.3 else {
            // Nothing specific: a question about the company or the industry.
            return IntentDecision(intent: .information, confidence: 0.35)
        }
        let runnerUp = ranked.dropFirst().first?.value ?? 0
        let confidence = min(0.99, max(0.3, topScore / (topScore + runnerUp + 0.15)))
        return IntentDecision(intent: top, confidence: (confidence * 100).rounded() / 100)
    }

    /// Replaces the words of `maskPhrases` with a placeholder so they cannot match intent phrases.
    static func masked(_ stems: [String]) -> [String] {
        var stems = stems
        for match in maskPhrases.matches(in: stems) {
            for index in match.wordRange { stems[index] = "_" }
        }
        return stems
    }
}

extension Intent {
    /// Tie-break order: the more specific, more actionable request wins a tie.
    var priority: Int {
        switch self {
        case .demo: return 7
        case .pricing: return 6
        case .comparison: return 5
        case .caseStudy: return 4
        case .feature: return 3
        case .painPoint: return 2
        case .information: return 1
        case .greeting: return 0
        case .outOfScope: return -1  // never a lexicon score: decided by the scope check
        }
    }
}
