import Foundation
import Testing

/// `bevgenie kb …` through the built binary.
@Suite struct KBCLITests {
    func write(_ text: String, _ path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func importReportsEveryFileAndTheAskPipelineUsesTheNewKnowledge() async throws {
        try await withTemporaryDirectory { dir in
            let db = dir + "/kb.db"
            try write("# Narwhal retention program\n\nThe narwhal retention program pays distributor reps a bonus for every new placement they keep for ninety days.\n\n## How it works\n\n1. **Enroll**: sign up each rep.\n2. **Track**: placements are checked monthly.\n", dir + "/docs/narwhal.md")
            try write("{\"title\":\"Ok\",\"text\":\"fine record\"}\nnot json\n", dir + "/docs/records.jsonl")
            try Data([0, 1, 2, 3]).write(to: URL(fileURLWithPath: dir + "/docs/blob.txt"))

            let result = try await bevgenie(["kb", "import", dir + "/docs", "--db", db])
            #expect(result.status == 1, "skipped input must be visible in the exit code")
            let events = try parseNDJSON(result.stdout)
            #expect(events.filter { $0.event == "document" }.count == 2)
            let skipped = events.filter { $0.event == "skipped" }.map { "\(($0.data["file"] as! NSString).lastPathComponent):\($0.data["line"] as? Int ?? 0)" }
            #expect(Set(skipped) == ["records.jsonl:2", "blob.txt:0"])
            let summary = try #require(events.last { $0.event == "summary" }?.data)
            #expect(summary["inserted"] as? Int == 2 && summary["skipped"] as? Int == 2)

            // Unchanged: nothing to do.
            let again = try parseNDJSON(try await bevgenie(["kb", "import", dir + "/docs/narwhal.md", "--db", db]).stdout)
            #expect(again.last?.data["unchanged"] as? Int == 1)

            // The question pipeline finds the imported document.
            let asked = try parseNDJSON(try await bevgenie(["ask", "What is the narwhal retention program?", "--db", db]).stdout)
            let results = stageResult(asked, "knowledge")?["results"] as? [[String: Any]] ?? []
            #expect((results.first?["title"] as? String) == "Narwhal retention program", "\(results.count)")
            let complete = try #require(asked.last?.data["message"] as? String)
            #expect(complete.contains("ninety days"))
        }
    }

    @Test func searchTreatsSyntaxAsWordsAndShowsScoreParts() async throws {
        try await withTemporaryDirectory { dir in
            let db = dir + "/kb.db"
            for query in [#"NEAR("price" AND -demo*) : ("#, "\"", "title:pricing OR", "'; DROP TABLE chunks; --"] {
                let result = try await bevgenie(["kb", "search", query, "--db", db, "--format", "ndjson"])
                #expect(result.status == 0, "\(query): \(result.stderr)")
            }
            let result = try await bevgenie(["kb", "search", "TTB label approval", "-k", "10", "--db", db, "--format", "json"])
            let hits = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [[String: Any]]
            #expect(hits.count == 10)
            // Fused: each hit says where each ranking put it; the keyword winner is among the results.
            #expect(hits.allSatisfy { $0["keyword"] != nil || $0["vector"] != nil })
            #expect(hits.contains { ($0["keyword"] as? [String: Any])?["rank"] as? Int == 1 })
            #expect(hits.contains { ($0["snippet"] as? String)?.contains("**") == true })
            let vectorOnly = try await bevgenie(["kb", "search", "TTB label approval", "--mode", "vector", "--db", db, "--format", "json"])
            let vectorHits = try JSONSerialization.jsonObject(with: Data(vectorOnly.stdout.utf8)) as! [[String: Any]]
            #expect(vectorHits.allSatisfy { $0["keyword"] == nil && $0["vector"] != nil })
            let bad = try await bevgenie(["kb", "search", "x", "--mode", "fuzzy", "--db", db])
            #expect(bad.status == 2)
        }
    }

    @Test func listShowRemoveAndStats() async throws {
        try await withTemporaryDirectory { dir in
            let db = dir + "/kb.db"
            try write("# Alpha doc\n\nAlpha text here.", dir + "/a/alpha.md")
            try write("# Beta doc\n\nBeta text here.", dir + "/a/sub/beta.md")
            _ = try await bevgenie(["kb", "import", dir + "/a", "--db", db])
            let list = try await bevgenie(["kb", "list", "--source", dir + "/a", "--format", "ndjson", "--db", db])
            let ids = list.stdout.split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["id"] as? String
            }
            #expect(ids.count == 2)
            let show = try await bevgenie(["kb", "show", ids[0], "--db", db])
            #expect(show.status == 0 && show.stdout.contains("Alpha text here."))

            let removed = try await bevgenie(["kb", "rm", "--source", dir + "/a/sub", "--db", db])
            #expect(removed.stdout == "removed 1 document\n")
            let missing = try await bevgenie(["kb", "rm", "no-such-doc", "--db", db])
            #expect(missing.status == 1 && missing.stderr == "bevgenie: error: no document with id 'no-such-doc'\n")
            let both = try await bevgenie(["kb", "rm", "x", "--source", "y", "--db", db])
            #expect(both.status == 2)

            let stats = try await bevgenie(["kb", "stats", "--format", "json", "--db", db])
            let object = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as! [String: Any]
            #expect(object["chunks"] as? Int == object["vectors"] as? Int)
            #expect(object["embeddingModel"] as? String == "builtin:hash256-v1")
            // The import replaced the starter: alpha is all that is left.
            #expect(object["documents"] as? Int == 1)
        }
    }

    @Test func anUnknownOrUnconfiguredEmbedderIsAClearError() async throws {
        try await withTemporaryDirectory { dir in
            let unknown = try await bevgenie(["kb", "search", "x", "--embedder", "magic", "--db", dir + "/kb.db"])
            #expect(unknown.status == 1)
            #expect(unknown.stderr.contains("unknown embedder 'magic'"))
            let noKey = try await bevgenie(["kb", "search", "x", "--embedder", "openai:text-embedding-3-small", "--db", dir + "/kb.db"])
            #expect(noKey.status == 1)
            #expect(noKey.stderr.contains("OPENAI_API_KEY is not set"))
        }
    }
}
