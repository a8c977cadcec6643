/// Word-level text handling shared by the classifier, the signal detector, the search query builder and the
/// answer composer, so that all of them agree on what a "word" is.
public enum TextAnalysis {
    /// Lowercased words of letters and digits (an apostrophe inside a word is dropped: "don't" → "dont").
    /// Everything else — punctuation, FTS5 operators, quotes, markup — separates words and never survives.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []  // the word so far, as UTF-8
        current.reserveCapacity(32)
        func flush() {
            if !current.isEmpty {
                words.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            }
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                // ASCII, the common case, without Unicode property lookups.
                switch value {
                case 0x61...0x7A, 0x30...0x39: current.append(UInt8(value))
                case 0x41...0x5A: current.append(UInt8(value + 0x20))
                case 0x27: continue  // "don't" → "dont"
                default: flush()
                }
            } else if scalar == "\u{2019}" {
                continue
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            } else {
                flush()
            }
        }
        flush()
        return words
    }

    /// Content words, stemmed: the terms two texts must share to be about the same thing.
    public static func terms(_ text: String) -> [String] {
        words(text).filter { !stopWords.contains($0) && $0.count > 1 }.map(stem)
    }

    /// A light suffix-stripping stemmer (plural, -ing, -ed, -ly, -ment...) — enough to match "distributors" with
    /// "distributor" and "planning" with "plan" when scoring sentences; FTS5 does its own Porter stemming.
    public static func stem(_ word: String) -> String {
        // Works on the UTF-8 bytes of ASCII words (every rule is about ASCII suffixes); others are left alone.
        var w = Array(word.utf8)
        guard w.count > 3, w.allSatisfy({ $0 < 0x80 }) else { return word }
        func ends(_ suffix: StaticString) -> Bool {
            let n = suffix.utf8CodeUnitCount
            guard w.count >= n else { return false }
            let tail = UnsafeBufferPointer(start: suffix.utf8Start, count: n)
            return w[(w.count - n)...].elementsEqual(tail)
        }
        func strip(_ suffix: StaticString, minStem: Int = 3, replacement: StaticString = "") -> Bool {
            let n = suffix.utf8CodeUnitCount
            guard ends(suffix), w.count - n >= minStem else { return false }
            w.removeLast(n)
            w.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            return true
        }
        if ends("ss") {
            // "business", "process": not a plural
        } else if strip("ies", replacement: "y") || strip("sses", replacement: "ss") {
        } else if ends("s"), !(ends("us") && w.count > 4), !ends("is") {
            // "skus" → "sku", but "status", "focus", "analysis" keep their s
            w.removeLast()
        }
        if strip("ing", minStem: 3) || strip("ed", minStem: 3) {
            // "planning" → "plann" → "plan"; "stocked" → "stock"
            if w.count > 3, w[w.count - 1] == w[w.count - 2], ![UInt8(ascii: "l"), UInt8(ascii: "s"), UInt8(ascii: "z")].contains(w[w.count - 1]) {
                w.removeLast()
            }
        } else if strip("ly", minStem: 4) || strip("ment", minStem: 4) {
        } else if strip("ation", minStem: 4, replacement: "ate") {
        } else if strip("er", minStem: 4) {
        }
        // a final silent "e" goes, so "ignore", "ignored" and "ignoring" meet at "ignor"
        if w.count > 4, ends("e"), !ends("ee") { w.removeLast() }
        return String(decoding: w, as: UTF8.self)
    }

    /// Sentences of a plain-text paragraph, split after `.`, `!` or `?` followed by a space and a capital letter,
    /// digit or quote — so "e.g. the" and "$1.5 million" stay whole.
    public static func sentences(_ text: String) -> [String] {
        var result: [String] = []
        let chars = Array(text)
        var start = 0
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "." || c == "!" || c == "?" {
                var end = i + 1
                while end < chars.count, chars[end] == "\"" || chars[end] == "\u{201D}" || chars[end] == ")" { end += 1 }
                if end >= chars.count {
                    i = end
                    break
                }
                if chars[end] == " ", end + 1 < chars.count {
                    let next = chars[end + 1]
                    let abbreviation = c == "." && isAbbreviation(chars, endingAt: i)
                    if !abbreviation, next.isUppercase || next.isNumber || next == "\"" || next == "\u{201C}" {
                        let sentence = String(chars[start..<end]).trimmed()
                        if !sentence.isEmpty { result.append(sentence) }
                        start = end + 1
                        i = start
                        continue
                    }
                }
            }
            i += 1
        }
        let tail = String(chars[min(start, chars.count)...]).trimmed()
        if !tail.isEmpty { result.append(tail) }
        return result
    }

    private static func isAbbreviation(_ chars: [Character], endingAt dot: Int) -> Bool {
        var start = dot
        while start > 0, chars[start - 1].isLetter || chars[start - 1] == "." { start -= 1 }
        let word = String(chars[start..<dot]).lowercased()
        return ["e.g", "i.e", "vs", "etc", "mr", "ms", "dr", "inc", "co", "u.s", "st"].contains(word)
            || (word.count == 1 && word.first!.isLetter)
    }

    /// Common English words that carry no topic. Kept small on purpose: "not", "no" and question words matter
    /// to the classifier, which reads `words`, not `terms`.
    public static let stopWords: Set<String> = [
        "a", "an", "the", "and", "or", "but", "if", "then", "so", "of", "to", "in", "on", "at", "by", "for", "with",
        "from", "into", "about", "as", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did",
        "done", "have", "has", "had", "having", "i", "me", "my", "we", "us", "our", "ours", "you", "your", "yours",
        "he", "she", "it", "its", "they", "them", "their", "this", "that", "these", "those", "there", "here", "what",
        "which", "who", "whom", "how", "why", "when", "where", "can", "could", "would", "should", "will", "shall",
        "may", "might", "must", "just", "also", "very", "too", "any", "some", "all", "more", "most", "much", "many",
        "not", "no", "yes", "get", "got", "getting", "make", "makes", "let", "lets", "im", "ive", "weve", "dont",
        "doesnt", "cant", "wont", "hi", "hello", "hey", "please", "thanks", "thank", "really", "want", "need",
        "like", "know", "tell", "way", "ways", "thing", "things", "one", "out", "up", "than", "over", "other",
        "each", "only", "own", "same", "such", "both", "few", "again", "further", "once", "after", "before",
        "while", "because", "until", "against", "between", "through", "during", "above", "below", "off", "down",
    ]
}
