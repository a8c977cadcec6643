import CSQLite
import Foundation
import Testing

@testable import BevGenieCore

@Suite struct StorageTests {
    @Test func aFreshDatabaseHoldsTheStarterKnowledge() async throws {
        try await withStore { store, directory in
            let counts = try await store.knowledgeCounts()
            #expect(counts.documents == StarterKnowledge.documents.count)
            #expect(counts.documents >= 30)
            #expect(counts.chunks > counts.documents)
            #expect(try await store.schemaVersion() == SQLiteSchema.currentVersion)
            #expect(try await store.meta("starter_version") == String(StarterKnowledge.version))

            // Every pain point has its own document, and every kind of page has documents to be built from.
            for painPoint in PainPoint.allCases {
                let chunks = try await store.chunks(kinds: [.painPoint], topics: [painPoint], limit: 5)
                #expect(chunks.first?.topics[painPoint] == 1, "no pain-point document leads with \(painPoint)")
            }
            for kind in [DocumentKind.painPoint, .feature, .caseStudy, .comparison, .pricing, .demo, .faq, .industry] {
                #expect(try await !store.chunks(kinds: [kind], topics: [], limit: 1).isEmpty, "no \(kind) documents")
            }
        }
    }

    @Test func starterDocumentsAreWellFormed() throws {
        var ids: Set<String> = []
        for starter in StarterKnowledge.documents {
            #expect(ids.insert(starter.id).inserted, "duplicate id \(starter.id)")
            let (fields, _) = MarkdownParser.frontMatter(starter.markdown)
            #expect(fields["title"]?.isEmpty == false, "\(starter.id) has no title")
            #expect(fields["kind"].flatMap(DocumentKind.init(rawValue:)) != nil, "\(starter.id) has an unknown kind")
            let document = try DocumentBuilder().build(id: starter.id, source: "builtin", markdown: starter.markdown)
            #expect(document.chunks.count >= 2, "\(starter.id) has too little structure")
            let words = document.chunks.map { TextAnalysis.words($0.text).count }.reduce(0, +)
            #expect(words >= 250, "\(starter.id) is not substantive (\(words) words)")
        }
    }

    @Test func reopeningDoesNotSeedTwice() async throws {
        try await withTemporaryDirectory { directory in
            let first = try SQLiteStore(path: directory.file("test.db"))
            let before = try await first.knowledgeCounts()
            let second = try SQLiteStore(path: directory.file("test.db"))
            #expect(try await second.knowledgeCounts() == before)
        }
    }

    @Test(arguments: [
        #"what "is" this"#, "NEAR(price demo)", "distributor*", "-compliance", "title:pricing", "a AND OR NOT b",
        "\"", "((", "^start", "col:val \"unbalanced", "🍺 émoji", "'; DROP TABLE chunks; --",
    ])
    func userTextNeverReachesFTS5AsSyntax(_ text: String) async throws {
        try await withStore { store, directory in
            // Does not throw, whatever the characters; words still match.
            for mode in SearchMode.allCases {
                _ = try await store.search(query(text, mode: mode))
            }
            // Even the raw text as one term is only ever a quoted string to FTS5.
            #expect(Self.ftsQueryIsQuoted(SQLiteStore.ftsQuery([text])))
            _ = try await store.rawMatchCount([text])
            #expect(try await store.knowledgeCounts().documents == StarterKnowledge.documents.count)
        }
    }

    @Test func searchRanksTheObviousDocumentFirst() async throws {
        try await withStore { store, directory in
            let hits = try await store.search(query("label approval TTB COLA", mode: .keyword))
            #expect(hits.first.map { $0.chunk.topics[.compliance] != nil } == true)
        }
    }

