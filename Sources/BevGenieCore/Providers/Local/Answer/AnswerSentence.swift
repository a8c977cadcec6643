/// A whole sentence (or list item, or attributed quote) of a retrieved chunk, as the answer can quote it.
///
/// Sentences are cut with `TextAnalysis.sentences` and then mended so that nothing quoted is a fragment: a quote
/// split at its inner full stop is rejoined until its quotation marks balance, and a bare "Yes." or "No." is kept
/// with the sentence that follows it (on its own it says nothing; with it, it is the answer). Questions in the
/// text are not quotable, but they say what the sentences after them answer.
struct AnswerSentence: Sendable {
    var text: String
    /// Index of the hit (passage) in the retrieved list, 0 = best.
    var hit: Int
    var chunk: KnowledgeChunk
    /// Where the sentence sits in its chunk: block index and sentence index within the block.
    var block: Int
    var position: Int
    var terms: Set<String>
    /// The stemmed words of the chunk's document title and headings.
    var contextTerms: Set<String> = []
    var shape: SentenceShape
    /// A numbered list item or a sentence that opens with a sequence word ("First", "Then", "Finally").
    var isStep: Bool
    /// A list item rather than a sentence of a paragraph.
    var isListItem = false
    /// The question this sentence answers, when the text asks one just before it (same paragraph) or the
    /// section's heading / the document's title is one. `distance` is 1 for the sentence right after it.
    var askedBy: (question: String, distance: Int)?

    /// The quotable sentences of one chunk, in reading order.
    static func extract(from chunk: KnowledgeChunk, hit: Int) -> [AnswerSentence] {
        // Read once per chunk and kept with it: the same passages answer question after question.
        chunk.derived(Extracted.self) { Extracted(sentences: read(chunk)) }.sentences.map { sentence in
            var sentence = sentence
            sentence.chunk = chunk
            sentence.hit = hit
            return sentence
        }
    }

    /// A chunk's sentences as kept with it, each naming a detached copy of the chunk (`KnowledgeChunk.detached`)
    /// and hit 0; `extract` puts back the chunk and the hit it was asked for.
    private struct Extracted: Sendable {
        let sentences: [AnswerSentence]
    }

    private static func read(_ source: KnowledgeChunk) -> [AnswerSentence] {
        let chunk = source.detached
        let hit = 0
        var result: [AnswerSentence] = []
        let contextTerms = Set(TextAnalysis.terms(chunk.headingPath))
        let headingQuestion = [chunk.headings.last, chunk.headings.isEmpty ? chunk.documentTitle : nil]
            .compactMap { $0 }.first { $0.hasSuffix("?") }
        var firstParagraph = true
        for (blockIndex, block) in source.blocks.enumerated() {  // the source's parse, kept with it
            switch block {
            case .paragraph(let text):
                var question: (String, Int)? = firstParagraph ? headingQuestion.map { ($0, 0) } : nil
                firstParagraph = false
                for (position, sentence) in mended(TextAnalysis.sentences(text)).enumerated() {
                    if sentence.hasSuffix("?") {
                        question = (sentence, 0)
                        continue
                    }
                    if let asked = question { question = (asked.0, asked.1 + 1) }
                    // A paragraph "sentence" without a full stop is a title line or a cut-off fragment.
                    guard endsLikeASentence(sentence), let piece = make(sentence, chunk: chunk, hit: hit, block: blockIndex, position: position,
                                           isStep: startsWithSequenceWord(sentence), askedBy: question)
                    else { continue }
                    result.append(piece)
                }
            case .listItem(let item):
                if var piece = make(item.plainText, chunk: chunk, hit: hit, block: blockIndex, position: 0,
                                    isStep: item.ordered || startsWithSequenceWord(item.text), askedBy: nil)
                {
                    piece.isListItem = true
                    result.append(piece)
                }
            case .quote(let text, let attribution):
                let quoted = attribution.map { "\u{201C}\(text)\u{201D} — \($0)" } ?? text
                if let piece = make(quoted, chunk: chunk, hit: hit, block: blockIndex, position: 0, isStep: false,
                                    askedBy: nil)
                {
                    result.append(piece)
                }
            case .table:
                continue  // tables read badly as prose; pages show them
            }
        }
        for index in result.indices { result[index].contextTerms = contextTerms }
        return result
    }

