import Foundation
import Testing

@testable import BevGenieCore

actor ImportLog {
    var events: [ImportEvent] = []
    func add(_ event: ImportEvent) { events.append(event) }
    var skipped: [(file: String, line: Int?, reason: String)] {
        events.compactMap { if case .skipped(let f, let l, let r) = $0 { return (f, l, r) } else { return nil } }
    }
}

@Suite struct ImportTests {
    func write(_ text: String, _ path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func importer(_ store: SQLiteStore) -> KnowledgeImporter {
        KnowledgeImporter(store: store, embedder: HashingEmbedder())
    }

    @Test func importsEveryFormatAndReportsBadFilesWithoutStopping() async throws {
        try await withStore { store, dir in
            let docs = dir.file("docs")
            try write("---\ntitle: Zebra guide\nkind: demo\npainPoints: compliance\n---\n# Zebra guide\n\nZebra text.\n\n## Steps\n\n1. **One**: first.\n2. **Two**: second.\n", docs + "/guide.md")
            try write("<html><head><title>Quokka</title><script>steal()</script><style>p{color:red}</style></head><body><h2>Policy</h2><p>Quokka &amp; friends.</p></body></html>", docs + "/page.html")
            try write("{\"title\":\"Ferret\",\"text\":\"Ferret text.\",\"url\":\"https://x.test/f\",\"metadata\":{\"team\":\"ops\"}}\n{oops\n{\"title\":\"no text\"}\n[1,2]\n", docs + "/records.jsonl")
            try write("id,title,text\n1,Llama,\"Llama, with \"\"quotes\"\" and\na newline\"\n2,Empty,\n3,Short\n", docs + "/rows.csv")
            try write("Wombat notes\n\n# not a heading\nWombats dig.\n", docs + "/sub/notes.txt")
            try Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01]).write(to: URL(fileURLWithPath: docs + "/image.md"))
            try Data([0x61, 0xFF, 0x62]).write(to: URL(fileURLWithPath: docs + "/latin1.txt"))
            try write("  \n", docs + "/empty.md")
            try write("binary-ish", docs + "/photo.png")
            try write("hidden", docs + "/.hidden.md")

            let log = ImportLog()
            let summary = try await importer(store).run(paths: [docs]) { await log.add($0) }
            #expect(summary.inserted == 5)  // guide, page, ferret, llama, notes
            #expect(summary.ignored == 1)
            let skipped = await log.skipped
            let reasons = Dictionary(skipped.map { ("\(($0.file as NSString).lastPathComponent):\($0.line ?? 0)", $0.reason) },
                                     uniquingKeysWith: { a, _ in a })
            #expect(reasons["image.md:0"] == "binary file (contains NUL bytes)")
            #expect(reasons["latin1.txt:0"] == "not valid UTF-8 (first bad byte at offset 1)")
            #expect(reasons["empty.md:0"] == "empty file")
            #expect(reasons["records.jsonl:2"]?.contains("expected a string key") == true)
            #expect(reasons["records.jsonl:3"] == "no \"text\" string")
            #expect(reasons["records.jsonl:4"] == "expected an object, found array")
            #expect(reasons["rows.csv:4"] == "empty text")
            #expect(reasons["rows.csv:5"] == "2 fields, the header has 3")
            #expect(summary.skipped == skipped.count)

            let documents = try await store.documents(sourcePrefix: docs)
            let titles = Set(documents.map(\.title))
            #expect(titles == ["Zebra guide", "Quokka", "Ferret", "Llama", "Wombat notes"])
            let page = try #require(documents.first { $0.title == "Quokka" })
            let pageText = try await store.documentChunks(id: page.id).map(\.text).joined()
            #expect(!pageText.contains("steal") && !pageText.contains("color:red"))
            #expect(pageText.contains("Quokka & friends."))
            let llama = try await store.documentChunks(id: try #require(documents.first { $0.title == "Llama" }).id)
            #expect(llama.first?.text == "Llama, with \"quotes\" and\na newline")
            let ferret = try #require(documents.first { $0.title == "Ferret" })
            #expect(ferret.metadata?["url"]?.stringValue == "https://x.test/f")
            #expect(ferret.metadata?["metadata"]?["team"]?.stringValue == "ops")
            let notes = try await store.documentChunks(id: try #require(documents.first { $0.title == "Wombat notes" }).id)
            #expect(notes.first?.headings == [])  // "# not a heading" in a .txt stays text
            #expect(notes.first?.plainText.contains("# not a heading") == true)
            let guide = try #require(documents.first { $0.title == "Zebra guide" })
            #expect(guide.kind == .demo && guide.topics[.compliance] == 1)

            // Everything imported is searchable both ways.
            let hits = try await store.search(query("wombats dig"))
            #expect(hits.first?.chunk.documentId == notes.first?.documentId)
            #expect(hits.first?.keywordRank == 1 && hits.first?.vectorRank != nil)
        }
    }

    /// A records file long enough to be parsed in parallel slices reads exactly as line-by-line reading would:
    /// every bad or blank line at its own number, the documents in file order, repeated titles kept apart.
    @Test func aLargeRecordsFileKeepsItsLineNumbersAndOrder() async throws {
        try await withStore { store, dir in
            var lines: [String] = []
            var expectedBad: [Int: String] = [:]
            for number in 1...2_000 {
                switch number {
                case 7, 1_024: lines.append("{oops"); expectedBad[number] = "expected a string key"
                case 513: lines.append("[1]"); expectedBad[number] = "expected an object, found array"
                case 1_999: lines.append("{\"title\":\"x\"}"); expectedBad[number] = "no \"text\" string"
                case 300, 301: lines.append("   ")
                case 1_500: lines.append("{\"title\":\"Record 1499\",\"text\":\"The same title again, line 1500.\"}")
                default: lines.append("{\"title\":\"Record \(number)\",\"text\":\"Distributor note number \(number) caf\\u00e9.\"}")
                }
            }
            let path = dir.file("records.jsonl")
            try write(lines.joined(separator: "\n") + "\n", path)
            let log = ImportLog()
            let summary = try await importer(store).run(paths: [path]) { await log.add($0) }
            let skipped = await log.skipped
            #expect(Set(skipped.compactMap(\.line)) == Set(expectedBad.keys))
            for (line, reason) in expectedBad {
                #expect(skipped.first { $0.line == line }?.reason.contains(reason) == true, "line \(line)")
            }
            #expect(summary.inserted == 2_000 - expectedBad.count - 2)
            let documents = try await store.documents(sourcePrefix: path)
            let lineOfId = Dictionary(uniqueKeysWithValues: documents.map { ($0.id, Int($0.source.split(separator: "#").last ?? "") ?? 0) })
            let goodLines = (1...2_000).filter { expectedBad[$0] == nil && $0 != 300 && $0 != 301 }
            #expect(lineOfId.values.sorted() == goodLines)
            // Reported in file order.
            let reported = await log.events.compactMap { event -> Int? in
                guard case .document(_, let id, _, _, _) = event else { return nil }
                return lineOfId[id]
            }
            #expect(reported == goodLines)
            let repeated = documents.filter { $0.title == "Record 1499" }
            #expect(repeated.count == 2 && Set(repeated.map(\.id)).count == 2)
            let accented = try #require(documents.first { $0.title == "Record 2" })
            #expect(try await store.documentChunks(id: accented.id).map(\.text).joined().contains("café"))
        }
    }

    @Test func reimportingIsIdempotentAndChangesReplaceOldChunks() async throws {
        try await withStore { store, dir in
            let file = dir.file("kb/a.md")
            try write("# Alpha\n\nThe first version mentions narwhals.", file)
            let records = dir.file("kb/r.jsonl")
            try write("{\"title\":\"One\",\"text\":\"first record\"}\n{\"title\":\"Two\",\"text\":\"second record\"}\n", records)
            let first = try await importer(store).run(paths: [dir.file("kb")]) { _ in }
            #expect(first.inserted == 3)
            let version = try await store.knowledgeStats().version

            let again = try await importer(store).run(paths: [dir.file("kb")]) { _ in }
            #expect(again.unchanged == 3 && again.inserted == 0 && again.replaced == 0)
            #expect(try await store.knowledgeStats().version == version, "an unchanged import changed the knowledge")

            try write("# Alpha\n\nThe second version mentions belugas.", file)
            try write("{\"title\":\"Two\",\"text\":\"second record, edited\"}\n", records)
            let changed = try await importer(store).run(paths: [dir.file("kb")]) { _ in }
            #expect(changed.replaced == 2 && changed.removed == 1)
            #expect(try await store.search(query("narwhals", mode: .keyword)).isEmpty)
            #expect(try await store.search(query("belugas", mode: .keyword)).count == 1)
            #expect(try await store.documents(sourcePrefix: records).map(\.title) == ["Two"])
        }
    }

    @Test func anotherEmbeddingModelIsRefused() async throws {
        try await withStore { store, dir in
            struct OtherEmbedder: Embedder {
                var model: String { "other:model" }
                var dimensions: Int { 4 }
                func embed(_ texts: [String]) async throws -> [[Float]] { texts.map { _ in [1, 0, 0, 0] } }
            }
            try write("# Doc\n\nSome text here.", dir.file("a.md"))
            try write("# Other doc\n\nOther text here.", dir.file("b.md"))
            // The first import of the user's own replaces the starter, so its model does not matter; a second one
            // with another model than the first is refused.
            var keeping = KnowledgeImporter(store: store, embedder: HashingEmbedder())
            keeping.starter = .keep
            _ = try await keeping.run(paths: [dir.file("b.md")]) { _ in }
            await #expect(throws: KnowledgeError.modelMismatch(stored: HashingEmbedder().model, query: "other:model")) {
                var importer = KnowledgeImporter(store: store, embedder: OtherEmbedder())
                importer.starter = .keep
                _ = try await importer.run(paths: [dir.file("a.md")]) { _ in }
            }
            await #expect(throws: KnowledgeError.modelMismatch(stored: HashingEmbedder().model, query: "other:model")) {
                _ = try await store.search(KnowledgeQuery(text: "text", vector: [1, 0, 0, 0], model: "other:model"))
            }
        }
    }

    @Test func removingDocumentsRemovesTheirChunksVectorsAndIndexEntries() async throws {
        try await withStore { store, _ in
            let before = try await store.knowledgeStats()
            let removed = try await store.removeDocuments(ids: ["pain-compliance", "no-such-id"])
            #expect(removed == 1)
            let after = try await store.knowledgeStats()
            #expect(after.documents == before.documents - 1)
            #expect(after.chunks == after.vectors)
            #expect(after.version > before.version)
            #expect(try await store.search(query("staying compliant with every state's rulebook", mode: .keyword))
                .allSatisfy { $0.chunk.documentId != "pain-compliance" })
            #expect(try await store.rawMatchCount(["rulebook"]) == (try await store.search(query("rulebook", mode: .keyword, limit: 100)).count))
        }
    }

    @Test func htmlExtractionKeepsStructureAndDropsCode() {
        let extracted = HTMLText.extract("""
            <!doctype html><html><head><title>T &amp; C</title><style>.x{}</style></head>
            <body><!-- comment --><nav>Menu</nav><h1>Heading</h1><p>Para <b>bold</b> &lt;tag&gt; &#8212; &#x2603;</p>
            <ul><li>One</li><li>Two</li></ul><script>if (a < b) { evil() }</script><p>a < b but not a tag</p></body></html>
            """)
        #expect(extracted.title == "T & C")
        #expect(extracted.markdown.contains("# Heading"))
        let text = MarkdownParser.sections(extracted.markdown).flatMap { MarkdownParser.blocks($0.body).map(\.plainText) }
        #expect(text.contains("Para bold <tag> — ☃"), "an escaped tag is text")
        #expect(extracted.markdown.contains("- One\n- Two"))
        #expect(!extracted.markdown.contains("evil") && !extracted.markdown.contains("comment"))
        #expect(text.contains("a < b but not a tag"))
    }

    @Test func csvFollowsRFC4180() throws {
        let rows = try CSVReader.parse("a,b\r\n\"x, y\",\"he said \"\"hi\"\"\"\n\"multi\nline\",z\n")
        #expect(rows.map(\.fields) == [["a", "b"], ["x, y", "he said \"hi\""], ["multi\nline", "z"]])
        #expect(rows.map(\.line) == [1, 2, 3])
        #expect(throws: CSVReader.Failure.self) { try CSVReader.parse("a,b\n\"never closed,x\n") }
        #expect(throws: CSVReader.Failure.self) { try CSVReader.parse("a,b\nx\"y,z\n") }
    }
}
