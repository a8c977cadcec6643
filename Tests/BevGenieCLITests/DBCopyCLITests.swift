import Foundation
import Testing

@testable import BevGenieCore

/// `bevgenie db copy` through the real binary: a SQLite file filled by the real commands (import, asks in
/// sessions, a page-cache hit) copied to a real PostgreSQL server, then the same commands read both alike.
@Suite struct DBCopyCLITests {
    /// A source database: the starter knowledge, two imported documents, five turns in three sessions (one a
    /// repeat, so the page cache has a hit).
    static func makeSource(_ dir: String) async throws -> String {
        let db = dir + "/source.db"
        let docs = dir + "/docs"
        try FileManager.default.createDirectory(atPath: docs, withIntermediateDirectories: true)
        try "# Narwhal retention program\n\nThe narwhal retention program pays distributor reps a bonus for every new placement they keep for ninety days.\n\n## How it works\n\nPlacements are checked monthly against depletion reports.\n"
            .write(toFile: docs + "/narwhal.md", atomically: true, encoding: .utf8)
        try "# Shelf audit checklist\n\nA shelf audit counts facings, checks price tags and photographs the display for the brand team.\n"
            .write(toFile: docs + "/audit.md", atomically: true, encoding: .utf8)
        let imported = try await bevgenie(["kb", "import", docs, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        let turns: [(String, String)] = [
            ("s-copy-1", "How do I see which distributors underperform in my territory?"),
            ("s-copy-1", "And how would we track display compliance across accounts?"),
            ("s-copy-2", "What is the narwhal retention program?"),
            ("s-copy-3", "What is the narwhal retention program?"),
            ("s-copy-2", "How long does TTB label approval take for a new wine?"),
        ]
        for (session, message) in turns {
            let asked = try await bevgenie(["ask", message, "--session", session, "--db", db])
            #expect(asked.status == 0, "\(asked.stderr)")
        }
        let stats = try await bevgenie(["stats", "--format", "json", "--db", db])
        let report = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any]
        #expect(report?["runs"] as? Int == turns.count, "\(stats.stdout)")
        let hits = (report?["cache"] as? [String: Any])?["hits"] as? Int ?? 0
        #expect(hits >= 1, "the repeated question is a page-cache hit: \(stats.stdout)")
        return db
    }

    /// The outputs a user reads, which must be the same from both databases.
    static func readings(_ db: String) async throws -> [String: String] {
        var result: [String: String] = [:]
        let commands: [String: [String]] = [
            "search": ["kb", "search", "narwhal retention bonus"],
            "search-json": ["kb", "search", "distributor depletion report", "--format", "json", "-k", "8"],
            "session-1": ["session", "show", "s-copy-1"],
            "session-2": ["session", "show", "s-copy-2", "--format", "json"],
            "sessions": ["session", "list"],
            "stats": ["stats"],
            "stats-json": ["stats", "--format", "json"],
            "kb-list": ["kb", "list"],
        ]
        for (name, arguments) in commands {
            let output = try await bevgenie(arguments + ["--db", db])
            #expect(output.status == 0, "\(name): \(output.stderr)")
            result[name] = output.stdout
        }
        // What may differ: the snippets (FTS5's snippet() and PostgreSQL's ts_headline mark words each their own
        // way: the search backends', not the copy's) and the report's window (now, when each command ran).
        result["search"] = result["search"]?.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("    ") || $0.contains(" · ") }.joined(separator: "\n")
        result["search-json"] = try canonicalJSON(result["search-json"] ?? "") { value in
            (value as? [[String: Any]])?.map { $0.filter { $0.key != "snippet" } } ?? value
        }
        result["stats-json"] = try canonicalJSON(result["stats-json"] ?? "") { value in
            (value as? [String: Any])?.filter { $0.key != "window" } ?? value
        }
        // kb stats names the database; everything else in it must agree.
        let stats = try await bevgenie(["kb", "stats", "--db", db])
        result["kb-stats"] = stats.stdout.split(separator: "\n").filter { !$0.contains("database") }.joined(separator: "\n")
        return result
    }

    static func expectSame(_ sqlite: [String: String], _ postgres: [String: String]) {
        for (name, text) in sqlite.sorted(by: { $0.key < $1.key }) {
            #expect(postgres[name] == text, "\(name) differs:\n--- sqlite\n\(text)\n--- postgres\n\(postgres[name] ?? "nil")")
        }
    }

    @Test func aCopyReadsAsTheFileDidAndASecondRunChangesNothing() async throws {
        try await withTemporaryDirectory { dir in
            let source = try await Self.makeSource(dir)
            let before = try await Self.readings(source)
            try await PostgresCLITests.withDatabase { url, typed in
                let password = try #require(url.password)
                let copied = try await bevgenie(["db", "copy", "--from", source, "--to", typed, "--batch-size", "7"])
                #expect(copied.status == 0, "\(copied.stderr)")
                #expect(copied.stderr.contains("copy: chunks"), "\(copied.stderr)")
                #expect(copied.stdout.contains("postgres://\(url.user):***@"), "\(copied.stdout)")
                #expect(!copied.stdout.contains(password) && !copied.stderr.contains(password))
                Self.expectSame(before, try await Self.readings(typed))

                // Twice: nothing is written, nothing changes.
                let again = try await bevgenie(["db", "copy", "--from", source, "--to", typed])
                #expect(again.status == 0, "\(again.stderr)")
                #expect(again.stdout.contains("already complete"), "\(again.stdout)")
                for line in again.stdout.split(separator: "\n").dropFirst() where !line.contains("skipped") {
                    #expect(line.hasSuffix(" 0 written by this run"), "\(line)")
                }
                Self.expectSame(before, try await Self.readings(typed))

                // The copy goes on as a database: a session continues, its turns in order after the copied ones.
                let more = try await bevgenie(["ask", "Which accounts should my reps visit first this week?", "--session", "s-copy-1", "--db", typed])
                #expect(more.status == 0, "\(more.stderr)")
                let shown = try await bevgenie(["session", "show", "s-copy-1", "--format", "json", "--db", typed])
                let session = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
                let messages = session?["messages"] as? [[String: Any]] ?? []
                #expect(messages.count == 6, "\(shown.stdout)")
                #expect((messages.last?["content"] as? String)?.isEmpty == false)
                #expect((messages[4]["content"] as? String) == "Which accounts should my reps visit first this week?")
            }
        }
    }

