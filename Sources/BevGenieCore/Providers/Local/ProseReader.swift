/// Reads page material out of ordinary prose: the shapes a company's own writing has when nobody formatted it
/// for a page builder. A paragraph's topic sentence is a key point; a sentence that states a figure is a metric;
/// "first… then… finally" is a sequence of steps; a question in the text with the sentences after it is an FAQ
/// entry; a quotation with "says Name" is a testimonial.
///
/// Everything returned is a verbatim piece of one chunk (a sentence, a clause, a quoted span, a name), so a page
/// built from it cites text that says exactly what the page says. Nothing here composes or rewords.
enum ProseReader {
    /// One sentence of a chunk with where it came from.
    struct Sentence: Sendable {
        var text: String
        var chunk: KnowledgeChunk
        /// The section heading above it, when the document has one.
        var heading: String?
        /// Its place in the paragraph (0: the topic sentence).
        var position: Int
        var paragraph: String
        var terms: Set<String>
    }

    /// The sentences of prose paragraphs and plain bullets, in document order (a document's title line excluded).
    static func sentences(_ chunks: [KnowledgeChunk]) -> [Sentence] {
        chunks.flatMap { chunk in
            // Read once per chunk and kept with it (each kept sentence names a detached copy; the chunk goes back).
            chunk.derived(ChunkSentences.self) { ChunkSentences(sentences: read(chunk)) }.sentences.map { sentence in
                var sentence = sentence
                sentence.chunk = chunk
                return sentence
            }
        }
    }

    private struct ChunkSentences: Sendable {
        let sentences: [Sentence]
    }

    private static func read(_ source: KnowledgeChunk) -> [Sentence] {
        var result: [Sentence] = []
        let chunk = source.detached
        for block in source.blocks {
            var paragraph: String
            switch block {
            case .paragraph(let text): paragraph = text
            case .listItem(let item) where item.label == nil: paragraph = item.text
            default: continue
            }
            paragraph = paragraph.trimmed()
            guard paragraph != chunk.documentTitle else { continue }
            for (position, sentence) in TextAnalysis.sentences(paragraph).enumerated() {
                let text = sentence.trimmed()
                guard TextAnalysis.words(text).count >= 3 else { continue }
                result.append(Sentence(
                    text: text, chunk: chunk, heading: chunk.headings.last, position: position,
                    paragraph: paragraph, terms: Set(TextAnalysis.terms(text))))
            }
        }
        return result
    }

    // MARK: - Key points

    /// A titled point: a heading with its first sentence, or a topic sentence titled by its own opening words.
    struct KeyPoint {
        var title: String
        var description: String
        var chunk: KnowledgeChunk
        var terms: Set<String>
        var isProblem: Bool
    }

    /// The key points of `chunks` (one document): one per headed section (its heading and first sentence), one per
    /// paragraph without a heading (its topic sentence, titled by its most telling phrase). `elsewhere` is the
    /// lowercased text of the other documents on the page: a phrase found there too ("Still Hollow") names the
    /// company, not this point.
    static func keyPoints(_ chunks: [KnowledgeChunk], question: Set<String> = [], elsewhere: String = "") -> [KeyPoint] {
        var points: [KeyPoint] = []
        var seenSections: Set<String> = []
        let all = sentences(chunks)
        var frequency: [String: Int] = [:]
        for sentence in all { for term in sentence.terms { frequency[term, default: 0] += 1 } }
        let salience = frequency.mapValues { Double(min($0, 3)) / 3 }.merging(
            question.map { ($0, 2.0) }, uniquingKeysWith: +)
        for sentence in all where sentence.position == 0 || states(problem: sentence.text) {
            guard sentence.text.count >= 25, sentence.text.count <= 400, !sentence.text.hasSuffix("?"),
                !Quotable.refersToItsPage(sentence.text), !sentence.text.contains("\u{201C}"),
                !sentence.text.hasPrefix("\"")
            else { continue }  // a quotation belongs in a testimonial, with its speaker
            let title: String
            if let heading = sentence.heading, !heading.hasSuffix("?") {
                // One point per section: its heading is the title; the first sentence says what it is.
                let key = sentence.chunk.documentId + "\u{1}" + heading
                guard seenSections.insert(key).inserted else { continue }
                title = heading
            } else if let short = shortTitle(sentence.text, salience: salience, elsewhere: elsewhere) {
                title = short
            } else {
                continue
            }
            points.append(KeyPoint(
                title: title, description: sentence.text, chunk: sentence.chunk,
                terms: sentence.terms.union(TextAnalysis.terms(title)), isProblem: states(problem: sentence.text)))
        }
        return points
    }

