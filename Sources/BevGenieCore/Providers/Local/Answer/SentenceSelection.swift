import Foundation

/// Picks the sentences that answer the question out of the retrieved passages.
///
/// Each whole sentence is scored by four things: how close it is in meaning to the question (the pipeline's
/// embedder), which of the question's words it shares (weighted by how rare each word is among the candidates),
/// whether it has the shape of the answer asked for (a currency figure for a price question, a "no" for a yes/no
/// question, a step for "how do I"), and how well its passage ranked. A sentence right after a question in the
/// text (or under a question heading, or in a FAQ row) inherits how close that question is to the visitor's.
struct SentenceSelection: Sendable {
    struct Scored: Sendable {
        var sentence: AnswerSentence
        var score: Double
        /// The part of the score that says the sentence is about the question (words, meaning, the question it
        /// answers), without the answer-type fit and passage rank: what decides "not covered".
        var relevance: Double
        /// Share of the question's content words (IDF-weighted) the sentence or its question contains.
        var overlap: Double
    }

    var question: String
    var type: AnswerType
    /// Words that name the visitor's kind of business, for role-fit questions.
    var roleWords: Set<String>

    /// `vectorStore`: where sentence vectors made by earlier processes are kept (nil: this process's memory only).
    func score(
        _ sentences: [AnswerSentence], hits: [KnowledgeHit], embedder: (any Embedder)?,
        vectorStore: (any SentenceVectorStore)? = nil
    ) async -> [Scored] {
        guard !sentences.isEmpty else { return [] }
        // The words that frame the question ("how long does it take") say what kind of answer is wanted, which
        // the answer type scores; the topic is in the rest. A question in the text is compared frame included.
        let allQuestionTerms = Set(TextAnalysis.terms(question))
        let topicTerms = allQuestionTerms.subtracting(type.frameTerms)
        let questionTerms = topicTerms.isEmpty ? allQuestionTerms : topicTerms
        var documentFrequency: [String: Int] = [:]
        for sentence in sentences { for term in sentence.terms { documentFrequency[term, default: 0] += 1 } }
        let count = Double(sentences.count)
        func idf(_ term: String) -> Double { log(1 + count / Double(1 + documentFrequency[term, default: 0])) }
        func overlap(_ terms: Set<String>, with question: Set<String>) -> Double {
            let weight = question.reduce(0) { $0 + idf($1) }
            guard weight > 0 else { return 0 }
            return question.intersection(terms).reduce(0) { $0 + idf($1) } / weight
        }
        func overlap(_ terms: Set<String>) -> Double { overlap(terms, with: questionTerms) }

        // Meaning: one embedding call for the question, the sentences and the questions they answer (cached).
        var similarity: [String: Double] = [:]
        if let embedder {
            let texts = Array(Set(sentences.map(\.text) + sentences.compactMap(\.askedBy?.question)))
            if let vectors = try? await SentenceVectorCache.shared.vectors(texts, embedder: embedder, store: vectorStore),
                let questionVector = try? await embedder.cachedVector(question)
            {
                for (text, vector) in zip(texts, vectors) { similarity[text] = Double(questionVector.similarity(vector)) }
            }
        }

        let best = hits.map(\.score).max() ?? 1
        return sentences.map { original in
            var sentence = original
            let words = overlap(sentence.terms)
            let meaning = max(0, similarity[sentence.text] ?? 0)
            var asked = 0.0
            var askedWords = 0.0
            if let (text, distance) = sentence.askedBy {
                askedWords = overlap(Set(TextAnalysis.terms(text)), with: allQuestionTerms)
                let closeness = max(askedWords, max(0, similarity[text] ?? 0))
                asked = closeness * (distance <= 1 ? 1 : distance == 2 ? 0.5 : 0.25)
            }
            // "Yes." or "No." answers the question the text asked; quoted for another question it would answer
            // that one wrongly, so it is left out and the rest of the sentence stands alone.
            if asked < 0.45, let rest = sentence.withoutBareYesOrNo() { sentence = rest }
            // The passage's own title and headings say what all its sentences are about.
            let context = overlap(sentence.contextTerms)
            var relevance = words + 0.8 * meaning + 1.2 * asked + 0.3 * context
            if type == .roleFit, Self.mentions(sentence.text, anyOf: roleWords) { relevance += 0.35 }
            var score = relevance + type.fitWeight * type.fit(sentence)
            score += 0.25 * (best > 0 ? hits[sentence.hit].score / best : 0)
            // Very short sentences rarely carry an answer alone; very long ones bury it.
            if sentence.text.count < 25 { score -= 0.15 }
            if sentence.text.count > 300 { score -= 0.1 }
            return Scored(sentence: sentence, score: score, relevance: relevance, overlap: max(words, askedWords))
        }
        .sorted { ($0.score, $1.sentence.text) > ($1.score, $0.sentence.text) }
    }

    /// Whether `text` uses one of `words` (or its plural) as written: "stored" is not "store".
    static func mentions(_ text: String, anyOf words: Set<String>) -> Bool {
        guard !words.isEmpty else { return false }
        return TextAnalysis.words(text).contains { word in
            words.contains(word) || (word.hasSuffix("s") && words.contains(String(word.dropLast())))
        }
    }

    /// Whether two sentences say the same thing (one's words nearly all in the other's).
    static func duplicates(_ a: AnswerSentence, _ b: AnswerSentence) -> Bool {
        if a.text == b.text { return true }
        let shared = a.terms.intersection(b.terms).count
        return Double(shared) / Double(max(1, min(a.terms.count, b.terms.count))) > 0.75
    }
}
