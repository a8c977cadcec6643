/// The proper names in a question ("Texas", "Westward Whiskey", "Provi"), to check that the knowledge mentions
/// them before answering as if it did.
///
/// A name is a run of capitalised words that does not open the sentence (the first word of a question is
/// capitalised anyway) and is not the pronoun "I". Asking about a name the knowledge never mentions gets one
/// sentence saying so, not quotes about something nearby.
enum NamedThings {
    static func names(in message: String) -> [String] {
        var names: [String] = []
        var current: [String] = []
        var sentenceStart = true
        func flush() {
            if !current.isEmpty { names.append(current.joined(separator: " ")) }
            current = []
        }
        for raw in message.split(whereSeparator: { $0.isWhitespace }) {
            let endsSentence = raw.last.map { ".?!".contains($0) } ?? false
            let word = raw.trimmingCharacters(in: .punctuationCharacters.union(.symbols))
                .replacingOccurrences(of: "'s", with: "").replacingOccurrences(of: "\u{2019}s", with: "")
            let capitalised = word.first?.isUppercase == true && word.count > 1 && word != "I'm" && word != "I've"
            if capitalised && !sentenceStart {
                current.append(word)
            } else {
                flush()
            }
            // A comma or a closing word ends a name: "Texas, Oklahoma" are two.
            if raw.last.map({ ",;:".contains($0) }) ?? false { flush() }
            sentenceStart = endsSentence
            if endsSentence { flush() }
        }
        flush()
        return names.filter { !ignored.contains($0.lowercased()) }
    }

    /// Capitalised words that are not names of things the knowledge would need to mention.
    static let ignored: Set<String> = ["i", "ok", "okay", "please", "thanks", "hi", "hello", "hey"]

    /// Whether `name` occurs in `text` as whole words, ignoring case.
    static func mentions(_ text: String, _ name: String) -> Bool {
        let words = TextAnalysis.words(text)
        let wanted = TextAnalysis.words(name)
        guard !wanted.isEmpty, words.count >= wanted.count else { return false }
        for start in 0...(words.count - wanted.count) where words[start] == wanted[0] {
            if Array(words[start..<(start + wanted.count)]) == wanted { return true }
        }
        // "Marionberry Gin's" and plural forms: compare stems word by word.
        let stems = words.map(TextAnalysis.stem)
        let wantedStems = wanted.map(TextAnalysis.stem)
        for start in 0...(stems.count - wantedStems.count) where stems[start] == wantedStems[0] {
            if Array(stems[start..<(start + wantedStems.count)]) == wantedStems { return true }
        }
        return false
    }
}