    /// Words that mark a sentence as stating a problem: what a pain-points section lists.
    static let problemCues = [
        "problem", "challenge", "risk", "delay", "slow", "late", "miss", "lose", "lost", "waste", "hard", "difficult",
        "struggle", "fail", "reject", "mistake", "error", "penalt", "fine ", "fined", "expensive", "costly", "can't",
        "cannot", "won't", "will not", "do not", "don't", "never", "too many", "too few", "too long", "shortage",
        "out of stock", "out-of-stock", "ignore", "confus", "frustrat", "worr", "concern", "bottleneck", "backlog",
        "behind", "pitfall", "trouble", "unless", "fewer than", "only if", "not enough", "stuck", "drop",
    ]

    static func states(problem text: String) -> Bool {
        // At the start of a word: "closed" does not state a loss.
        let lower = " " + text.lowercased().map { $0.isLetter || $0 == "'" || $0 == "-" ? $0 : " " }.map(String.init).joined()
        return problemCues.contains { lower.contains(" " + $0) }
    }

    /// Words after which a sentence's subject has ended: "Our tasting room | is open…".
    static let predicateWords: Set<String> = [
        "is", "are", "was", "were", "be", "has", "have", "had", "will", "would", "can", "could", "should", "must",
        "may", "might", "does", "do", "did", "takes", "take", "costs", "cost", "means", "gives", "lets", "helps",
        "makes", "runs", "needs", "starts", "includes", "comes", "goes", "works", "sells", "ships", "requires",
        "offers", "gets", "pays", "charges", "keeps", "depends", "varies", "usually", "always", "never", "often",
        "only", "also", "then", "tend", "tends", "rarely",
    ]

    /// Words a title does not start with: a pronoun subject says nothing on its own.
    static let weakOpeners: Set<String> = ["we", "it", "this", "that", "they", "you", "i", "there", "he", "she", "its"]

    /// A short title that is a phrase of `sentence` itself: its lead-in before a colon ("Pricing"), its subject
    /// ("Our consulting retainer"), else its most telling run of two to four words; the first letter capitalised.
    static func shortTitle(_ sentence: String, salience: [String: Double] = [:], elsewhere: String = "") -> String? {
        let words = sentence.split(separator: " ").map(String.init)
        if let colon = sentence.firstIndex(of: ":") {
            let lead = sentence[..<colon].trimmed()
            let count = lead.split(separator: " ").count
            if count >= 1, count <= 6, lead.count >= 3 { return capitalised(lead) }
        }
        // The subject: the words before the first predicate word, when there are two to seven of them.
        for (index, word) in words.enumerated() where index >= 2 && index <= 7 {
            let bare = TextAnalysis.words(word).first ?? ""
            guard predicateWords.contains(bare) else { continue }
            let subject = clean(words[..<index].joined(separator: " "))
            let opener = TextAnalysis.words(words[0]).first ?? ""
            let isName = subject.split(separator: " ").allSatisfy { $0.first?.isUppercase ?? false }
            if !subject.contains(","), subject.count <= 60, !weakOpeners.contains(opener), !isName,
                !TextAnalysis.terms(subject).isEmpty, !elsewhere.contains(subject.lowercased())
            {
                return capitalised(subject)
            }
            break
        }
        // The run of words that carries the most: words the passage keeps returning to, and the question's own.
        var best: (score: Double, start: Int, end: Int)?
        var spanStart = 0
        for index in words.indices {
            let word = words[index]
            let endsSpan = word.last.map { ",;:.!?)\u{201D}\"".contains($0) } ?? false
            for start in max(spanStart, index - 3)...index {
                let run = words[start...index]
                let first = TextAnalysis.words(run.first!).first ?? "", last = TextAnalysis.words(word).first ?? ""
                guard !first.isEmpty, !last.isEmpty, !TextAnalysis.stopWords.contains(first),
                    !TextAnalysis.stopWords.contains(last), !weakOpeners.contains(first), !predicateWords.contains(first),
                    run.allSatisfy({ word in
                        !word.contains(where: \.isNumber) && !predicateWords.contains(TextAnalysis.words(word).first ?? "")
                    }),
                    run.dropLast().allSatisfy({ !($0.last.map { ",;:.!?(".contains($0) } ?? false) })
                else { continue }
                let phrase = clean(run.joined(separator: " "))
                guard !elsewhere.contains(phrase.lowercased()) else { continue }
                let terms = TextAnalysis.terms(phrase)
                var score = terms.reduce(0) { $0 + (salience[$1] ?? 0.3) } - 0.15 * Double(run.count)
                if run.count == 1 { score -= 0.3 }
                if best == nil || score > best!.score { best = (score, start, index) }
            }
            if endsSpan { spanStart = index + 1 }
        }
        guard let best, best.score > 0 else { return nil }
        return capitalised(clean(words[best.start...best.end].joined(separator: " ")))
    }

