/// A title for text that does not declare one (no front matter, no heading): its first line when that reads as a
/// title, else the opening words of its first sentence. Never the file name — "tastings_roi.txt" says how someone
/// filed a document, not what a visitor should read at the top of a page.
public enum DocumentTitle {
    /// The longest title taken from a sentence, in words.
    static let maxWords = 10

    public static func fromText(_ text: String) -> String? {
        guard let line = text.split(separator: "\n").lazy.map({ String($0).trimmed() }).first(where: { line in
            !line.isEmpty && !line.hasPrefix("---") && !TextAnalysis.words(line).isEmpty
        }) else { return nil }
        let plain = MarkdownParser.blocks(line).first?.plainText.trimmed() ?? line
        let clean = plain.trimmingCharacters(in: ["#", " ", "*", "_", "\\"])
        // A short first line without a full stop is a title line ("Tasting room hours").
        if clean.count <= 80, !clean.hasSuffix("."), TextAnalysis.words(clean).count <= 12 { return clean }
        // Otherwise the first sentence, whole when it is short, else its first clause or first words.
        let sentence = TextAnalysis.sentences(clean).first ?? clean
        var title = sentence
        if TextAnalysis.words(title).count > maxWords {
            let words = title.split(separator: " ")
            // Its subject, when that is a phrase of its own ("Getting a new label approved | takes longer…").
            let clauseWords: Set<String> = ["that", "which", "who", "because", "when", "where", "while", "so", "we",
                                            "you", "they", "if"]
            let firstClause = words.indices.first { clauseWords.contains(TextAnalysis.words(String(words[$0])).first ?? "") }
            if let verb = words.indices.first(where: { index in
                index >= 4 && index <= maxWords && ProseReader.predicateWords.contains(TextAnalysis.words(String(words[index])).first ?? "")
            }), verb < (firstClause ?? .max), !words[..<verb].joined().contains(",") {
                title = words[..<verb].joined(separator: " ")
            } else if let clause = words.indices.first(where: { index in
                // Where a clause of its own begins: "…a cocktail bar in Asheville | that has poured…".
                index >= 3 && index <= maxWords
                    && ["that", "which", "who", "because", "when", "where", "while", "so", "we", "you", "they", "if"]
                        .contains(TextAnalysis.words(String(words[index])).first ?? "")
            }), !words[..<clause].joined().contains(",") {
                title = words[..<clause].joined(separator: " ")
            } else if let cut = title.firstIndex(where: { ",;:(".contains($0) || $0 == "\u{2014}" }),
                TextAnalysis.words(String(title[..<cut])).count >= 3,
                TextAnalysis.words(String(title[..<cut])).count <= maxWords
            {
                title = String(title[..<cut])
            } else {
                title = title.split(separator: " ").prefix(maxWords).joined(separator: " ")
                // End on a word that carries meaning, not "the", "of", "and".
                var words = title.split(separator: " ").map(String.init)
                while words.count > 3, let last = words.last,
                    TextAnalysis.stopWords.contains(TextAnalysis.words(last).first ?? "")
                {
                    words.removeLast()
                }
                title = words.joined(separator: " ")
            }
        }
        title = title.trimmed()
        while let last = title.last, ".,;:!".contains(last) { title.removeLast() }
        return title.isEmpty ? nil : title
    }
}
