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
        var scores = Self.lexicon.scores(in: message.stems)
        let greeting = scores.removeValue(forKey: .greeting) ?? 0

        // A described problem: pain-point vocabulary together with first-person trouble words.
        let signals = SignalDetector().painPointSignals(in: message)
        let trouble = Self.trouble.scores(in: message.stems)[true] ?? 0
        if let strongest = signals.first?.strength {
            let problem = trouble > 0 ? 0.45 + 0.5 * trouble * strongest : 0.3 * strongest
            scores[.painPoint] = max(scores[.painPoint] ?? 0, min(1, (scores[.painPoint] ?? 0) * 0.5 + problem))
        } else if trouble > 0 {
            scores[.painPoint] = max(scores[.painPoint] ?? 0, 0.35 * trouble)
        }

        let ranked = scores.filter { $0.value > 0 }.sorted { ($0.value, $1.key.priority) > ($1.value, $0.key.priority) }
        guard let (top, topScore) = ranked.first, topScore >= 0.3 else {
            if greeting > 0 {
                return IntentDecision(intent: .greeting, confidence: message.words.count <= 6 ? 0.9 : 0.6)
            }
            // Nothing specific: a question about the company or the industry.
            return IntentDecision(intent: .information, confidence: 0.35)
        }
        let runnerUp = ranked.dropFirst().first?.value ?? 0
        let confidence = min(0.99, max(0.3, topScore / (topScore + runnerUp + 0.15)))
        return IntentDecision(intent: top, confidence: (confidence * 100).rounded() / 100)
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
        }
    }
}

extension LocalIntentClassifier {
    static let lexicon = PhraseLexicon<Intent>([
        (.greeting, [
            ("hi", 1), ("hello", 1), ("hey", 1), ("hiya", 1), ("howdy", 1), ("yo", 0.8), ("greetings", 1),
            ("good morning", 1), ("good afternoon", 1), ("good evening", 1), ("thanks", 1), ("thank you", 1),
            ("thx", 1), ("cheers", 0.8), ("how are you", 1), ("whats up", 1), ("nice to meet you", 1), ("bye", 1),
            ("goodbye", 1),
        ]),
        (.information, [
            ("what is bevgenie", 1), ("whats bevgenie", 1), ("what does bevgenie do", 1), ("what do you do", 0.9),
            ("what do you guys do", 0.9), ("who is bevgenie", 0.9), ("who are you", 0.8), ("tell me about", 0.7),
            ("tell me more", 0.6), ("explain", 0.6), ("what is a", 0.5), ("what is the", 0.45), ("what are", 0.4),
            ("what is", 0.4), ("how does ~ work", 0.5), ("what does ~ mean", 0.8), ("meaning of", 0.7),
            ("overview", 0.6), ("learn more", 0.6), ("learn about", 0.6), ("who is it for", 0.9),
            ("who do you work with", 0.8), ("three tier", 0.55), ("depletions vs shipments", 0.8),
            ("difference between", 0.4), ("how is ~ calculated", 0.6), ("security", 0.5), ("secure", 0.5),
            ("soc 2", 0.6), ("privacy", 0.5), ("where is ~ data", 0.5), ("based", 0.3), ("founded", 0.6),
        ]),
        (.painPoint, [
            ("struggle", 0.7), ("struggling", 0.7), ("problem", 0.6), ("challenge", 0.5), ("pain", 0.5),
            ("frustrated", 0.7), ("frustrating", 0.7), ("headache", 0.7), ("nightmare", 0.7),
            ("help us", 0.5), ("help me", 0.45), ("how do we", 0.5), ("how do i", 0.45), ("how can we", 0.5),
            ("how can i", 0.45), ("how should we", 0.5), ("what should we do", 0.6), ("any advice", 0.6),
            ("any tips", 0.6), ("improve", 0.45), ("fix", 0.5), ("solve", 0.55),
        ]),
        (.feature, [
            ("feature", 0.8), ("functionality", 0.8), ("capability", 0.8), ("capabilities", 0.8),
            ("does it", 0.6), ("can it", 0.7), ("will it", 0.55), ("is it able", 0.7), ("does bevgenie", 0.7),
            ("can bevgenie", 0.8), ("can you", 0.4), ("do you have", 0.6), ("do you offer", 0.6),
            ("do you support", 0.8), ("support for", 0.6), ("integrate with", 0.8), ("integration", 0.55),
            ("integrations", 0.55), ("connect to", 0.6), ("connect with", 0.6), ("api", 0.7), ("mobile app", 0.8),
            ("app", 0.45), ("ios", 0.6), ("android", 0.6), ("offline", 0.6), ("export", 0.55), ("alert", 0.5),
            ("dashboard", 0.5), ("how does the", 0.55), ("module", 0.7), ("execution tracker", 0.8),
            ("distributor scorecard", 0.8), ("scorecard", 0.5), ("data hub", 0.8), ("rep copilot", 0.8),
            ("copilot", 0.7), ("demand planner", 0.8), ("trade spend optimizer", 0.8), ("compliance center", 0.8),
            ("market expansion planner", 0.8), ("photo recognition", 0.7), ("image recognition", 0.7),
            ("sso", 0.55), ("track", 0.3), ("automatically", 0.45), ("is there a way to", 0.6),
        ]),
        (.comparison, [
            ("vs", 1), ("versus", 1), ("compare", 0.9), ("comparison", 0.9), ("compared to", 1),
            ("compared with", 1), ("better than", 0.9), ("different from", 0.8), ("differ from", 0.8),
            ("what makes you different", 1), ("how are you different", 1), ("difference between", 0.5),
            ("alternative", 0.8), ("instead of", 0.7), ("why not just use", 0.95), ("why should we use", 0.6),
            ("why bevgenie over", 1), ("over salesforce", 0.8), ("competitor", 0.9), ("competition", 0.8),
            ("switch from", 0.8), ("switching from", 0.8), ("replace", 0.55), ("stack up", 0.9),
            ("stand out", 0.7), ("salesforce", 0.45), ("repsly", 0.6), ("in house", 0.45), ("build our own", 0.7),
            ("point solution", 0.7), ("other tool", 0.6), ("already use", 0.5), ("already have", 0.45),
            ("why not", 0.4), ("pros and cons", 0.8), ("advantage", 0.6),
        ]),
        (.caseStudy, [
            ("case study", 1), ("case studies", 1), ("customer story", 1), ("customer stories", 1),
            ("success story", 1), ("success stories", 1), ("testimonial", 1), ("reference", 0.8),
            ("who uses", 0.9), ("who else uses", 0.9), ("customer", 0.5), ("client", 0.5), ("example", 0.55),
            ("examples of", 0.7), ("proof", 0.8), ("prove", 0.6), ("results", 0.5), ("what results", 0.8),
            ("worked for", 0.7), ("companies like", 0.8), ("brands like", 0.8), ("similar to us", 0.7),
            ("has anyone", 0.6), ("any other", 0.4), ("track record", 0.8), ("real world", 0.6), ("seen results", 0.8),
            ("what lift", 0.7), ("other breweries", 0.7), ("other wineries", 0.7), ("other distilleries", 0.7),
            ("other distributors", 0.6), ("other suppliers", 0.6), ("other brands", 0.6),
        ]),
        (.pricing, [
            ("price", 0.9), ("pricing", 1), ("cost", 0.9), ("costs", 0.9), ("how much", 0.85), ("expensive", 0.8),
            ("cheap", 0.8), ("cheaper", 0.8), ("afford", 0.8), ("budget", 0.5), ("roi", 0.75),
            ("return on investment", 0.9), ("payback", 0.9), ("pay for itself", 0.9), ("worth it", 0.6),
            ("worth the", 0.6), ("subscription", 0.8), ("per user", 0.9), ("per seat", 0.9), ("per month", 0.8),
            ("license fee", 0.9), ("fee", 0.7), ("quote", 0.6), ("contract", 0.55), ("free tier", 0.8),
            ("plans start", 0.9), ("pricing plan", 1), ("tier", 0.45), ("invoice", 0.6), ("billing", 0.8),
            ("discount", 0.4), ("investment", 0.5),
        ]),
        (.demo, [
            ("demo", 1), ("demonstration", 1), ("see it in action", 1), ("see it", 0.6), ("see how it", 0.55),
            ("show me", 0.65), ("walk me through", 0.8), ("walkthrough", 0.8), ("trial", 0.8), ("free trial", 1),
            ("pilot", 0.7), ("talk to sales", 1), ("talk to someone", 0.9), ("talk to a", 0.7), ("speak with", 0.8),
            ("speak to", 0.8), ("book a call", 1), ("book a", 0.7), ("schedule", 0.7), ("set up a call", 1),
            ("set up a meeting", 1), ("meeting", 0.6), ("get started", 0.8), ("sign up", 0.8), ("try it", 0.8),
            ("contact", 0.6), ("reach out", 0.6), ("call me", 0.8), ("get in touch", 0.9), ("onboarding", 0.5),
            ("implementation", 0.45), ("how long to implement", 0.7), ("how long does it take", 0.5),
        ]),
    ])

