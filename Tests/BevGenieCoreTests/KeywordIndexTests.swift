import Foundation
import Testing

@testable import BevGenieCore

/// The in-memory search legs against their exact references on a real SQLite file: the keyword postings must give
/// FTS5's own `ORDER BY bm25()` ranking, and the quantised vector scan (with its exact re-rank) the neighbours of
/// an exact float32 scan.
@Suite struct KeywordIndexTests {
    /// The starter knowledge plus records that repeat words in titles, headings and text (the column weights
    /// matter), in plural and singular (two phrases, one Porter token), so ranks depend on every part of BM25.
    func store(_ directory: TemporaryDirectory) async throws -> SQLiteStore {
        let store = try SQLiteStore(path: directory.file("test.db"))
        var lines: [String] = []
        let words = ["distributor", "distributors", "depletion", "shelf", "retail", "compliance", "pricing", "route",
                     "forecast", "inventory", "chain", "brewery", "winery", "label", "promotion", "velocity"]
        var state: UInt64 = 16  // a fixed linear congruential sequence: the same records every run
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for record in 0..<400 {
            let title = "\(words[next(words.count)]) \(words[next(words.count)]) notes \(record)"
            let text = (0..<(5 + next(36))).map { _ in words[next(words.count)] }.joined(separator: " ")
            let heading = words[next(words.count)]
            lines.append(JSONValue.object([("title", .string(title)), ("text", .string("## \(heading) plan\n\n\(text)."))]).serialized())
        }
        let file = directory.file("records.jsonl")
        try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        var importer = KnowledgeImporter(store: store, embedder: HashingEmbedder())
        importer.starter = .keep
        _ = try await importer.run(paths: [file]) { _ in }
        return store
    }

    /// Every labelled question and a set of word lists: the same rowids in the same order, 40 deep, and the same
    /// scores as FTS5's `bm25()` (to rounding).
    @Test func postingsRankAsFTS5Does() async throws {
        try await withTemporaryDirectory { directory in
            let store = try await store(directory)
            let evaluation = try RetrievalEvaluation(
                jsonLines: try String(contentsOfFile: packageRoot + "/Examples/eval/retrieval.jsonl", encoding: .utf8))
            let queries = evaluation.queries.map(\.query) + [
                "distributor distributors", "shelf", "retail retail chain", "compliance label winery", "notes 17",
                "pricing for a brewery's route", "velocity of depletion at retail chains", "no such word qqq",
            ]
            let agreement = try await store.keywordAgreement(queries: queries, depth: 40)
            #expect(agreement.compared == queries.count)
            #expect(agreement.same == agreement.compared)
            #expect(agreement.largestDifference < 1e-9)
        }
    }

    /// After documents change, the postings are read again: a new word is found, a removed document is gone.
    @Test func postingsFollowTheKnowledge() async throws {
        try await withStore { store, directory in
            let query = KnowledgeQuery(text: "zanzibar", mode: .keyword, limit: 5)
            #expect(try await store.search(query).isEmpty)
            let file = directory.file("new.md")
            try "# Zanzibar launch\n\nOur zanzibar distributors.\n".write(toFile: file, atomically: true, encoding: .utf8)
            var importer = KnowledgeImporter(store: store, embedder: HashingEmbedder())
            importer.starter = .keep
            _ = try await importer.run(paths: [file]) { _ in }
            let hits = try await store.search(query)
            #expect(hits.map(\.chunk.documentTitle) == ["Zanzibar launch"])
            #expect(hits.first?.snippet?.contains("**zanzibar**") == true)
            let removed = try await store.removeDocuments(ids: [try #require(hits.first?.chunk.documentId)])
            #expect(removed == 1)
            #expect(try await store.search(query).isEmpty)
        }
    }

    /// A word FTS5 cuts into two tokens (Devanagari vowel signs are not token characters to unicode61) is a
    /// phrase the postings cannot answer: the search asks FTS5 and still finds the document.
    @Test func multiTokenPhrasesGoToFTS5() async throws {
        try await withStore { store, directory in
            let file = directory.file("hindi.md")
            try "# Hindi labels\n\nLabels in हिंदी for export.\n".write(toFile: file, atomically: true, encoding: .utf8)
            var importer = KnowledgeImporter(store: store, embedder: HashingEmbedder())
            importer.starter = .keep
            _ = try await importer.run(paths: [file]) { _ in }
            let hits = try await store.search(KnowledgeQuery(text: "हिंदी", mode: .keyword, limit: 3))
            #expect(hits.first?.chunk.documentTitle == "Hindi labels")
        }
    }

    /// The int8 scan keeps enough candidates that the exact re-rank returns the exact top 10 and top 40.
    @Test func quantisedScanFindsTheExactNeighbours() async throws {
        try await withTemporaryDirectory { directory in
            let store = try await store(directory)
            let embedder = HashingEmbedder()
            let evaluation = try RetrievalEvaluation(
                jsonLines: try String(contentsOfFile: packageRoot + "/Examples/eval/retrieval.jsonl", encoding: .utf8))
            let vectors = evaluation.queries.map { embedder.vector($0.query) }
            #expect(try await store.vectorRecall(queries: vectors, k: 10) >= 0.99)
            #expect(try await store.vectorRecall(queries: vectors, k: 40) >= 0.99)
        }
    }
}