    @Test func aKilledCopyResumesWhereItStopped() async throws {
        try await withTemporaryDirectory { dir in
            let source = try await Self.makeSource(dir)
            let before = try await Self.readings(source)
            try await PostgresCLITests.withDatabase { url, typed in
                // One row per batch, killed (SIGKILL: no cleanup of any kind) once it is copying chunks.
                let killed = try await killedCopy(["db", "copy", "--from", source, "--to", typed, "--batch-size", "1"],
                                                  after: "copy: chunks")
                #expect(killed.contains("copy: chunks"), "\(killed)")
                let store = try await PostgresStore(url: url, poolSize: 1, seedStarterKnowledge: false)
                #expect(try await store.meta("copy.state") == "copying")
                let partial = try await store.knowledgeCounts()
                await store.close()
                let whole = try await SQLiteStore(path: source, seedStarterKnowledge: false).knowledgeCounts()
                #expect(partial.chunks < whole.chunks, "the kill came before the end")
                let resumed = try await bevgenie(["db", "copy", "--from", source, "--to", typed, "--batch-size", "50"])
                #expect(resumed.status == 0, "\(resumed.stderr)")
                #expect(resumed.stdout.contains("(resumed)"), "\(resumed.stdout)")
                Self.expectSame(before, try await Self.readings(typed))
            }
        }
    }

    @Test func aDestinationWithOtherDataIsRefusedUntouched() async throws {
        try await withTemporaryDirectory { dir in
            let source = try await Self.makeSource(dir)
            try await PostgresCLITests.withDatabase { url, typed in
                let created = try await bevgenie(["db", "init", "--db", typed])
                #expect(created.status == 0, "\(created.stderr)")
                let refused = try await bevgenie(["db", "copy", "--from", source, "--to", typed])
                #expect(refused.status == 1)
                #expect(refused.stderr.contains("already holds") && refused.stderr.contains("documents"), "\(refused.stderr)")
                #expect(!refused.stderr.contains(try #require(url.password)))
                let sessions = try await bevgenie(["session", "list", "--db", typed])
                #expect(sessions.stdout.split(separator: "\n").count <= 1, "nothing was copied: \(sessions.stdout)")
            }
            // A copy of another file is refused too.
            let other = dir + "/other.db"
            let made = try await bevgenie(["db", "init", "--db", other])
            #expect(made.status == 0, "\(made.stderr)")
            try await PostgresCLITests.withDatabase { _, typed in
                let first = try await bevgenie(["db", "copy", "--from", other, "--to", typed])
                #expect(first.status == 0, "\(first.stderr)")
                let refused = try await bevgenie(["db", "copy", "--from", source, "--to", typed])
                #expect(refused.status == 1)
                #expect(refused.stderr.contains("holds a copy of \(other)"), "\(refused.stderr)")
            }
            // Bad arguments: a missing file, a server as the source, a file as the destination.
            let missing = try await bevgenie(["db", "copy", "--from", dir + "/nope.db", "--to", "postgres://a:b@127.0.0.1:1/x"])
            #expect(missing.status == 1 && missing.stderr.contains("no database at"), "\(missing.stderr)")
            let swapped = try await bevgenie(["db", "copy", "--from", "postgres://a:b@h/x", "--to", source])
            #expect(swapped.status == 2, "\(swapped.stderr)")
        }
    }
}

/// JSON text with `change` applied, keys sorted, for comparing two outputs.
private func canonicalJSON(_ text: String, _ change: (Any) -> Any) throws -> String {
    let value = change(try JSONSerialization.jsonObject(with: Data(text.utf8)))
    return String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .prettyPrinted]), as: UTF8.self)
}

/// Runs the binary, kills it with SIGKILL once its stderr contains `marker`, and returns the stderr so far.
private func killedCopy(_ arguments: [String], after marker: String) async throws -> String {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            do {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: bevgenieBinary)
                process.arguments = arguments
                process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "LANG": "C.UTF-8"]
                let err = Pipe()
                process.standardError = err
                process.standardOutput = FileHandle.nullDevice
                try process.run()
                var seen = Data()
                while true {
                    let chunk = err.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    seen.append(chunk)
                    if String(decoding: seen, as: UTF8.self).contains(marker) {
                        kill(process.processIdentifier, SIGKILL)
                        break
                    }
                }
                process.waitUntilExit()
                continuation.resume(returning: String(decoding: seen, as: UTF8.self))
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }
}