    static func capitalised(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }

    private static func clean(_ text: String) -> String {
        var text = text.trimmed()
        while let last = text.last, ".,;:!?\u{2014}-".contains(last) { text.removeLast() }
        return text
    }

    // MARK: - Figures

    /// A figure stated in a sentence: the figure as written and the sentence it measures.
    struct Figure {
        var value: String
        var sentence: Sentence
    }

    /// Words that make a bare number a measurement ("500 cases", "6 weeks").
    static let units: Set<String> = [
        "case", "cases", "bottle", "bottles", "day", "days", "week", "weeks", "month", "months", "year", "years",
        "hour", "hours", "minute", "minutes", "state", "states", "store", "stores", "account", "accounts",
        "distributor", "distributors", "customer", "customers", "client", "clients", "barrel", "barrels", "gallon",
        "gallons", "liter", "liters", "litre", "litres", "label", "labels", "sku", "skus", "rep", "reps", "retailer",
        "retailers", "bar", "bars", "restaurant", "restaurants", "proof", "people", "guest", "guests", "member",
        "members", "sample", "samples", "order", "orders", "visit", "visits", "location", "locations", "brand",
        "brands", "employee", "employees", "percent", "points", "times", "x", "ml", "oz", "pounds", "kg", "tons",
        "acres", "venues", "markets", "doors", "placements", "tastings", "batches", "cocktails", "spirits",
    ]

    /// The figures stated in `sentences`: money, percentages, multiples and counted things. Years, dates, phone
    /// numbers and step numbers are not figures.
    static func figures(_ sentences: [Sentence]) -> [Figure] {
        var result: [Figure] = []
        for sentence in sentences where sentence.text.count <= 400 {
            if let value = firstFigure(in: sentence.text) {
                result.append(Figure(value: value, sentence: sentence))
            }
        }
        return result
    }

    /// The sentence's most telling figure: a percentage, else money, else a multiple, else a count.
    static func firstFigure(in text: String) -> String? {
        let all = allFigures(in: text)
        func rank(_ value: String) -> Int {
            if value.contains("%") || value.hasSuffix("percent") { return 0 }
            if value.first.map({ "$€£".contains($0) }) ?? false { return 1 }
            if value.hasSuffix("x") || value.hasSuffix("×") { return 2 }
            return 3
        }
        return all.enumerated().min { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }?.element
    }

