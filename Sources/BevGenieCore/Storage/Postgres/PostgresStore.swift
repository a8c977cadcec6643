import Foundation
import Logging
import NIOCore
import NIOSSL
import PostgresNIO

/// The PostgreSQL implementation of every store: knowledge, sessions, the page cache and analytics in one
/// database that any number of `serve` replicas share.
///
/// It keeps no state of its own between calls beyond the connection pool — no cached documents or vectors, as
/// the SQLite store has — because another replica may change the database at any moment; PostgreSQL's own
/// buffers do that caching. Every statement's user text is a bound parameter.
public final class PostgresStore: Sendable {
    /// The pool (PostgresNIO's `PostgresClient`); its `run()` lives in `runTask` for as long as the store.
    let client: PostgresClient
    private let runTask: Task<Void, Never>
    /// Where it is, password hidden: for messages.
    public let url: PostgresURL
    static let logger = Logger(label: "bevgenie.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
    /// Connections the pool opens at most, unless the URL or `--db-pool` says otherwise.
    public static let defaultPoolSize = 10
    /// How many candidates the HNSW index looks at per search (pgvector's default is 40): the hybrid search asks
    /// for up to 4 × the result count, and the index returns no more than this.
    static let hnswEfSearch = 100

    /// Connects, brings the schema up to date (or refuses a database from a newer bevgenie) and seeds a new
    /// database with the starter knowledge, like `SQLiteStore.init`. Fails with a `StorageError` when the server
    /// cannot be reached or refuses the login, before any pool is started.
    public init(
        url: PostgresURL, poolSize: Int? = nil, seedStarterKnowledge: Bool = true, starterVectors: ShippedVectors? = nil
    ) async throws {
        self.url = url
        let tls = try Self.poolTLS(url)
        // One plain connection first: it says why a server cannot be reached (the pool would retry quietly),
        // and it runs the migrations.
        let connection: PostgresConnection
        do {
            var configuration = PostgresConnection.Configuration(
                host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
                tls: try Self.connectionTLS(url))
            configuration.options.connectTimeout = .seconds(10)
            connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: Self.logger)
        } catch {
            throw Self.storageError(error, url: url, connecting: true)
        }
        do {
            try await Self.migrate(connection, url: url, seed: seedStarterKnowledge ? .some(starterVectors) : nil)
            try? await connection.close()
        } catch {
            try? await connection.close()
            throw Self.storageError(error, url: url)
        }
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
            tls: tls)
        configuration.options.maximumConnections = max(1, poolSize ?? url.poolSize ?? Self.defaultPoolSize)
        configuration.options.additionalStartupParameters = [("hnsw.ef_search", String(Self.hnswEfSearch))]
        let client = PostgresClient(configuration: configuration, backgroundLogger: Self.logger)
        self.client = client
        self.runTask = Task { await client.run() }
    }

    deinit {
        runTask.cancel()
    }

    /// Closes the pool's connections. The store cannot be used afterwards.
    public func close() async {
        runTask.cancel()
        _ = await runTask.value
    }

    private static func poolTLS(_ url: PostgresURL) throws -> PostgresClient.Configuration.TLS {
        switch url.tls {
        case .disable: return .disable
        case .prefer: return .prefer(unverified())
        case .require: return .require(unverified())
        case .verify: return .require(.makeClientConfiguration())
        }
    }

    static func connectionTLS(_ url: PostgresURL) throws -> PostgresConnection.Configuration.TLS {
        switch url.tls {
        case .disable: return .disable
        case .prefer: return .prefer(try NIOSSLContext(configuration: unverified()))
        case .require: return .require(try NIOSSLContext(configuration: unverified()))
        case .verify: return .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
    }

    /// libpq's `prefer` and `require`: encrypted, but the certificate is not checked.
    private static func unverified() -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return configuration
    }

    /// Takes the migration lock, checks the version, runs what is missing and seeds a new database, in one
    /// transaction: replicas starting together migrate once, and a failure leaves the database as it was.
    private static func migrate(_ connection: PostgresConnection, url: PostgresURL, seed: ShippedVectors??) async throws {
        try await connection.run("BEGIN")
        do {
            try await connection.run("SELECT pg_advisory_xact_lock(\(migrationLock))")
            let exists = try await connection.rows(
                "SELECT to_regclass('bevgenie_schema') IS NOT NULL").first?.decode(Bool.self) ?? false
            var version = 0
            if exists {
                version = try await connection.rows("SELECT max(version) FROM bevgenie_schema")
                    .first?.decode(Int?.self) ?? 0
            } else {
                let foreign = try await connection.rows(
                    "SELECT to_regclass('documents') IS NOT NULL OR to_regclass('sessions') IS NOT NULL"
                ).first?.decode(Bool.self) ?? false
                if foreign {
                    throw StorageError(.corrupt, message: "database \(url) has tables of another program (documents, "
                        + "sessions) and no bevgenie_schema: not a bevgenie database")
                }
                try await connection.run("CREATE TABLE bevgenie_schema (version integer NOT NULL)")
                try await connection.run("INSERT INTO bevgenie_schema(version) VALUES (0)")
            }
            if version > PostgresSchema.currentVersion {
                throw StorageError(.newerSchema, message: "database \(url) has schema version \(version), newer than "
                    + "this bevgenie supports (\(PostgresSchema.currentVersion)); upgrade bevgenie")
            }
            if version < PostgresSchema.currentVersion {
                for migration in PostgresSchema.migrations[version...] {
                    for statement in migration { try await connection.run(PostgresQuery(unsafeSQL: statement)) }
                }
                try await connection.run("UPDATE bevgenie_schema SET version = \(PostgresSchema.currentVersion)")
                if version == 0 {
                    let now = Date().timeIntervalSince1970
                    try await connection.run("INSERT INTO meta(key, value) VALUES ('created_at', \(String(now)))")
                    try await connection.run("INSERT INTO meta(key, value) VALUES ('kb_version', '0')")
                    if let vectors = seed { try await seedStarter(connection, vectors: vectors) }
                }
            }
            try await connection.run("COMMIT")
        } catch {
            try? await connection.run("ROLLBACK")
            throw error
        }
    }

    /// The advisory lock every migration takes (any fixed number; this one spells "bevgenie").
    static let migrationLock: Int64 = 0x6265_7667_656e_6965

    /// The built-in documents, written as an import would write them (see `SQLiteStore.seedStarter`).
    private static func seedStarter(_ connection: PostgresConnection, vectors: ShippedVectors?) async throws {
        let documents = try StarterKnowledge.seedDocuments(vectors: vectors)
        for document in documents { try await write(document, on: connection) }
        try await connection.run(
            "INSERT INTO meta(key, value) VALUES ('starter_version', \(String(StarterKnowledge.version)))")
    }

    // MARK: - Running statements

    /// Runs `body` in one transaction on a pooled connection; any error rolls it back and comes out as a
    /// `StorageError` (or the error `body` threw, when it is one of bevgenie's own).
    func transaction<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        do {
            return try await client.withConnection { connection in
                try await connection.run("BEGIN")
                do {
                    let result = try await body(connection)
                    try await connection.run("COMMIT")
                    return result
                } catch {
                    // A closed connection has no transaction left to roll back (the server ended it).
                    if !connection.isClosed { try? await connection.run("ROLLBACK") }
                    throw error
                }
            }
        } catch {
            throw Self.storageError(error, url: url)
        }
    }

    /// All rows of one statement outside any transaction. Through `withConnection`, not `client.query`: the
    /// statement goes through `PostgresConnection.rows`, which does not wait for ever on a connection that closed.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        do {
            return try await client.withConnection { connection in try await connection.rows(query) }
        } catch {
            throw Self.storageError(error, url: url)
        }
    }

    /// Runs one statement outside any transaction, ignoring what it returns.
    func run(_ query: PostgresQuery) async throws {
        _ = try await rows(query)
    }

    /// Reads a value from the `meta` table.
    public func meta(_ key: String) async throws -> String? {
        try await rows("SELECT value FROM meta WHERE key = \(key)").first?.decode(String.self)
    }

    /// The schema version of the database.
    public func schemaVersion() async throws -> Int {
        try await rows("SELECT max(version) FROM bevgenie_schema").first?.decode(Int?.self) ?? 0
    }
}

extension PostgresConnection {
    /// All rows of one statement on this connection (inside the caller's transaction); a retryable failure, not a
    /// wait for ever, when the connection closes before the answer (`answered`).
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await answered { connection in try await connection.query(query, logger: PostgresStore.logger).collect() }
    }

    func run(_ query: PostgresQuery) async throws {
        _ = try await rows(query)
    }
}
