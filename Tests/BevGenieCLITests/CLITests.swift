import Foundation
import Testing

/// The built `bevgenie` binary, run as a user would run it.
@Suite struct CLITests {
    let question = "Our distributor reps ignore our brand. How do we get mindshare?"

    @Test func pipedOutputIsNDJSONWithProgressTenToNinetyFiveThenComplete() async throws {
        try await withTemporaryDirectory { dir in
            let result = try await bevgenie(["ask", question, "--db", dir + "/db.sqlite"])
            #expect(result.status == 0, "\(result.stderr)")
            let events = try parseNDJSON(result.stdout)
            let progress = events.filter { $0.event == "stage" }.map { $0.data["progress"] as! Int }
            #expect(progress == [10, 20, 30, 40, 50, 60, 70, 80, 85, 95])
            #expect(events.last?.event == "complete")
            let complete = try #require(events.last?.data)
            #expect(complete["success"] as? Bool == true)
            #expect((complete["session"] as? [String: Any])?["id"] as? String != nil)
            #expect((complete["generatedPage"] as? [String: Any])?["type"] as? String == "solution_brief")
            #expect(events.contains { $0.event == "delta" })
            #expect(events.contains { $0.event == "section" })
            #expect(events.contains { $0.event == "page" })
            // Every line is exactly one JSON object.
            #expect(result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().allSatisfy { $0.hasPrefix("{\"event\":") })
        }
    }