    static func allFigures(in text: String) -> [String] {
        var found: [String] = []
        let tokens = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        for (index, raw) in tokens.enumerated() {
            let token = raw.trimmingCharacters(in: ["(", ")", "\"", "\u{201C}", "\u{201D}"])
            guard token.contains(where: \.isNumber) else { continue }
            let bare = token.trimmingCharacters(in: [".", ",", ";", ":", "!", "?"])
            let currency = bare.first.map { "$€£".contains($0) } ?? false
            let percent = bare.hasSuffix("%")
            let multiple = bare.count >= 2 && (bare.hasSuffix("x") || bare.hasSuffix("×"))
                && bare.dropLast().allSatisfy { $0.isNumber || $0 == "." }
            let next = index + 1 < tokens.count ? TextAnalysis.words(tokens[index + 1]).first ?? "" : ""
            let digits = bare.filter(\.isNumber)
            let numeric = bare.allSatisfy { $0.isNumber || $0 == "," || $0 == "." || $0 == "-" || $0 == "–" }
                && !digits.isEmpty
            // A bare four-digit number from 1900 to 2100 is a year; "Step 2" is a position, not a measure.
            let isYear = numeric && digits.count == 4 && (1900...2100).contains(Int(digits) ?? 0) && !bare.contains(",")
            let previous = index > 0 ? tokens[index - 1].lowercased() : ""
            guard !isYear, !["step", "no.", "#", "page", "phase", "tier", "version"].contains(previous) else { continue }
            var value: String
            var used = 1
            if currency || percent || multiple {
                value = bare
                if currency, ["k", "m", "million", "thousand", "billion"].contains(next) {
                    value += " " + tokens[index + 1].trimmingCharacters(in: [".", ",", ";", ":"])
                    used = 2
                }
            } else if numeric, units.contains(next) || next == "percent" {
                value = bare + " " + tokens[index + 1].trimmingCharacters(in: [".", ",", ";", ":", ")"])
                used = 2
            } else {
                continue
            }
            // "$2,000 a month", "$12 per bottle": the rate is part of the figure.
            if index + used + 1 < tokens.count, ["a", "an", "per", "each", "every"].contains(tokens[index + used].lowercased()) {
                let period = tokens[index + used + 1].trimmingCharacters(in: [".", ",", ";", ":", ")"])
                if ["month", "year", "week", "day", "case", "bottle", "hour", "person", "guest", "head", "seat",
                    "location", "store", "user", "visit", "order", "session", "tasting"].contains(period.lowercased()),
                    let lastRaw = tokens[index + used - 1].last, !",.;:)".contains(lastRaw)
                {
                    value += " " + tokens[index + used] + " " + period
                }
            }
            // "4 to 6 months", "3-5 weeks": a range is one figure.
            if index >= 2, ["to", "-", "–"].contains(tokens[index - 1]), tokens[index - 2].allSatisfy({ $0.isNumber || $0 == "," }) {
                let range = tokens[index - 2] + " " + tokens[index - 1] + " " + value
                if text.contains(range) { value = range }
            }
            guard value.count <= 40, text.contains(value) else { continue }
            found.append(value)
        }
        return found
    }

    // MARK: - Sequences

    static let startMarkers = ["first", "to start", "start by", "begin by", "to begin", "step 1", "the first step"]
    static let nextMarkers = [
        "second", "third", "fourth", "then", "next", "after that", "afterwards", "after this", "once", "finally",
        "last", "lastly", "step ", "the next step", "the last step", "the final step", "when that",
    ]

    /// The steps a passage walks through: sentences that open with "First… Then… Finally", in order, or the
    /// clauses of one sentence that does ("first X, then Y, and finally Z").
    static func sequence(_ chunks: [KnowledgeChunk]) -> [Sentence]? {
        let all = sentences(chunks)
        func opens(_ text: String, _ markers: [String]) -> Bool {
            let lower = text.lowercased()
            return markers.contains { lower.hasPrefix($0) && !lower.hasPrefix("firstly-") }
        }
        for (index, sentence) in all.enumerated() where opens(sentence.text, startMarkers) {
            var steps = [sentence]
            var gap = 0
            for candidate in all[(index + 1)...] {
                if opens(candidate.text, nextMarkers) {
                    steps.append(candidate)
                    gap = 0
                    let lower = candidate.text.lowercased()
                    if lower.hasPrefix("finally") || lower.hasPrefix("lastly") || lower.hasPrefix("the last step")
                        || lower.hasPrefix("the final step")
                    {
                        break
                    }
                } else {
                    gap += 1
                    if gap > 2 { break }  // the passage has moved on
                }
            }
            if steps.count >= 2 { return steps }
        }
        // One sentence: "First …, then …, and finally …".
        for sentence in all {
            let parts = clauses(of: sentence.text)
            if parts.count >= 2 {
                return parts.map { part in
                    var step = sentence
                    step.text = part
                    return step
                }
            }
        }
        return nil
    }

