import Foundation
import Testing

@testable import BevGenieCore

/// The real PostgreSQL server the PostgreSQL tests run against: `BEVGENIE_TEST_POSTGRES_URL` (`.ci/run` starts one
/// with `scripts/postgres start` and exports it); when it is not set, the tests start one the same way. No server,
/// no pass: a test that needs PostgreSQL fails (with how to get one), it never skips.
enum PostgresTestServer {
    static let variable = "BEVGENIE_TEST_POSTGRES_URL"

    /// The server's URL, starting one with `scripts/postgres start` when the variable is not set.
    static func url() async throws -> PostgresURL {
        try await shared.value.get()
    }

    private static let shared = Task { () -> Result<PostgresURL, PostgresServerMissing> in
        let environment = ProcessInfo.processInfo.environment
        if let value = environment[variable], !value.isEmpty {
            return Result { try PostgresURL(value) }.mapError { PostgresServerMissing(reason: "\(variable): \($0)") }
        }
        if environment["CI"] == "true" {
            return .failure(PostgresServerMissing(reason: "\(variable) is not set in CI (.ci/run starts the server)"))
        }
        // The repository's scripts/postgres, from this file's place in it.
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [repository.appendingPathComponent("scripts/postgres").path, "start"]
        let output = Pipe()
        process.standardOutput = output
        do {
            try process.run()
        } catch {
            return .failure(PostgresServerMissing(reason: "cannot run scripts/postgres: \(error)"))
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0, let start = text.range(of: "postgres://") else {
            return .failure(PostgresServerMissing(reason: "scripts/postgres start failed (exit \(process.terminationStatus))"))
        }
        let value = text[start.lowerBound...].prefix { $0 != "'" && !$0.isNewline }
        return Result { try PostgresURL(String(value)) }.mapError { PostgresServerMissing(reason: "\($0)") }
    }

    /// Runs `body` with a fresh, empty database on the server (created from template0, dropped afterwards), so
    /// tests running in parallel never see each other's rows.
    static func withDatabase<T>(_ body: (PostgresURL) async throws -> T) async throws -> T {
        let server = try await url()
        let name = "bevgenie_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await admin(server, "CREATE DATABASE \(name) TEMPLATE template0 ENCODING 'UTF8'")
        var database = server
        database.database = name
        do {
            let result = try await body(database)
            try await admin(server, "DROP DATABASE \(name) WITH (FORCE)")
            return result
        } catch {
            try? await admin(server, "DROP DATABASE \(name) WITH (FORCE)")
            throw error
        }
    }

    /// Runs one statement on its own connection (tests only: the statement's text is the test's own).
    static func admin(_ url: PostgresURL, _ sql: String) async throws {
        try await PostgresAdmin.execute(sql, at: url)
    }
}

struct PostgresServerMissing: Error, CustomStringConvertible {
    var reason: String
    var description: String {
        "no PostgreSQL server for the tests: \(reason). Start one with `eval \"$(scripts/postgres start)\"`."
    }
}

/// The backends the conformance suite runs against.
enum StoreBackend: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite, postgres
    var description: String { rawValue }

    /// Runs `body` with a fresh store of this backend holding the starter knowledge (hashing-embedder vectors).
    func withStore<T>(seedStarter: Bool = true, _ body: (any BevGenieStore) async throws -> T) async throws -> T {
        switch self {
        case .sqlite:
            return try await withTemporaryDirectory { directory in
                try await body(try SQLiteStore(path: directory.file("test.db"), seedStarterKnowledge: seedStarter))
            }
        case .postgres:
            return try await PostgresTestServer.withDatabase { url in
                let store = try await PostgresStore(url: url, poolSize: 4, seedStarterKnowledge: seedStarter)
                do {
                    let result = try await body(store)
                    await store.close()
                    return result
                } catch {
                    await store.close()
                    throw error
                }
            }
        }
    }
}
