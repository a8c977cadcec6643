import Foundation
import Testing

@testable import BevGenieCore

/// `db init` on PostgreSQL, as on SQLite: it creates a database once; on one that already holds bevgenie's tables
/// it refuses, says so in one line, and leaves the database as it was.
@Suite struct PostgresInitTests {
    @Test func dbInitRefusesADatabaseThatIsAlreadyInitialised() async throws {
        try await PostgresCLITests.withDatabase { url, typed in
            let created = try await bevgenie(["db", "init", "--empty", "--db", typed])
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stdout.contains("created postgres://\(url.user):***@"), "\(created.stdout)")
            let version = try await PostgresStore.existingSchemaVersion(at: url)
            #expect(version == PostgresSchema.currentVersion)

            let again = try await bevgenie(["db", "init", "--db", typed])
            #expect(again.status == 1)
            #expect(again.stderr.split(separator: "\n").count == 1, "\(again.stderr)")
            #expect(again.stderr.contains(
                "already holds a bevgenie database (schema version \(PostgresSchema.currentVersion))"), "\(again.stderr)")
            let password = try #require(url.password)
            #expect(!again.stderr.contains(password))
            // Still empty: the refused init seeded nothing.
            let stats = try await bevgenie(["kb", "stats", "--db", typed])
            #expect(stats.stdout.contains("documents  0"), "\(stats.stdout)")
        }
    }

    @Test func aDatabaseWithoutBevgenieTablesHasNoSchemaVersion() async throws {
        try await PostgresCLITests.withDatabase { url, _ in
            let version = try await PostgresStore.existingSchemaVersion(at: url)
            #expect(version == nil)
        }
    }
}