    /// The clauses of a sentence that lists a sequence, each verbatim; [] when it does not.
    static func clauses(of sentence: String) -> [String] {
        let lower = sentence.lowercased()
        guard lower.contains("first") else { return [] }
        var cuts: [String.Index] = []
        for separator in [", then ", "; then ", ", and then ", ", next ", ", after that ", ", and finally ", ", finally ",
                          "; finally "]
        {
            var searchStart = lower.startIndex
            while let range = lower.range(of: separator, range: searchStart..<lower.endIndex) {
                // Cut after the punctuation: the marker word starts the next step.
                cuts.append(sentence.index(range.lowerBound, offsetBy: 1))
                searchStart = range.upperBound
            }
        }
        guard !cuts.isEmpty else { return [] }
        var parts: [String] = []
        var start = sentence.startIndex
        for cut in Set(cuts).sorted() {
            parts.append(String(sentence[start..<sentence.index(before: cut)]).trimmed())
            start = cut
        }
        parts.append(String(sentence[start...]).trimmed())
        let usable = parts.filter { TextAnalysis.words($0).count >= 2 }
        return usable.count == parts.count ? usable : []
    }

    // MARK: - Questions

    /// A question asked in the text and the sentences that answer it.
    struct Entry {
        var question: String
        var answer: String
        var chunk: KnowledgeChunk
    }

    /// Questions written into prose ("How long does approval take? Most labels clear in…") with the one or two
    /// sentences after them; a question alone in its paragraph is answered by the next paragraph's opening.
    static func questions(_ chunks: [KnowledgeChunk]) -> [Entry] {
        var entries: [Entry] = []
        for chunk in chunks {
            let paragraphs = chunk.blocks.compactMap { block -> String? in
                if case .paragraph(let text) = block { return text.trimmed() }
                return nil
            }
            for (index, paragraph) in paragraphs.enumerated() {
                let sentences = TextAnalysis.sentences(paragraph)
                for (position, sentence) in sentences.enumerated() where sentence.hasSuffix("?") {
                    var answer = Array(sentences[(position + 1)...].prefix { !$0.hasSuffix("?") }.prefix(2))
                    if answer.isEmpty, position == sentences.count - 1, index + 1 < paragraphs.count {
                        answer = Array(TextAnalysis.sentences(paragraphs[index + 1]).prefix { !$0.hasSuffix("?") }.prefix(2))
                    }
                    let joined = answer.joined(separator: " ")
                    guard TextAnalysis.words(sentence).count >= 3, TextAnalysis.words(joined).count >= 4 else { continue }
                    let question = stripPrefix(sentence, ["q:", "q.", "question:"])
                    let text = stripPrefix(joined, ["a:", "a.", "answer:"])
                    guard chunk.plainText.contains(text) else { continue }
                    entries.append(Entry(question: question, answer: text, chunk: chunk))
                }
            }
        }
        return entries
    }

    private static func stripPrefix(_ text: String, _ prefixes: [String]) -> String {
        for prefix in prefixes where text.lowercased().hasPrefix(prefix) {
            return String(text.dropFirst(prefix.count)).trimmed()
        }
        return text
    }

    // MARK: - Quotes

