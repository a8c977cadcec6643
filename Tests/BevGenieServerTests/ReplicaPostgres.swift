import Foundation
import Logging
import PostgresNIO

@testable import BevGenieCore

/// The PostgreSQL server the replica and fault tests share (`BEVGENIE_TEST_POSTGRES_URL`, exported by
/// `scripts/postgres start` and by `.ci/run`): each test gets a database of its own on it, dropped afterwards, so
/// tests running at the same time never see each other's rows. No server, no pass: the test fails, never skips.
enum ReplicaPostgres {
    static func serverURL() throws -> PostgresURL {
        guard let value = ProcessInfo.processInfo.environment["BEVGENIE_TEST_POSTGRES_URL"], !value.isEmpty else {
            throw ServeProcessError(message: "BEVGENIE_TEST_POSTGRES_URL is not set: start a server with "
                + "`eval \"$(scripts/postgres start)\"` (CI's .ci/run does)")
        }
        return try PostgresURL(value)
    }

    /// A fresh database on `server` (the shared one by default) for `body`: its URL, and the URL as a user types
    /// it (password included), for the processes under test.
    static func withDatabase<T>(on server: PostgresURL? = nil, _ body: (PostgresURL, String) async throws -> T)
        async throws -> T
    {
        let server = try server ?? serverURL()
        let name = "bevgenie_replica_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await PostgresAdmin.execute("CREATE DATABASE \(name) TEMPLATE template0 ENCODING 'UTF8'", at: server)
        var url = server
        url.database = name
        do {
            let result = try await body(url, typed(url))
            try? await PostgresAdmin.execute("DROP DATABASE \(name) WITH (FORCE)", at: server)
            return result
        } catch {
            try? await PostgresAdmin.execute("DROP DATABASE \(name) WITH (FORCE)", at: server)
            throw error
        }
    }

    static func typed(_ url: PostgresURL) -> String {
        "postgres://\(url.user):\(url.password ?? "")@\(url.host):\(url.port)/\(url.database)?sslmode=disable"
    }
}

/// One connection for a test's own reads of the database (its statements are the test's own text; values bound).
final class TestConnection: Sendable {
    let connection: PostgresConnection
    static let logger = Logger(label: "test.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    init(_ url: PostgresURL) async throws {
        connection = try await PostgresConnection.connect(
            configuration: PostgresConnection.Configuration(
                host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
                tls: .disable),
            id: 7, logger: Self.logger)
    }

    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await connection.query(query, logger: Self.logger).collect()
    }

    /// The first column of the first row as an integer (`count(*)` and the like).
    func int(_ query: PostgresQuery) async throws -> Int {
        try await rows(query).first?.decode(Int?.self) ?? -1
    }

    func close() async {
        try? await connection.close()
    }
}

/// A PostgreSQL server of the test's own, which it may stop and start again on the same data dir and port (a
/// restart under load). Started by `scripts/postgres` with a state file of its own (`BEVGENIE_PG_STATE`), so the
/// shared server is never touched; `down` and `up` are the script's `pg_ctl stop -m fast` and `pg_ctl start`.
final class PrivatePostgres: Sendable {
    let state: String
    let url: PostgresURL

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/postgres").path

    static func start() async throws -> PrivatePostgres {
        let state = NSTemporaryDirectory() + "bevgenie-private-pg-" + UUID().uuidString + ".state"
        let result = try await Self.script(["start"], state: state)
        guard result.status == 0, let start = result.stdout.range(of: "postgres://") else {
            throw ServeProcessError(message: "scripts/postgres start failed: \(result.stderr)")
        }
        let value = result.stdout[start.lowerBound...].prefix { $0 != "'" && !$0.isNewline }
        return PrivatePostgres(state: state, url: try PostgresURL(String(value)))
    }

    private init(state: String, url: PostgresURL) {
        self.state = state
        self.url = url
    }

    /// `pg_ctl stop -m fast`: open connections are ended, running statements cancelled (57P01).
    func down() async throws { try await check(Self.script(["down"], state: state)) }
    /// `pg_ctl start` on the same data dir and port.
    func up() async throws { try await check(Self.script(["up"], state: state)) }
    func stop() async { _ = try? await Self.script(["stop"], state: state) }

    private func check(_ result: ProcessResult) throws {
        guard result.status == 0 else { throw ServeProcessError(message: "scripts/postgres: \(result.stderr)") }
    }

    private static func script(_ arguments: [String], state: String) async throws -> ProcessResult {
        try await run("env", ["BEVGENIE_PG_STATE=\(state)", "bash", script] + arguments, timeout: 120)
    }
}