    @Test func sseFramingIsExactAndCarriesTheSameEventsAsNDJSON() async throws {
        try await withTemporaryDirectory { dir in
            let db = dir + "/db.sqlite"
            // No page cache: both runs build their page, so both carry the same fields.
            let sse = try await bevgenie(["ask", "How much does it cost?", "--format", "sse", "--db", db, "--session", "s1", "--no-cache"])
            let ndjson = try await bevgenie(["ask", "How much does it cost?", "--format", "ndjson", "--db", db, "--session", "s2", "--no-cache"])
            #expect(sse.status == 0 && ndjson.status == 0)
            let parsed = SSEReader.parse(sse.stdout)
            #expect(parsed.strayLines.isEmpty)
            #expect(sse.stdout.hasSuffix("\n\n"))
            // Each message is exactly `event:`, `id:`, one `data:` line, then a blank line.
            for block in sse.stdout.components(separatedBy: "\n\n").dropLast() {
                let lines = block.components(separatedBy: "\n")
                #expect(lines.count == 3 && lines[0].hasPrefix("event: ") && lines[1].hasPrefix("id: ")
                    && lines[2].hasPrefix("data: "), "bad SSE block: \(block)")
            }
            #expect(parsed.events.compactMap { $0.id.flatMap(Int.init) } == Array(1...parsed.events.count))
            let expected = try parseNDJSON(ndjson.stdout)
            #expect(parsed.events.map(\.event) == expected.map(\.event))
            for (sseEvent, ndjsonEvent) in zip(parsed.events, expected) {
                let data = try JSONSerialization.jsonObject(with: Data(sseEvent.data.utf8)) as! [String: Any]
                #expect(Set(data.keys) == Set(ndjsonEvent.data.keys))
                if sseEvent.event == "stage" {
                    #expect(data["stageId"] as? String == ndjsonEvent.data["stageId"] as? String)
                    #expect(data["progress"] as? Int == ndjsonEvent.data["progress"] as? Int)
                }
            }
        }
    }

    @Test func jsonFormatPrintsOnlyTheCompletePayload() async throws {
        try await withTemporaryDirectory { dir in
            let result = try await bevgenie(["ask", "Show me a case study from a brewery", "--format", "json", "--db", dir + "/db"])
            #expect(result.status == 0)
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
            #expect(object["success"] as? Bool == true)
            #expect((object["generatedPage"] as? [String: Any])?["type"] as? String == "case_study")
        }
    }

    @Test func textFormatPutsProgressOnStderrAndContentOnStdout() async throws {
        try await withTemporaryDirectory { dir in
            let result = try await bevgenie(["ask", question, "--format", "text", "--db", dir + "/db"])
            #expect(result.status == 0)
            #expect(result.stderr.contains("[ 20%] Analyzing your question"))
            #expect(result.stderr.contains("[ 95%] Generating page"))
            #expect(result.stdout.contains("Sources:"))
            #expect(result.stdout.contains("── Page:"))
            #expect(!result.stdout.contains("%]"))
        }
    }

    @Test func theDefaultDatabaseIsCreatedUnderXDGDataHomeWithStarterKnowledge() async throws {
        try await withTemporaryDirectory { dir in
            let result = try await bevgenie(["ask", "What is BevGenie?"], environment: ["XDG_DATA_HOME": dir + "/data"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(FileManager.default.fileExists(atPath: dir + "/data/bevgenie/bevgenie.db"))
            let env = try await bevgenie(["ask", "What is BevGenie?"], environment: ["BEVGENIE_DB": dir + "/env.db"])
            #expect(env.status == 0)
            #expect(FileManager.default.fileExists(atPath: dir + "/env.db"))
        }
    }

    @Test func sessionsContinueAndCanBeShown() async throws {
        try await withTemporaryDirectory { dir in
            let db = dir + "/db"
            let first = try parseNDJSON(try await bevgenie(["ask", question, "--db", db]).stdout)
            let id = try #require((first.last?.data["session"] as? [String: Any])?["id"] as? String)
            let second = try parseNDJSON(
                try await bevgenie(["ask", "We also miss price posting deadlines.", "--session", id, "--db", db]).stdout)
            let session = try #require(second.last?.data["session"] as? [String: Any])
            #expect(session["messageCount"] as? Int == 4)

            let text = try await bevgenie(["session", "show", id, "--db", db])
            #expect(text.status == 0)
            #expect(text.stdout.contains("distributor_performance"))
            #expect(text.stdout.contains("compliance"))
            #expect(text.stdout.contains("“Our distributor reps ignore our brand.”"))
            let json = try await bevgenie(["session", "show", id, "--format", "json", "--db", db])
            let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
            #expect((object["messages"] as? [Any])?.count == 4)
            let missing = try await bevgenie(["session", "show", "nope", "--db", db])
            #expect(missing.status == 1)
            #expect(missing.stderr == "bevgenie: error: no session with id 'nope'\n")
        }
    }

    @Test func messageFromStdin() async throws {
        try await withTemporaryDirectory { dir in
            let result = try await bevgenie(["ask", "-", "--format", "json", "--db", dir + "/db"], stdin: "Can I book a demo?\n")
            #expect(result.status == 0)
            #expect(result.stdout.contains("\"demo_request\""))
        }
    }

    @Test func pageRenderEscapesEverythingAndRejectsInvalidSpecs() async throws {
        try await withTemporaryDirectory { dir in
            let db = dir + "/db"
            let asked = try await bevgenie(["ask", "<script>alert('x')</script> How do you compare to spreadsheets?",
                                      "--format", "json", "--db", db, "--html", dir + "/page.html"])
            #expect(asked.status == 0)
            let html = try String(contentsOfFile: dir + "/page.html", encoding: .utf8)
            #expect(html.hasPrefix("<!doctype html>"))
            #expect(html.contains("<table>"))
            #expect(!html.contains("<script"))

            let rendered = try await bevgenie(["page", "render", "-"], stdin: asked.stdout)
            #expect(rendered.status == 0)
            #expect(rendered.stdout == html)

            // A hostile spec: every string is escaped.
            var object = try JSONSerialization.jsonObject(with: Data(asked.stdout.utf8)) as! [String: Any]
            var page = object["generatedPage"] as! [String: Any]
            page["title"] = "<img src=x onerror=alert(1)>"
            var sections = page["sections"] as! [[String: Any]]
            sections[0]["headline"] = "\"><script>alert(2)</script>"
            page["sections"] = sections
            object["generatedPage"] = page
            let hostile = try await bevgenie(["page", "render", "-"], stdin: String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
            #expect(hostile.status == 0)
            #expect(!hostile.stdout.contains("<img"))
            #expect(!hostile.stdout.contains("<script"))
            #expect(hostile.stdout.contains("&lt;img src=x onerror=alert(1)&gt;"))

            #expect(sections[2]["type"] as? String == "features")
            sections[2]["items"] = [["title": "", "description": 3]]
            page["sections"] = sections
            let invalid = try await bevgenie(["page", "render", "-"], stdin: String(decoding: try JSONSerialization.data(withJSONObject: page), as: UTF8.self))
            #expect(invalid.status == 1)
            #expect(invalid.stderr.contains("sections[2].items[0].title: empty"))
            #expect(invalid.stderr.contains("sections[2].items[0].description: expected a string, found number"))
            let garbage = try await bevgenie(["page", "render", "-"], stdin: "{not json")
            #expect(garbage.status == 1)
            #expect(garbage.stderr.hasPrefix("bevgenie: error: stdin: invalid JSON at line 1"))
        }
    }

    @Test func badInputGetsAOneLineErrorAndExitCodeOne() async throws {
        try await withTemporaryDirectory { dir in
            let db = dir + "/db"
            for arguments in [["ask", "   ", "--db", db], ["ask", String(repeating: "a", count: 5000), "--db", db],
                              ["ask", "hi", "--session", "no spaces allowed", "--db", db],
                              ["ask", "hi", "--db", dir + "/missing/dir/db"], ["ask", "hi", "--db", dir]]
            {
                let result = try await bevgenie(arguments)
                #expect(result.status == 1, "\(arguments.prefix(2))")
                #expect(result.stderr.hasPrefix("bevgenie: error: "))
                #expect(result.stderr.filter { $0 == "\n" }.count == 1, "not one line: \(result.stderr)")
                #expect(result.stdout.isEmpty)
            }
            // None of those created the database.
            #expect(!FileManager.default.fileExists(atPath: db))
        }
    }

    @Test func usageErrorsExitWithTwo() async throws {
        for arguments in [["ask"], ["ask", "hi", "--format", "xml"], ["frobnicate"], ["ask", "hi", "--no-such-flag"]] {
            let result = try await bevgenie(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(!result.stderr.isEmpty)
        }
        let help = try await bevgenie(["ask", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("bevgenie ask \"What does it cost?\""))
    }

    @Test func aDatabaseFromTheFutureOrNotADatabaseIsLeftUnharmed() async throws {
        try await withTemporaryDirectory { dir in
            let future = dir + "/future.db"
            let create = Process()
            create.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            create.arguments = [future, "CREATE TABLE t(x); PRAGMA user_version = 42;"]
            try create.run()
            create.waitUntilExit()
            let before = try Data(contentsOf: URL(fileURLWithPath: future))
            let result = try await bevgenie(["ask", "hi", "--db", future])
            #expect(result.status == 1)
            #expect(result.stderr.contains("schema version 42"))
            #expect(try Data(contentsOf: URL(fileURLWithPath: future)) == before)

            let notes = dir + "/notes.txt"
            try "my notes\n".write(toFile: notes, atomically: true, encoding: .utf8)
            let text = try await bevgenie(["ask", "hi", "--db", notes])
            #expect(text.status == 1)
            #expect(text.stderr == "bevgenie: error: \(notes) is not a SQLite database\n")
            #expect(try String(contentsOfFile: notes, encoding: .utf8) == "my notes\n")
        }
    }

    @Test func concurrentFirstUseCreatesTheDatabaseOnce() async throws {
        try await withTemporaryDirectory { dir in
            let db = dir + "/shared.db"
            let results = try await withThrowingTaskGroup(of: CommandResult.self) { group in
                for index in 0..<4 {
                    group.addTask { try await bevgenie(["ask", "Question number \(index) about pricing", "--db", db]) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for result in results { #expect(result.status == 0, "\(result.stderr)") }
            let count = Process()
            count.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            count.arguments = [db, "SELECT count(*) FROM documents; SELECT count(*) FROM runs; PRAGMA integrity_check;"]
            let pipe = Pipe()
            count.standardOutput = pipe
            try count.run()
            count.waitUntilExit()
            let lines = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
            #expect(lines.count == 3)
            #expect(Int(lines.first ?? "") ?? 0 >= 30)
            #expect(lines.dropFirst().first == "4")
            #expect(lines.last == "ok")
        }
    }
}


@Suite struct ModelsCLITests {
    @Test func modelsShowsConfigurationWithoutKeys() async throws {
        let result = try await bevgenie(["models"], environment: ["OPENAI_API_KEY": "sk-secret-value-123"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("openai     key set"))
        #expect(result.stdout.contains("response  openai:gpt-4o"))
        #expect(!result.stdout.contains("sk-secret-value-123"))
        let none = try await bevgenie(["models"])
        #expect(none.stdout.contains("response  local") && none.stdout.contains("page      local"))
    }

    @Test func anUnusableModelIsAClearError() async throws {
        try await withTemporaryDirectory { dir in
            let result = try await bevgenie(["ask", "hi there", "--page-model", "anthropic:claude-sonnet-4-5", "--db", dir + "/db"])
            #expect(result.status == 1)
            #expect(result.stderr == "bevgenie: error: Anthropic needs an API key: set ANTHROPIC_API_KEY or add it to the config file\n")
            let unknown = try await bevgenie(["ask", "hi there", "--response-model", "gpt-5", "--db", dir + "/db"])
            #expect(unknown.status == 1 && unknown.stderr.contains("unknown model 'gpt-5'"))
        }
    }
}

@Suite struct AnalyticsCLITests {
    @Test func statsSessionsPersonaAndRetention() async throws {
        try await withTemporaryDirectory { dir in
            let db = dir + "/db"
            _ = try await bevgenie(["ask", "Our distributor reps ignore our brand as a brewery.", "--session", "alpha", "--db", db])
            _ = try await bevgenie(["ask", "We also miss price posting deadlines.", "--session", "alpha", "--db", db])
            _ = try await bevgenie(["ask", "How much does it cost?", "--session", "beta", "--db", db])

            let stats = try await bevgenie(["stats", "--format", "json", "--db", db])
            let report = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as! [String: Any]
            #expect(report["runs"] as? Int == 3)
            #expect((report["stages"] as? [[String: Any]])?.count == 5)
            let text = try await bevgenie(["stats", "--since", "1d", "--db", db])
            #expect(text.stdout.contains("Last 1d: 3 runs") && text.stdout.contains("supplier"))
            #expect(try await bevgenie(["stats", "--since", "tomorrow", "--db", db]).status == 2)

            let list = try await bevgenie(["session", "list", "--db", db])
            #expect(list.stdout.contains("alpha") && list.stdout.contains("beta"))
            let persona = try await bevgenie(["persona", "show", "alpha", "--db", db])
            #expect(persona.stdout.contains("distributor_performance") && persona.stdout.contains("“Our distributor reps ignore our brand as a brewery.”"))
            let export = try await bevgenie(["session", "export", "alpha", "--db", db])
            let exported = try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as! [String: Any]
            #expect((exported["messages"] as? [Any])?.count == 4)

            #expect(try await bevgenie(["session", "rm", "alpha", "--db", db]).stdout == "removed session alpha\n")
            #expect(try await bevgenie(["session", "show", "alpha", "--db", db]).status == 1)
            #expect(try await bevgenie(["session", "rm", "alpha", "--db", db]).status == 1)

            // Nothing is a day old (a minute could pass while this test waits its turn on a loaded machine).
            let vacuum = try await bevgenie(["db", "vacuum", "--older-than", "1d", "--db", db])
            #expect(vacuum.status == 0 && vacuum.stdout.contains("dropped 0 runs"))
        }
    }
}