    /// A quotation in the text with the person it is attributed to: `“…,” says Name, Title` or `Name said, “…”`.
    static func attributedQuotes(_ chunks: [KnowledgeChunk]) -> [(quote: String, author: String, chunk: KnowledgeChunk)] {
        var found: [(String, String, KnowledgeChunk)] = []
        let verbs = ["says", "said", "explains", "explained", "notes", "noted", "adds", "added", "writes", "wrote",
                     "told us", "recalls", "recalled"]
        let pronouns: Set<String> = ["he", "she", "they", "we", "i", "it", "one", "someone", "everyone", "you"]
        for chunk in chunks {
            for paragraph in chunk.paragraphs {
                for (open, close) in [("\u{201C}", "\u{201D}"), ("\"", "\"")] {
                    var searchStart = paragraph.startIndex
                    while let openRange = paragraph.range(of: open, range: searchStart..<paragraph.endIndex),
                        let closeRange = paragraph.range(of: close, range: openRange.upperBound..<paragraph.endIndex)
                    {
                        searchStart = closeRange.upperBound
                        var quote = String(paragraph[openRange.upperBound..<closeRange.lowerBound]).trimmed()
                        while let last = quote.last, last == "," { quote.removeLast() }
                        guard quote.count >= 25, TextAnalysis.words(quote).count >= 5 else { continue }
                        // After: `," says Name, Title.` / ` — Name`
                        let after = String(paragraph[closeRange.upperBound...])
                        var author: String?
                        let trimmedAfter = after.drop { $0 == "," || $0 == " " }
                        for verb in verbs where trimmedAfter.lowercased().hasPrefix(verb + " ") {
                            author = name(in: String(trimmedAfter.dropFirst(verb.count + 1)), pronouns: pronouns)
                            break
                        }
                        if author == nil, let dash = trimmedAfter.first, "\u{2014}\u{2013}-".contains(dash) {
                            author = name(in: String(trimmedAfter.dropFirst()), pronouns: pronouns)
                        }
                        if author == nil {
                            // Before: `Name, Title, says: “…”`
                            let before = String(paragraph[..<openRange.lowerBound]).trimmed()
                            let lower = before.lowercased()
                            for verb in verbs {
                                for ending in [" \(verb),", " \(verb):", " \(verb)"] where lower.hasSuffix(ending) {
                                    let lead = String(before.dropLast(ending.count))
                                    let clause = lead.split(separator: ".").last.map(String.init) ?? lead
                                    if let candidate = name(in: clause.trimmed(), pronouns: pronouns),
                                        clause.trimmed().hasPrefix(candidate)
                                    {
                                        author = candidate
                                    }
                                }
                                if author != nil { break }
                            }
                        }
                        if let author, chunk.plainText.contains(author) { found.append((quote, author, chunk)) }
                    }
                }
            }
        }
        return found
    }

    /// A person named at the start of `text`: capitalised words, with a title after a comma (", head distiller at
    /// Still Hollow"), up to the end of the sentence; nil for a pronoun ("she said").
    static func name(in text: String, pronouns: Set<String>) -> String? {
        let trimmed = text.trimmed()
        guard let first = trimmed.split(separator: " ").first, let initial = first.first, initial.isUppercase,
            !pronouns.contains(first.lowercased().trimmingCharacters(in: [",", "."]))
        else { return nil }
        var end = trimmed.endIndex
        for (index, character) in zip(trimmed.indices, trimmed) {
            if character == "." || character == ";" || character == "\u{201C}" || character == "\"" || character == "(" {
                // "J. Smith": an initial's dot is part of the name.
                let previous = index > trimmed.startIndex ? trimmed[trimmed.index(before: index)] : " "
                let beforePrevious = trimmed.index(index, offsetBy: -2, limitedBy: trimmed.startIndex).map { trimmed[$0] } ?? " "
                if character == ".", previous.isUppercase, beforePrevious == " " || index == trimmed.index(after: trimmed.startIndex) {
                    continue
                }
                end = index
                break
            }
        }
        var author = String(trimmed[..<end]).trimmed()
        while let last = author.last, ",:".contains(last) { author.removeLast() }
        guard author.count >= 3, author.count <= 120, TextAnalysis.words(author).count <= 16 else { return nil }
        return author
    }

    // MARK: - Next steps

    static let contactCues = ["contact", "email", "e-mail", "call us", "get in touch", "reach us", "book a",
                              "schedule a", "sign up", "write to us", "reserve a", "request a", "@", "http"]
    /// Imperatives a next-step sentence opens with ("Email us…", "Book a…").
    static let nextStepOpeners: Set<String> = ["email", "call", "book", "contact", "schedule", "write", "reserve",
                                               "request", "visit", "sign", "reach", "ask", "get", "send"]

    /// A sentence that tells a visitor how to take the next step: what a call to action can say.
    static func nextStep(_ chunks: [KnowledgeChunk]) -> Sentence? {
        sentences(chunks).first { sentence in
            let lower = sentence.text.lowercased()
            let opener = TextAnalysis.words(sentence.text).first ?? ""
            return sentence.text.count <= 300 && !sentence.text.hasSuffix("?") && contactCues.contains { lower.contains($0) }
                && (nextStepOpeners.contains(opener) || lower.contains(" us") || lower.contains("@") || lower.contains("http"))
        }
    }
}
