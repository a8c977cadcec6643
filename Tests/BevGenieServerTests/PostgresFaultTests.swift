import Foundation
import PostgresNIO
import Testing

@testable import BevGenieCore

/// PostgreSQL failing under `bevgenie`: restarted in the middle of a load (the server of the test's own, stopped
/// with `pg_ctl stop -m fast` and started again on the same data and port), and not there at all at start.
@Suite struct PostgresFaultTests {
    @Test
    func aRestartUnderLoadEndsInFlightRunsRetryablyAndThePoolReconnects() async throws {
        let postgres = try await PrivatePostgres.start()
        do {
            try await Self.restartUnderLoad(postgres)
            await postgres.stop()
        } catch {
            await postgres.stop()
            throw error
        }
    }

    private static func restartUnderLoad(_ postgres: PrivatePostgres) async throws {
        let typed = ReplicaPostgres.typed(postgres.url)
        async let first = ServeProcess.start([], database: typed)
        async let second = ServeProcess.start([], database: typed)
        let replicas = try await [first, second]
        let bases = replicas.map(\.base).joined(separator: ",")
        let script = "BEVGENIE_PG_STATE='\(postgres.state)' bash '\(PrivatePostgres.script)'"

        // Streams in flight on both replicas when the server goes; it is back 1.5 s later while chats go on.
        let loadResult = try await run("python3", [
            clientsDirectory + "/replica_load.py", "chat", bases, "--sessions", "40", "--turns", "3",
            "--concurrency", "8", "--kill-after", "20", "--fault-command", "\(script) down",
            "--recover-command", "\(script) up", "--recover-after", "1.5", "--tag", "fault",
        ], timeout: 600)
        #expect(loadResult.status == 0, "\(loadResult.stderr)")
        let load = try ReplicaLoad(loadResult.stdout)
        #expect(load.killed, "the restart was never set off")
        #expect(load.faultFailure == nil, "\(load.faultFailure ?? "")")

        // Every chat ended with `complete` or with an `error` event a client may retry: none was cut off or hung.
        let hung = load.chats.filter { $0.outcome == "hung" }
        #expect(hung.isEmpty, "\(hung.count) chats hung: \(hung.prefix(3))")
        let failed = load.chats.filter { $0.outcome != "complete" && $0.outcome != "hung" }
        #expect(!failed.isEmpty, "no run was in flight when the server went: the check would be empty")
        let unretryable = failed.filter { !$0.outcome.hasPrefix("error:") || $0.retryable != true }
        #expect(unretryable.isEmpty, "\(unretryable.prefix(5)) \(replicas[0].stderr.suffix(1_000))")
        #expect(failed.allSatisfy { $0.category == "busy" }, "\(failed.map { "\($0.outcome) \($0.category ?? "-")" }.prefix(5))")
        // Chats sent after the server was back completed: the pools reconnected by themselves.
        let fault = try #require(load.faultAt)
        let late = load.chats.filter { $0.sentAt > fault + 6 }
        #expect(late.allSatisfy { $0.outcome == "complete" }, "\(late.filter { $0.outcome != "complete" }.prefix(5))")

        // And a fresh round on the same processes: every chat completes.
        let after = try ReplicaLoad(try await run("python3", [
            clientsDirectory + "/replica_load.py", "chat", bases, "--sessions", "10", "--turns", "2",
            "--concurrency", "4", "--tag", "after",
        ], timeout: 300).stdout)
        #expect(after.chats.count == 20)
        #expect(after.chats.allSatisfy { $0.outcome == "complete" }, "\(after.chats.filter { $0.outcome != "complete" })")

        // Nothing half-written: each run whole (its stage timings, its answer), counters equal the rows.
        for replica in replicas { await replica.stop() }
        let db = try await TestConnection(postgres.url)
        let checks: [(String, PostgresQuery)] = [
            ("runs without their five stage timings",
             "SELECT count(*) FROM runs r WHERE status = 'ok' AND (SELECT count(*) FROM stage_timings s WHERE s.run_id = r.id) <> 5"),
            ("stage timings without a run", "SELECT count(*) FROM stage_timings s WHERE NOT EXISTS (SELECT 1 FROM runs r WHERE r.id = s.run_id)"),
            ("answers without a run",
             "SELECT count(*) FROM messages m WHERE author = 'assistant' AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.id = m.run_id)"),
            ("ok runs without an answer",
             "SELECT count(*) FROM runs r WHERE status = 'ok' AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.run_id = r.id AND m.author = 'assistant')"),
            ("sessions whose counter is not their messages",
             "SELECT count(*) FROM sessions s WHERE message_count <> (SELECT count(*) FROM messages m WHERE m.session_id = s.id)"),
            ("signals without their message",
             "SELECT count(*) FROM signals g WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = g.message_id)"),
            ("messages stored twice", "SELECT count(*) FROM (SELECT 1 FROM messages GROUP BY run_id, author HAVING count(*) > 1) d"),
        ]
        for (what, query) in checks {
            let count = try await db.int(query)
            #expect(count == 0, "\(what): \(count)")
        }
        let completedRuns = (load.chats + after.chats).filter { $0.outcome == "complete" }.compactMap(\.runId)
        #expect(try await db.int("SELECT count(*) FROM runs WHERE id = ANY(\(completedRuns)) AND status = 'ok'") == completedRuns.count)
        await db.close()
        print("postgres restart: \(failed.count) of \(load.chats.count) chats ended with a retryable error, "
            + "then \(after.chats.count) of \(after.chats.count) completed")
    }

    /// No server at the address: `ask`, `serve` and `kb` each say so in one line (password hidden) and exit 1.
    @Test(arguments: [
        ["ask", "How do I see which distributors underperform?"],
        ["serve", "--port", "0"],
        ["kb", "import", "NOTES"],
        ["kb", "search", "label approval"],
    ])
    func anUnreachableServerAtStartIsOneLineAndExitOne(_ arguments: [String]) async throws {
        let home = NSTemporaryDirectory() + "bevgenie-unreachable-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        // A real file to import: the failure must be the database's, not a missing path's.
        try FileManager.default.createDirectory(atPath: home + "/notes", withIntermediateDirectories: true)
        try "# Notes\n\nDepletion reports by distributor.\n".write(toFile: home + "/notes/a.md", atomically: true, encoding: .utf8)
        let arguments = arguments.map { $0 == "NOTES" ? home + "/notes" : $0 }
        let result = try await run("env", [
            "HOME=\(home)", bevgenieBinary] + arguments + ["--db", "postgres://app:hunter2-secret@127.0.0.1:1/bev"],
            timeout: 60)
        #expect(result.status == 1, "\(arguments[0]): exit \(result.status), \(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("postgres://app:***@127.0.0.1:1/bev"), "\(result.stderr)")
        #expect(!result.stderr.contains("hunter2") && !result.stdout.contains("hunter2"))
    }
}
