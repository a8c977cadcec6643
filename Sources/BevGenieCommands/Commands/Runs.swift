import ArgumentParser
import BevGenieCore
import Foundation

extension BevGenieCLI {
    struct Runs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Streamed runs kept in the database (what a resuming client is sent).",
            subcommands: [Show.self])

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Print a streamed run's events as NDJSON, the same lines `ask` prints.",
                discussion: """
                    Every run streamed by `serve` keeps its events under its id (the X-Run-Id header, and \\
                    runId in complete) until `db vacuum` drops them. A run still going prints what it has \\
                    sent so far.

                    Examples:
                      bevgenie runs show 3f9c2a7d01b44e6f9a8c5d2e1b0f7a6c
                      bevgenie runs show RUN_ID | jq -r 'select(.event=="delta") | .data.text' | tr -d '\\n'
                    """)

            @Argument(help: "The run's id.")
            var runId: String

            @OptionGroup var database: DatabaseOptions

            func validate() throws {
                guard RandomID.isValidSessionID(runId) else {
                    throw ValidationError("invalid run id '\(runId)': use 1-64 letters, digits, '-' or '_'")
                }
            }

            func run() async throws {
                guard let store = try await database.openStore() as? any RunEventStore else {
                    throw CommandFailure("this database keeps no run event logs")
                }
                var position = 0
                var found = false
                while let page = try await store.runEvents(runId: runId, after: position, limit: 1_000) {
                    found = true
                    guard let last = page.events.last else { break }
                    Terminal.standardOutput.write(page.events.map(\.ndjson).joined())
                    position = last.seq
                }
                guard found else {
                    throw CommandFailure("no run \(runId) in \(database.location.displayName): unknown, or dropped by db vacuum")
                }
            }
        }
    }
}