    @Test func upsertingUnchangedTextIsANoOpAndChangedTextReplacesChunks() async throws {
        try await withStore { store, directory in
            let builder = DocumentBuilder()
            let v1 = try builder.build(id: "doc-x", source: "test", markdown: "# X\n\nAlpha paragraph about zebrafish.\n\n## Two\n\nBeta.")
            #expect(try await store.upsert(v1) == .inserted)
            #expect(try await store.upsert(v1) == .unchanged)
            let v2 = try builder.build(id: "doc-x", source: "test", markdown: "# X\n\nOnly gamma now.")
            #expect(try await store.upsert(v2) == .replaced)
            #expect(try await store.documentChunks(id: "doc-x").count == 1)
            #expect(try await store.search(query("zebrafish", mode: .keyword)).isEmpty)
            #expect(try await store.search(query("gamma", mode: .keyword)).first?.chunk.documentId == "doc-x")
        }
    }

    @Test func aNewerSchemaIsRefusedAndLeftUntouched() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.file("future.db")
            do {
                let db = try SQLiteDatabase(path: path)
                try db.execute("CREATE TABLE future(x); PRAGMA user_version = 99;")
            }
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(throws: StoreError.newerSchema(path: path, found: 99, supported: SQLiteSchema.currentVersion)) {
                _ = try SQLiteStore(path: path)
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        }
    }

    @Test func aTextFileIsNotADatabaseAndIsLeftUntouched() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.file("notes.txt")
            let text = String(repeating: "just some notes, not a database\n", count: 200)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            #expect(throws: StoreError.notADatabase(path: path)) { _ = try SQLiteStore(path: path) }
            #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
        }
    }

    @Test func anotherProgramsDatabaseIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.file("other.db")
            do {
                let db = try SQLiteDatabase(path: path)
                try db.execute("CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'a');")
            }
            #expect(throws: StoreError.foreignDatabase(path: path)) { _ = try SQLiteStore(path: path) }
            let db = try SQLiteDatabase(path: path)
            #expect(try db.queryRow("SELECT count(*) FROM sqlite_master")?.int(0) == 1)
        }
    }

    @Test func aMissingDirectoryCannotBeOpened() {
        #expect(throws: StoreError.self) { _ = try SQLiteStore(path: "/nonexistent-dir-\(UUID().uuidString)/x.db") }
    }

    @Test func pragmasAreSet() async throws {
        try await withStore { store, directory in
            let (journal, foreignKeys, busy) = try await store.pragmas()
            #expect(journal == "wal")
            #expect(foreignKeys == 1)
            #expect(busy >= .seconds(1))
        }
    }
}

/// A query with the built-in embedder's vector.
func query(_ text: String, mode: SearchMode = .hybrid, limit: Int = 5) -> KnowledgeQuery {
    let embedder = HashingEmbedder()
    return KnowledgeQuery(text: text, mode: mode, limit: limit, vector: embedder.vector(text), model: embedder.model)
}

extension StorageTests {
    /// Every term is one double-quoted FTS5 string (inner quotes doubled), joined by OR: nothing else.
    static func ftsQueryIsQuoted(_ query: String?) -> Bool {
        guard let query else { return true }
        var inString = false
        var index = query.startIndex
        var outside = ""
        while index < query.endIndex {
            let c = query[index]
            if c == "\"" {
                let next = query.index(after: index)
                if inString, next < query.endIndex, query[next] == "\"" {
                    index = query.index(after: next)
                    continue
                }
                inString.toggle()
            } else if !inString {
                outside.append(c)
            }
            index = query.index(after: index)
        }
        return !inString && outside.split(separator: " ").allSatisfy { $0 == "OR" }
    }
}

extension SQLiteStore {
    func rawMatchCount(_ terms: [String]) throws -> Int {
        guard let match = Self.ftsQuery(terms) else { return 0 }
        return try db.queryRow("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?", [.text(match)])!.int(0)
    }

    func pragmas() throws -> (String, Int, Duration) {
        (try db.queryRow("PRAGMA journal_mode")!.string(0), try db.queryRow("PRAGMA foreign_keys")!.int(0),
         db.busyTimeout)
    }
}
