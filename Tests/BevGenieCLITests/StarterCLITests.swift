import Foundation
import Testing

/// The starter/demo separation and the brand configuration through the built binary.
@Suite struct StarterCLITests {
    let prose: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<2 { url.deleteLastPathComponent() }
        return url.path + "/Fixtures/prose"
    }()

    func documentCount(_ db: String) async throws -> Int {
        let stats = try await bevgenie(["kb", "stats", "--format", "json", "--db", db])
        return (try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])?["documents"] as? Int ?? -1
    }

    @Test func kbImportReplacesTheStarterAndSaysHowToUndoIt() async throws {
        try await withTemporaryDirectory { dir in
            let db = dir + "/kb.db"
            let result = try await bevgenie(["kb", "import", prose, "--db", db, "--format", "text"])
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stdout.split(separator: "\n").filter { $0.hasPrefix("starter:") }
            #expect(lines.count == 1, "\(result.stdout)")
            #expect(lines.first?.contains("removed the") == true && lines.first?.contains("bevgenie kb restore-starter") == true)
            #expect(try await documentCount(db) == 8)
            let list = try await bevgenie(["kb", "list", "--source", "builtin:", "--db", db])
            #expect(list.stdout == "0 documents\n")

            // The answer and the page come from the user's knowledge only.
            let asked = try parseNDJSON(try await bevgenie(["ask", "How much does your consulting cost?", "--db", db]).stdout)
            let complete = try #require(asked.last?.data)
            #expect((complete["message"] as? String)?.contains("$2,000 a month") == true)
            let page = try #require(complete["generatedPage"] as? [String: Any])
            let sources = page["sources"] as? [[String: Any]] ?? []
            #expect(!sources.isEmpty && sources.allSatisfy { ($0["documentId"] as? String)?.hasPrefix("consulting") == true })

            // Undo: the demo comes back, and later imports keep it.
            let restored = try await bevgenie(["kb", "restore-starter", "--db", db])
            #expect(restored.status == 0 && restored.stdout.hasPrefix("restored "), "\(restored.stderr)")
            let total = try await documentCount(db)
            #expect(total > 8)
            let again = try await bevgenie(["kb", "import", prose + "/visit.txt", "--db", db, "--format", "ndjson"])
            let starter = try parseNDJSON(again.stdout).first { $0.event == "starter" }
            #expect(starter?.data["action"] as? String == "kept")
            #expect(try await documentCount(db) == total)
        }
    }

    @Test func keepStarterAndTheConfigSettingKeepIt() async throws {
        try await withTemporaryDirectory { dir in
            let kept = try await bevgenie(["kb", "import", prose + "/visit.txt", "--keep-starter", "--db", dir + "/a.db", "--format", "text"])
            #expect(kept.stdout.contains("starter: kept the"), "\(kept.stdout)")
            #expect(try await documentCount(dir + "/a.db") > 1)

            try FileManager.default.createDirectory(atPath: dir + "/config/bevgenie", withIntermediateDirectories: true)
            try #"{"knowledge": {"keepStarter": true}}"#.write(toFile: dir + "/config/bevgenie/config.json", atomically: true, encoding: .utf8)
            let configured = try await bevgenie(["kb", "import", prose + "/visit.txt", "--db", dir + "/b.db", "--format", "text"],
                                                environment: ["XDG_CONFIG_HOME": dir + "/config"])
            #expect(configured.stdout.contains("starter: kept the"), "\(configured.stdout)")
        }
    }

    @Test func dbInitEmptyCreatesADatabaseWithoutTheStarter() async throws {
        try await withTemporaryDirectory { dir in
            let db = dir + "/empty.db"
            let created = try await bevgenie(["db", "init", "--empty", "--db", db])
            #expect(created.status == 0 && created.stdout.contains("empty knowledge base"), "\(created.stderr)")
            #expect(try await documentCount(db) == 0)
            let twice = try await bevgenie(["db", "init", "--empty", "--db", db])
            #expect(twice.status == 1 && twice.stderr.contains("already exists"))
            let imported = try await bevgenie(["kb", "import", prose, "--db", db, "--format", "text"])
            #expect(!imported.stdout.contains("starter:"), "nothing to say about a starter that is not there")
            let full = try await bevgenie(["db", "init", "--db", dir + "/full.db"])
            #expect(full.stdout.contains("starter documents"))
        }
    }

    @Test func theBrandComesFromTheConfigFileAndTheButtonLeadsThere() async throws {
        try await withTemporaryDirectory { dir in
            let db = dir + "/kb.db"
            _ = try await bevgenie(["kb", "import", prose, "--db", db])
            try FileManager.default.createDirectory(atPath: dir + "/config/bevgenie", withIntermediateDirectories: true)
            try #"""
                {"brand": {"companyName": "Still Hollow Distilling", "contactURL": "https://stillhollow.example/visit",
                           "callsToAction": {"solution_brief": {"headline": "Talk to {company}", "button": "Plan a visit"}}}}
                """#.write(toFile: dir + "/config/bevgenie/config.json", atomically: true, encoding: .utf8)
            let env = ["XDG_CONFIG_HOME": dir + "/config"]
            let asked = try await bevgenie(["ask", "How do I find a distributor?", "--db", db, "--html", dir + "/page.html"], environment: env)
            #expect(asked.status == 0, "\(asked.stderr)")
            let html = try String(contentsOfFile: dir + "/page.html", encoding: .utf8)
            #expect(html.contains(#"href="https://stillhollow.example/visit""#), "the button leads to the configured URL")
            #expect(html.contains("Talk to Still Hollow Distilling") && html.contains(">Plan a visit</a>"))
            #expect(!html.contains("Book a demo"))

            try #"{"brand": {"contactURL": "javascript:alert(1)"}}"#
                .write(toFile: dir + "/config/bevgenie/config.json", atomically: true, encoding: .utf8)
            let bad = try await bevgenie(["ask", "hi", "--db", db], environment: env)
            #expect(bad.status == 1 && bad.stderr.contains("brand.contactURL"), "\(bad.stderr)")
        }
    }
}
