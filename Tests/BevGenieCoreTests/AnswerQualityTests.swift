import Foundation
import Testing

@testable import BevGenieCore

/// Answer quality on the labelled corpora of Examples/quality, through the real importer, store and pipeline.
/// The bars are on the tuning halves, at what the local responder honestly reaches (`bevgenie bench quality`
/// prints both halves); the held-out halves are never asserted on, so they stay held out.
@Suite struct AnswerQualityTests {
    static let corpora = ["prose", "mixed"]

    @Test(arguments: [("prose", 0.85), ("mixed", 0.9), ("starter", 0.85)])
    func tuningHalfStatesTheLabelledFact(_ corpus: String, _ bar: Double) async throws {
        let questions = try loadSet(corpus, half: "tuning")
        let score = try await withCorpus(corpus) { store, documents in
            let evaluation = QualityEvaluation(pipeline: Pipeline.local(store: store), userDocuments: documents)
            let outcomes = await evaluation.run(questions)
            for outcome in outcomes where outcome.factFound == false {
                print("[\(corpus)] fact missing: \(outcome.question.question)")
            }
            #expect(outcomes.allSatisfy { $0.error == nil })
            return QualityEvaluation.Score(outcomes)
        }
        let rate = try #require(score.factRate)
        #expect(rate >= bar, "\(corpus) tuning: key fact in \(score.factFound) of \(score.answerable) answers")
        #expect(score.pagesOwnOnly == score.pages, "a page cites documents that are not the corpus's")
        #expect(score.notCoveredBrief * 3 >= score.notCovered * 2, "\(corpus): \(score.notCoveredBrief) of \(score.notCovered) not-covered answers were brief")
    }

    /// The sets are what the measurement rests on: every labelled sentence is in its document, every named
    /// "not covered" thing is in none, and no question is in both halves.
    @Test(arguments: ["prose", "mixed", "starter"])
    func theSetsAreConsistentWithTheirDocuments(_ corpus: String) throws {
        let tuning = try loadSet(corpus, half: "tuning")
        let heldout = try loadSet(corpus, half: "heldout")
        #expect(tuning.count + heldout.count >= 25)
        #expect(Set(tuning.map(\.question)).isDisjoint(with: heldout.map(\.question)))
        let texts: [String: String]
        if corpus == "starter" {
            texts = Dictionary(uniqueKeysWithValues: StarterKnowledge.documents.map { ($0.id, $0.markdown) })
        } else {
            let folder = packageRoot + "/Examples/quality/" + corpus
            let names = try FileManager.default.contentsOfDirectory(atPath: folder)
            #expect(names.count >= (corpus == "prose" ? 12 : 10))
            texts = Dictionary(uniqueKeysWithValues: try names.map {
                ($0, try String(contentsOfFile: folder + "/" + $0, encoding: .utf8).replacingOccurrences(of: "\"\"", with: "\""))
            })
        }
        let everything = texts.values.joined(separator: "\n")
        for question in tuning + heldout {
            if let document = question.document, let sentence = question.sentence {
                let text = try #require(texts[document], "\(document) is not in the \(corpus) corpus")
                #expect(QualityEvaluation.normalized(text).contains(QualityEvaluation.normalized(sentence)),
                        "not in \(document): \(sentence)")
            }
            if let named = question.named {
                #expect(!NamedThings.mentions(everything, named), "\(named) is in the \(corpus) corpus")
            }
        }
    }
}

/// Reads `Examples/quality/sets/<corpus>-<half>.jsonl`.
func loadSet(_ corpus: String, half: String) throws -> [QualityQuestion] {
    let path = packageRoot + "/Examples/quality/sets/\(corpus)-\(half).jsonl"
    return try QualityQuestion.parse(jsonLines: try String(contentsOfFile: path, encoding: .utf8))
}

/// A fresh store holding only `corpus` (imported with the real importer), or only the starter for "starter".
func withCorpus<T>(_ corpus: String, _ body: (SQLiteStore, Set<String>) async throws -> T) async throws -> T {
    try await withTemporaryDirectory { directory in
        let isStarter = corpus == "starter"
        let store = try SQLiteStore(path: directory.file("\(corpus).db"), seedStarterKnowledge: isStarter)
        let documents = isStarter
            ? Set(StarterKnowledge.documents.map(\.id))
            : try await QualityEvaluation.importCorpus(
                [packageRoot + "/Examples/quality/" + corpus], store: store, embedder: HashingEmbedder())
        if !isStarter { #expect(!documents.isEmpty, "nothing imported from \(corpus)") }
        return try await body(store, documents)
    }
}
