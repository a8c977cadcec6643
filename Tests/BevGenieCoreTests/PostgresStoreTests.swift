import Foundation
import PostgresNIO
import Testing

@testable import BevGenieCore

/// What only the PostgreSQL backend has: its URL, its schema table, its server. The behaviour both backends
/// share is in `StorageConformanceTests`.
@Suite struct PostgresStoreTests {
    @Test func urlsAreParsedAndPrintedWithoutThePassword() throws {
        let url = try PostgresURL("postgres://app:s3cr%40t@db.example:6543/bev?sslmode=require&pool=7")
        #expect(url.user == "app")
        #expect(url.password == "s3cr@t")
        #expect(url.host == "db.example")
        #expect(url.port == 6543)
        #expect(url.database == "bev")
        #expect(url.tls == .require)
        #expect(url.poolSize == 7)
        #expect(url.description == "postgres://app:***@db.example:6543/bev?sslmode=require&pool=7")
        #expect(!url.description.contains("s3cr"))

        let bare = try PostgresURL("postgresql://localhost")
        #expect(bare.user == "postgres")
        #expect(bare.port == 5432)
        #expect(bare.database == "postgres")
        #expect(bare.password == nil)
        #expect(try PostgresURL("postgres://u@[::1]:5433/d").host == "::1")

        #expect(throws: PostgresURLError.self) { _ = try PostgresURL("postgres://u:p@h:notaport/d") }
        #expect(throws: PostgresURLError.self) { _ = try PostgresURL("postgres://u:p@h/d?sslmode=sometimes") }
        #expect(throws: PostgresURLError.self) { _ = try PostgresURL("postgres://u:p@h/d?bogus=1") }
        #expect(throws: PostgresURLError.notPostgres) { _ = try PostgresURL("/tmp/x.db") }
        #expect(PostgresURL.isPostgres("postgres://x") && !PostgresURL.isPostgres("x.db"))
    }

    /// A statement sent on a connection whose channel has closed: PostgresNIO writes it with no write promise, the
    /// closed pipeline drops it, and PostgresNIO's own `query` would wait for its answer for ever (the hang of a
    /// restart under load, `PostgresConnection.answered`). Through the store's `rows` it fails, retryably. The time
    /// limit only turns a regression into a failure instead of a test run that never ends; it is generous because
    /// in the whole suite, beside the replica tests on the same server, making the fresh database alone took a minute.
    @Test(.timeLimit(.minutes(5))) func aStatementOnAClosedConnectionFailsRetryablyInsteadOfWaitingForEver() async throws {
        try await PostgresTestServer.withDatabase { url in
            let connection = try await PostgresConnection.connect(
                configuration: PostgresConnection.Configuration(
                    host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
                    tls: .disable),
                id: 1, logger: PostgresStore.logger)
            #expect(try await connection.rows("SELECT 1").first?.decode(Int.self) == 1)
            try await connection.close()
            await #expect(throws: PostgresStatementLost.self) { _ = try await connection.rows("SELECT 1") }
            let reported = PostgresStore.storageError(PostgresStatementLost(), url: url) as? StorageError
            #expect(reported?.kind == .busy)
            #expect(reported?.category == .busy)
        }
    }

    @Test func theSchemaIsVersionedAndMigratedOnce() async throws {
        try await PostgresTestServer.withDatabase { url in
            let first = try await PostgresStore(url: url, poolSize: 2)
            #expect(try await first.schemaVersion() == PostgresSchema.currentVersion)
            let before = try await first.knowledgeCounts()
            // Replicas starting together: one migrates and seeds, the others find it done.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<3 {
                    group.addTask { await (try await PostgresStore(url: url, poolSize: 1)).close() }
                }
                try await group.waitForAll()
            }
            #expect(try await first.knowledgeCounts() == before)
            await first.close()
        }
    }

    @Test func replicasStartingOnANewDatabaseTogetherSeedItOnce() async throws {
        try await PostgresTestServer.withDatabase { url in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<3 {
                    group.addTask { await (try await PostgresStore(url: url, poolSize: 1)).close() }
                }
                try await group.waitForAll()
            }
            let store = try await PostgresStore(url: url, poolSize: 1)
            #expect(try await store.knowledgeCounts().documents == StarterKnowledge.documents.count)
            await store.close()
        }
    }

    @Test func aNewerSchemaIsRefusedAndLeftUntouched() async throws {
        try await PostgresTestServer.withDatabase { url in
            await (try await PostgresStore(url: url, poolSize: 1, seedStarterKnowledge: false)).close()
            try await PostgresTestServer.admin(url, "UPDATE bevgenie_schema SET version = 99")
            let error = await #expect(throws: StorageError.self) { _ = try await PostgresStore(url: url, poolSize: 1) }
            #expect(error?.kind == .newerSchema)
            #expect(error?.message.contains("99") == true)
            try await PostgresTestServer.admin(url, "UPDATE bevgenie_schema SET version = \(PostgresSchema.currentVersion)")
            let store = try await PostgresStore(url: url, poolSize: 1)
            #expect(try await store.knowledgeCounts().documents == 0)  // not seeded behind the refusal
            await store.close()
        }
    }

    @Test func anotherProgramsDatabaseIsRefused() async throws {
        try await PostgresTestServer.withDatabase { url in
            try await PostgresTestServer.admin(url, "CREATE TABLE documents (id int)")
            let error = await #expect(throws: StorageError.self) { _ = try await PostgresStore(url: url, poolSize: 1) }
            #expect(error?.kind == .corrupt)
        }
    }

    @Test func aWrongPasswordIsReportedWithoutIt() async throws {
        var url = try await PostgresTestServer.url()
        url.password = "wrong-password-\(UUID().uuidString)"
        let error = await #expect(throws: StorageError.self) { _ = try await PostgresStore(url: url, poolSize: 1) }
        #expect(error?.kind == .unavailable)
        #expect(error.map { !$0.message.contains(url.password!) } == true)
        #expect(error?.message.contains("***") == true)
    }

    @Test func anUnreachableServerFailsAtOnceAsUnavailable() async throws {
        // A free loopback port with nothing listening.
        let url = PostgresURL(user: "u", password: "secret-pw", host: "127.0.0.1", port: 1, database: "d", tls: .disable)
        let error = await #expect(throws: StorageError.self) { _ = try await PostgresStore(url: url, poolSize: 1) }
        #expect(error?.kind == .unavailable)
        #expect(error?.message.contains("secret-pw") == false)
    }

    /// The keyword search uses the GIN index and the vector search the HNSW index, not a scan of every row.
    @Test func searchesUseTheirIndexes() async throws {
        try await StoreBackend.postgres.withStore { store in
            let store = try #require(store as? PostgresStore)
            let plan = try await store.explainHybrid(query("distributor performance", mode: .hybrid))
            #expect(plan.contains("chunks_search"), "\(plan)")
            #expect(plan.contains("chunk_vectors_hnsw_"), "\(plan)")
        }
    }
}

extension PostgresStore {
    /// The plan of the very statement `search` runs, on one connection with sequential scans discouraged.
    func explainHybrid(_ query: KnowledgeQuery) async throws -> String {
        let statement = try #require(try await searchStatement(query))
        return try await client.withConnection { connection in
            try await connection.run("SET enable_seqscan = off")
            let rows = try await connection.rows(PostgresQuery(unsafeSQL: "EXPLAIN " + statement.sql, binds: statement.binds))
            let plan = try rows.map { try $0.decode(String.self) }.joined(separator: "\n")
            try await connection.run("RESET enable_seqscan")
            return plan
        }
    }
}