    private static func make(
        _ text: String, chunk: KnowledgeChunk, hit: Int, block: Int, position: Int, isStep: Bool,
        askedBy: (String, Int)?
    ) -> AnswerSentence? {
        let text = text.trimmed()
        let terms = Set(TextAnalysis.terms(text))
        // Too short to say anything alone, a heading-like line ending in a colon, or a sentence about its own page.
        guard text.count >= 12, text.count <= 500, !text.hasSuffix(":"), !terms.isEmpty,
            !Quotable.refersToItsPage(text)
        else { return nil }
        return AnswerSentence(
            text: text, hit: hit, chunk: chunk, block: block, position: position, terms: terms,
            shape: SentenceShape(text), isStep: isStep, askedBy: askedBy.map { (question: $0.0, distance: $0.1) })
    }

    /// Rejoins what the sentence splitter cut inside a quotation, and keeps a bare "Yes." / "No." with what follows.
    static func mended(_ sentences: [String]) -> [String] {
        var result: [String] = []
        var pending: String?
        var joinedCount = 0
        for sentence in sentences {
            let joined = pending.map { $0 + " " + sentence } ?? sentence
            joinedCount += 1
            let bare = ["yes.", "no.", "yes!", "no!"].contains(joined.lowercased())
            // A stray quotation mark must not swallow the paragraph: at most four sentences are joined.
            if bare || (!quotesBalance(joined) && joinedCount < 4) {
                pending = joined
            } else {
                result.append(joined)
                pending = nil
                joinedCount = 0
            }
        }
        if let pending { result.append(pending) }
        return result
    }

    /// Whether straight double quotes come in pairs and curly ones open and close as often.
    static func quotesBalance(_ text: String) -> Bool {
        var straight = 0
        var curly = 0
        for character in text {
            switch character {
            case "\"": straight += 1
            case "\u{201C}": curly += 1
            case "\u{201D}": curly -= 1
            default: break
            }
        }
        return straight % 2 == 0 && curly <= 0
    }

    /// The sentence without a leading bare "Yes." / "No." (kept with it by `mended`), if it has one.
    func withoutBareYesOrNo() -> AnswerSentence? {
        for prefix in ["Yes. ", "No. ", "Yes! ", "No! "] where text.hasPrefix(prefix) {
            var rest = self
            rest.text = String(text.dropFirst(prefix.count))
            rest.terms = Set(TextAnalysis.terms(rest.text))
            rest.shape = SentenceShape(rest.text)
            return rest
        }
        return nil
    }

    static func endsLikeASentence(_ text: String) -> Bool {
        var trimmed = Substring(text)
        while let last = trimmed.last, "\"\u{201D})".contains(last) { trimmed = trimmed.dropLast() }
        return trimmed.last.map { ".!".contains($0) } ?? false
    }

    static func startsWithSequenceWord(_ text: String) -> Bool {
        let words = TextAnalysis.words(String(text.prefix(24)))
        guard let first = words.first else { return false }
        if ["first", "firstly", "then", "next", "finally", "lastly", "second", "secondly", "third", "afterwards",
            "once", "start", "begin"].contains(first) { return true }
        // "To book, start by…", "After that, …"
        return (first == "to" && text.prefix(40).contains(",")) || (first == "after" && words.dropFirst().first == "that")
    }
}

extension AnswerSentence: Equatable {
    static func == (lhs: AnswerSentence, rhs: AnswerSentence) -> Bool {
        lhs.chunk.id == rhs.chunk.id && lhs.block == rhs.block && lhs.position == rhs.position && lhs.text == rhs.text
    }
}
