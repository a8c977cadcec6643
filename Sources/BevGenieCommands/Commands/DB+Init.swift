import ArgumentParser
import BevGenieCore
import Foundation

extension BevGenieCLI.DB {
    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a database, with the built-in starter knowledge or (--empty) without it.",
            discussion: """
                Any command creates the database on first use, filled with the starter (demo) documents; `db init \
                --empty` creates one for your own knowledge only, so nothing of the demo can appear in an answer. \
                An existing database is left as it is (an error).

                Examples:
                  bevgenie db init --empty --db shop.db && bevgenie kb import notes/ --db shop.db
                  BEVGENIE_DB=demo.db bevgenie db init
                """)

        @Flag(help: "Create the database without the starter documents.")
        var empty = false

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let location = database.location
            let path = location.displayName
            if let url = try location.postgresURL() {
                if let version = try await PostgresStore.existingSchemaVersion(at: url) {
                    throw CommandFailure(
                        "\(path) already holds a bevgenie database (schema version \(version)); drop it first or use another --db")
                }
            } else if FileManager.default.fileExists(atPath: location.path) {
                throw CommandFailure("\(path) already exists; remove it first or use another --db")
            }
            let store = try await database.openStore(seedStarter: !empty)
            let counts = try await store.knowledgeCounts()
            Terminal.standardOutput.write(empty
                ? "created \(path) with an empty knowledge base (import yours with `bevgenie kb import PATH`)\n"
                : "created \(path) with \(counts.documents) starter documents\n")
        }
    }
}
