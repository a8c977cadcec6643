/// Requests the visitor explicitly does not make: "we are not looking at pricing yet", "no demo please, just…",
/// "skip the pricing", "cost isn't the issue".
///
/// The intent lexicon would read the negated word as the request, so the words of an intent phrase that follow a
/// negation in the same clause (or are followed by "aside", "isn't the issue") are masked before classification,
/// and left out of the text that is embedded. Only request intents are masked (pricing, demo, case study,
/// comparison, feature): "our reps never visit small accounts" keeps its problem words, because a negation is how
/// people describe a problem.
enum NegatedRequests {
    /// The message with negated request phrases masked (stems "_"), and the text without those words.
    static func masked(_ message: AnalyzedMessage) -> (message: AnalyzedMessage, text: String) {
        let clauses = clauseRanges(message)
        var stems = message.stems
        var dropped = Set<Int>()
        let cues = negationCues.matches(in: message.stems).filter { cue in
            // "not sure how much it costs", "not only": the visitor still asks.
            guard let next = message.stems[safe: cue.wordRange.upperBound] else { return true }
            return !["sure", "only", "just", "certain"].contains(next)
        }
        for match in LocalIntentClassifier.lexicon.matches(in: message.stems) where maskable.contains(match.label) {
            guard let clause = clauses.first(where: { $0.contains(match.wordRange.lowerBound) }) else { continue }
            let negatedBefore = cues.contains { cue in
                clause.contains(cue.wordRange.lowerBound) && cue.wordRange.upperBound <= match.wordRange.lowerBound
                    && match.wordRange.lowerBound - cue.wordRange.upperBound <= 6
            }
            let negatedAfter = afterCues.matches(in: message.stems).contains { cue in
                clause.contains(cue.wordRange.lowerBound) && cue.wordRange.lowerBound >= match.wordRange.upperBound
                    && cue.wordRange.lowerBound - match.wordRange.upperBound <= 1
            }
            guard negatedBefore || negatedAfter else { continue }
            for index in match.wordRange {
                stems[index] = "_"
                dropped.insert(index)
            }
        }
        guard !dropped.isEmpty else { return (message, message.text) }
        let text = message.words.indices.filter { !dropped.contains($0) }.map { message.words[$0] }.joined(separator: " ")
        return (AnalyzedMessage(text: message.text, words: message.words, stems: stems), text)
    }

    /// Word ranges of the message's clauses: split at sentence ends, commas, semicolons, colons and dashes.
    static func clauseRanges(_ message: AnalyzedMessage) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        let pieces = message.text.split(omittingEmptySubsequences: true) { ".,;:!?—–\n".contains($0) }
        for piece in pieces {
            let count = TextAnalysis.words(String(piece)).count
            if count > 0 { ranges.append(start..<(start + count)) }
            start += count
        }
        return ranges.isEmpty ? [0..<message.words.count] : ranges
    }

    static let maskable: Set<Intent> = [.pricing, .demo, .caseStudy, .comparison, .feature]

    /// Words that negate what follows in their clause.
    static let negationCues = PhraseLexicon<Bool>([
        (true, [
            ("not", 1), ("no", 1), ("dont want", 1), ("dont need", 1), ("do not want", 1), ("do not need", 1),
            ("without", 1), ("skip", 1), ("never mind", 1), ("nevermind", 1), ("rather not", 1), ("isnt about", 1),
            ("arent ready", 1), ("not ready", 1), ("not interested", 1), ("not looking", 1), ("not asking", 1),
            ("no need for", 1), ("forget about", 1), ("hold off on", 1),
        ]),
    ])

    /// Words after a phrase that set it aside: "pricing aside", "cost isn't the issue".
    static let afterCues = PhraseLexicon<Bool>([
        (true, [
            ("aside", 1), ("isnt the issue", 1), ("isnt the problem", 1), ("is not the issue", 1),
            ("is not the problem", 1), ("isnt a concern", 1), ("doesnt matter", 1), ("can wait", 1), ("later", 1),
        ]),
    ])
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
