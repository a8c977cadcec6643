/// Weighted phrases matched against a message's stemmed words.
///
/// A phrase is written in plain words ("distributor reps", "out of stock"); both the phrase and the message are
/// stemmed the same way, so "distributors' reps" and "out-of-stocks" match too. A `~` in a phrase allows up to four
/// other words in between ("ignore ~ brand" matches "ignore our brand", "ignore the craft brand").
public struct PhraseLexicon<Label: Hashable & Sendable>: Sendable {
    struct Entry: Sendable {
        let label: Label
        let weight: Double
        let tokens: [String?]  // nil = a gap of up to `maxGap` words
        let phrase: String
    }

    static var maxGap: Int { 4 }

    let entries: [Entry]
    /// Entries by their first word: a message is scanned once, each word looking up only the phrases it can start.
    let byFirstToken: [String: [Entry]]

    public init(_ table: [(Label, [(String, Double)])]) {
        var entries: [Entry] = []
        for (label, phrases) in table {
            for (phrase, weight) in phrases {
                let tokens: [String?] = phrase.split(separator: " ").map { word in
                    word == "~" ? nil : TextAnalysis.stem(TextAnalysis.words(String(word)).joined())
                }
                entries.append(Entry(label: label, weight: weight, tokens: tokens, phrase: phrase))
            }
        }
        self.entries = entries
        var index: [String: [Entry]] = [:]
        for entry in entries {
            if let first = entry.tokens.first ?? nil { index[first, default: []].append(entry) }
        }
        self.byFirstToken = index
    }

    /// One match: which label, how strongly, and the span of words (indices into the message's words) it covers.
    public struct Match: Sendable {
        public let label: Label
        public let weight: Double
        public let wordRange: Range<Int>
        public let phrase: String

        /// Which phrase of which label this is, so a phrase met twice counts once. A key of its own rather than
        /// `"\(label)|\(phrase)"`: interpolating an enum goes through reflection, and that string was a quarter of
        /// the pain-point reading of every imported chunk (perf, `kb import` of 20k records).
        var occurrence: Occurrence { Occurrence(label: label, phrase: phrase) }
    }

    struct Occurrence: Hashable {
        let label: Label
        let phrase: String
    }

    /// Every phrase occurrence in `stems` (the stemmed words of a message), in order of position.
    public func matches(in stems: [String]) -> [Match] {
        var found: [Match] = []
        for start in stems.indices {
            guard let candidates = byFirstToken[stems[start]] else { continue }
            for entry in candidates {
                if let end = Self.match(entry.tokens, in: stems, from: start) {
                    found.append(Match(label: entry.label, weight: entry.weight, wordRange: start..<end, phrase: entry.phrase))
                }
            }
        }
        return found  // in order of position, as scanned
    }

    /// Where the pattern ends if it matches at `start`, else nil.
    private static func match(_ tokens: [String?], in stems: [String], from start: Int) -> Int? {
        func go(_ tokenIndex: Int, _ position: Int) -> Int? {
            if tokenIndex == tokens.count { return position }
            guard let token = tokens[tokenIndex] else {
                // a gap: try the next token after 0...maxGap skipped words
                for skip in 0...maxGap where position + skip <= stems.count {
                    if let end = go(tokenIndex + 1, position + skip) { return end }
                }
                return nil
            }
            guard position < stems.count, stems[position] == token else { return nil }
            return go(tokenIndex + 1, position + 1)
        }
        return go(0, start)
    }

    /// Best score per label: the strongest phrase plus a little for each further distinct phrase, capped at 1.
    public func scores(in stems: [String]) -> [Label: Double] {
        var byLabel: [Label: [Double]] = [:]
        var seen: Set<Occurrence> = []
        for match in matches(in: stems) where seen.insert(match.occurrence).inserted {
            byLabel[match.label, default: []].append(match.weight)
        }
        return byLabel.mapValues { weights in
            let sorted = weights.sorted(by: >)
            return min(1, sorted[0] + 0.15 * sorted.dropFirst().reduce(0, +))
        }
    }
}

/// A message prepared for lexicon matching: its words as written (for evidence) and their stems.
public struct AnalyzedMessage: Sendable {
    public let text: String
    public let words: [String]
    public let stems: [String]

    public init(_ text: String) {
        self.text = text
        self.words = TextAnalysis.words(text)
        self.stems = words.map(TextAnalysis.stem)
    }
}