    /// First-person trouble: the words of someone describing their own problem.
    static let trouble = PhraseLexicon<Bool>([
        (true, [
            ("we", 0.3), ("our", 0.35), ("my", 0.3), ("i", 0.2), ("im", 0.2), ("ive", 0.2), ("weve", 0.3),
            ("cant", 0.6), ("cannot", 0.6), ("can not", 0.6), ("dont know", 0.6), ("no idea", 0.7),
            ("no way to", 0.7), ("hard to", 0.7), ("difficult", 0.7), ("impossible", 0.8), ("struggle", 0.8),
            ("struggling", 0.8), ("problem", 0.7), ("issue", 0.6), ("keep", 0.45), ("keeps", 0.45), ("always", 0.4),
            ("never", 0.55), ("ignore", 0.8), ("ignoring", 0.8), ("losing", 0.7), ("lost", 0.6), ("waste", 0.7),
            ("wasting", 0.7), ("too much", 0.6), ("too many", 0.6), ("not working", 0.8), ("falling", 0.6),
            ("declining", 0.7), ("dropping", 0.6), ("behind", 0.5), ("blind", 0.7), ("guess", 0.55),
            ("guessing", 0.6), ("mess", 0.7), ("manually", 0.6), ("pain", 0.6), ("frustrat", 0.7), ("how do we", 0.6),
            ("how do i", 0.5), ("how can we", 0.6), ("how can i", 0.5), ("how to", 0.4), ("help us", 0.6),
            ("need to", 0.45), ("need help", 0.7), ("no visibility", 0.8), ("cant see", 0.8), ("dont", 0.4),
        ]),
    ])
}
