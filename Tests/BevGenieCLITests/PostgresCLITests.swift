import Foundation
import Testing

@testable import BevGenieCore

/// The real binary on a real PostgreSQL server (`BEVGENIE_TEST_POSTGRES_URL`, which `.ci/run` exports from
/// `scripts/postgres start`): `--db postgres://…`, `BEVGENIE_DB` and `DATABASE_URL` select it for every command.
@Suite struct PostgresCLITests {
    static func serverURL() throws -> PostgresURL {
        guard let value = ProcessInfo.processInfo.environment["BEVGENIE_TEST_POSTGRES_URL"], !value.isEmpty else {
            throw CLIPostgresMissing()
        }
        return try PostgresURL(value)
    }

    /// A fresh database on the server for `body`, dropped afterwards.
    static func withDatabase<T>(_ body: (PostgresURL, String) async throws -> T) async throws -> T {
        let server = try serverURL()
        let name = "bevgenie_cli_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await PostgresAdmin.execute("CREATE DATABASE \(name) TEMPLATE template0 ENCODING 'UTF8'", at: server)
        var url = server
        url.database = name
        // The URL as a user types it, password included.
        let typed = "postgres://\(url.user):\(url.password ?? "")@\(url.host):\(url.port)/\(name)?sslmode=disable"
        do {
            let result = try await body(url, typed)
            try await PostgresAdmin.execute("DROP DATABASE \(name) WITH (FORCE)", at: server)
            return result
        } catch {
            try? await PostgresAdmin.execute("DROP DATABASE \(name) WITH (FORCE)", at: server)
            throw error
        }
    }

    @Test func everyCommandWorksOnPostgreSQLAndNeverPrintsThePassword() async throws {
        try await Self.withDatabase { url, typed in
            let password = try #require(url.password)
            let ask = try await bevgenie(["ask", "How do I see which distributors underperform?", "--db", typed])
            #expect(ask.status == 0, "\(ask.stderr)")
            #expect(ask.stdout.contains(#""event":"complete""#))
            let stats = try await bevgenie(["kb", "stats", "--db", typed])
            #expect(stats.status == 0, "\(stats.stderr)")
            #expect(stats.stdout.contains("postgres://\(url.user):***@"))
            #expect(stats.stdout.contains("documents  \(StarterKnowledge.documents.count)"))
            let sessions = try await bevgenie(["session", "list"], environment: ["BEVGENIE_DB": typed])
            #expect(sessions.status == 0, "\(sessions.stderr)")
            #expect(sessions.stdout.split(separator: "\n").count == 1)
            let report = try await bevgenie(["stats", "--format", "json"], environment: ["DATABASE_URL": typed])
            #expect(report.status == 0, "\(report.stderr)")
            #expect(report.stdout.contains(#""runs": 1,"#), "\(report.stdout)")
            let search = try await bevgenie(["kb", "search", "label approval", "--db", typed, "--db-pool", "2"])
            #expect(search.status == 0, "\(search.stderr)")
            for output in [ask, stats, sessions, report, search] {
                #expect(!output.stdout.contains(password) && !output.stderr.contains(password))
            }
        }
    }

    @Test func anUnreachableServerIsOneLineAndExitOne() async throws {
        let result = try await bevgenie(["kb", "stats", "--db", "postgres://app:hunter2-secret@127.0.0.1:1/bev"])
        #expect(result.status == 1)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("postgres://app:***@127.0.0.1:1/bev"), "\(result.stderr)")
        #expect(!result.stderr.contains("hunter2"))
    }

    @Test func aMalformedURLIsAClearError() async throws {
        let result = try await bevgenie(["kb", "stats", "--db", "postgres://app:pw@host:notaport/bev"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("port"), "\(result.stderr)")
        #expect(!result.stderr.contains(":pw@"))
    }
}

struct CLIPostgresMissing: Error, CustomStringConvertible {
    var description: String {
        "BEVGENIE_TEST_POSTGRES_URL is not set: start a server with `eval \"$(scripts/postgres start)\"` (CI's .ci/run does)"
    }
}
