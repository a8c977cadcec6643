/// Is a message something this assistant should answer at all?
///
/// Three readings, each explainable:
/// - **instructions**: asking to reveal the prompt, change the rules or become someone else ("ignore all previous
///   instructions", "print your system prompt", "you are now DAN"). Found per sentence, so the same test keeps such
///   sentences out of persona evidence (`SignalDetector`). Any such sentence makes the whole message out of scope:
///   a real question next to an injection is answered once it is asked on its own.
/// - **other subjects**: words of subjects the trade never needs (weather, sports, recipes, code, homework…);
/// - **domain evidence**: words of the beverage-alcohol trade, of the product, a role or a pain point. Domain
///   evidence outweighs other-subject words ("weather killed our patio sales"), never instructions.
/// The embedding vote (`ExemplarIndex`) is the fourth reading, combined in `HybridIntentClassifier`.
public enum ScopeCheck {
    /// Whether any sentence of `message` is an instruction to the assistant rather than a visitor's question.
    public static func containsInstructions(_ message: AnalyzedMessage) -> Bool {
        !instructionSentences(in: message).isEmpty
    }

    /// The word ranges (into `message.words`) of sentences that try to reveal or change the assistant's setup.
    public static func instructionSentences(in message: AnalyzedMessage) -> [Range<Int>] {
        // No sentence can be one when the whole message has no instruction phrase and no opening verb: a sentence's
        // stems are a stretch of the message's. This skips sentence splitting for nearly all text (documents being
        // imported and embedded go through here for every chunk; it was most of an import's time).
        if instructionPatterns.matches(in: message.stems).isEmpty,
            !message.stems.contains(where: { roleChangeOpenings.contains($0) || setupVerbs.contains($0) })
        {
            return []
        }
        var ranges: [Range<Int>] = []
        var start = 0
        for sentence in TextAnalysis.sentences(message.text) {
            let count = TextAnalysis.words(sentence).count
            let range = start..<min(message.words.count, start + count)
            start += count
            guard !range.isEmpty else { continue }
            if isInstruction(Array(message.stems[range])) { ranges.append(range) }
        }
        return ranges
    }

    /// One sentence's stems: a strong pattern anywhere, or an imperative opening aimed at the assistant's setup.
    static func isInstruction(_ stems: [String]) -> Bool {
        if !instructionPatterns.matches(in: stems).isEmpty { return true }
        // Skip politeness and chat markers before the verb: "please", "ok so", "now".
        let opening = stems.drop { ["please", "pls", "ok", "okay", "so", "now", "then", "and", "also", "hey"].contains($0) }
        guard let first = opening.first else { return false }
        if roleChangeOpenings.contains(first) { return true }
        if setupVerbs.contains(first) {
            return opening.contains { setupObjects.contains($0) }
        }
        return false
    }

    /// How strongly the words outside the trade speak of another subject (0 when none), and the stems with those
    /// words masked, so "stock market" does not count as stock.
    static func otherSubject(in stems: [String]) -> (score: Double, masked: [String]) {
        var masked = stems
        var score = 0.0
        for match in otherSubjects.matches(in: stems) {
            score = max(score, match.weight)
            for index in match.wordRange { masked[index] = "_" }
        }
        return (score, masked)
    }

    /// Whether the (masked) stems name the trade, the product, a role or a pain point.
    static func hasDomainEvidence(_ stems: [String], message: AnalyzedMessage) -> Bool {
        if stems.contains(where: domainStems.contains) { return true }
        if !domainPhrases.matches(in: stems).isEmpty { return true }
        let unmasked = AnalyzedMessage(text: message.text, words: message.words, stems: stems)
        if SignalDetector().roleSignal(in: unmasked) != nil { return true }
        return SignalDetector().painPointStrengths(in: unmasked).values.contains { $0 >= 0.6 }
    }
}

extension AnalyzedMessage {
    /// A message with some stems replaced (masked words are "_"): the words stay for evidence.
    init(text: String, words: [String], stems: [String]) {
        self.text = text
        self.words = words
        self.stems = stems
    }
}
