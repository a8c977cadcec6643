import Foundation

/// Everything a command asks of a database, whichever backend holds it: the four stores the pipeline uses and the
/// administration `kb`, `session`, `stats` and `db` need. `SQLiteStore` and `PostgresStore` both conform, and
/// one conformance suite (Tests/BevGenieCoreTests/StorageConformanceTests.swift) runs against both.
public protocol BevGenieStore: KnowledgeStore, SessionStore, PageCacheStore, AnalyticsStore {
    /// A value of the `meta` table.
    func meta(_ key: String) async throws -> String?
    /// The schema version of the database (SQLite's `user_version`, PostgreSQL's `bevgenie_schema`).
    func schemaVersion() async throws -> Int
    /// Sessions, most recently active first.
    func sessions(limit: Int) async throws -> [SQLiteStore.SessionSummary]
    /// Removes a session with its messages, signals and persona (runs stay); false when there was none.
    func removeSession(id: String) async throws -> Bool
    /// Drops runs (with their stage timings) and signals older than `cutoff`.
    func dropHistory(olderThan cutoff: Double) async throws -> (runs: Int, signals: Int)
    /// Reclaims the space freed by deletions.
    func compact() async throws
    func keepsStarter() async throws -> Bool
    func setKeepsStarter(_ keep: Bool) async throws
    /// The distinct models of the stored vectors.
    func vectorModels() async throws -> [String]
    /// Computes every chunk's vector again with `embedder`, all or nothing (`kb reembed`).
    func reembed(
        with embedder: any Embedder, batchSize: Int, progress: @Sendable (SQLiteStore.ReembedProgress) async -> Void
    ) async throws -> Int
    /// Where the database is, for people: the file's path, or the server's URL with its password hidden.
    var displayLocation: String { get }
    /// The file's size in bytes; nil for a server.
    var fileSize: Int? { get }
}

extension BevGenieStore {
    @discardableResult
    public func reembed(
        with embedder: any Embedder, progress: @Sendable (SQLiteStore.ReembedProgress) async -> Void = { _ in }
    ) async throws -> Int {
        try await reembed(with: embedder, batchSize: 64, progress: progress)
    }
}

extension SQLiteStore: BevGenieStore {
    public nonisolated var displayLocation: String { path }
    public nonisolated var fileSize: Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}

extension PostgresStore: BevGenieStore {
    public var displayLocation: String { url.description }
    public var fileSize: Int? { nil }
}
