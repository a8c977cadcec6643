import ArgumentParser
import BevGenieCore
import Foundation
import Synchronization

extension BevGenieCLI.DB {
    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a SQLite database to PostgreSQL: knowledge with its vectors, sessions, runs, cache.",
            discussion: """
                Moves everything a SQLite file holds into a PostgreSQL database: documents, chunks and their \
                vectors (with the model that made them: nothing is embedded again), sessions with their messages, \
                signals and personas, runs with their stage timings, the page cache and what analytics read. Ids \
                stay as they were, so sessions, messages, signals and runs still point at each other. The file is \
                only read.

                The destination must be an empty database (create one with createdb) or one an earlier `db copy` \
                of the same file began. Anything else (other data, another file's copy, vectors of another \
                embedding model) is refused before a row is written.

                Resumable and idempotent: each batch is committed with a note of how far the copy got, so after an \
                interruption (Ctrl-C, a lost connection) the same command continues where it stopped, and running \
                it on a finished copy changes nothing. Stop the programs that write the file (serve, kb import) \
                before copying: new sessions and runs are picked up by running the command again, but knowledge \
                changed mid-way is refused. Progress goes to stderr, the summary to stdout; the password is never \
                printed.

                Examples:
                  createdb bevgenie
                  bevgenie db copy --from ~/.local/share/bevgenie/bevgenie.db --to postgres://app:secret@db.internal:5432/bevgenie
                  bevgenie db copy --from shop.db --to "postgres://app@10.0.0.5/shop?sslmode=require"   # run again to resume
                  bevgenie kb stats --db postgres://app:secret@db.internal:5432/bevgenie               # then use it
                """)

        @Option(help: ArgumentHelp("The SQLite database file to copy.", valueName: "file.db"))
        var from: String

        @Option(help: ArgumentHelp(
            "The PostgreSQL database to copy into, as postgres://user:password@host:port/dbname.", valueName: "url"))
        var to: String

        @Option(help: ArgumentHelp("Rows per batch (one transaction each).", valueName: "n"))
        var batchSize = DatabaseCopier.defaultBatchSize

        func validate() throws {
            if batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
            if PostgresURL.isPostgres(from) { throw ValidationError("--from is the SQLite file to copy, not a server URL") }
            if !PostgresURL.isPostgres(to) { throw ValidationError("--to must be a postgres:// URL (the server to copy into)") }
            do {
                _ = try PostgresURL(to)
            } catch {
                throw ValidationError("--to: \(error)")  // the error never repeats the password
            }
        }

        func run() async throws {
            let destination = try PostgresURL(to)
            let copier = DatabaseCopier(sourcePath: from, destination: destination, batchSize: batchSize)
            let reporter = CopyProgressReporter()
            let started = ContinuousClock.now
            let summary = try await copier.run { reporter.report($0) }
            let seconds = (ContinuousClock.now - started).milliseconds / 1000
            let out = Terminal.standardOutput
            let resumed = summary.resumed ? (summary.written == 0 ? " (already complete: nothing to copy)" : " (resumed)") : ""
            out.write("copied \(from) to \(destination)\(resumed) in " + String(format: "%.1f s", seconds) + "\n")
            for table in summary.tables {
                if let skipped = table.skipped {
                    out.write("  \(table.table): skipped (\(skipped))\n")
                } else {
                    out.write("  \(table.table): \(table.rows.counted("row")), \(table.written) written by this run\n")
                }
            }
        }
    }
}

/// Progress lines on stderr: when a table starts, every second while it runs, and when it is done.
private final class CopyProgressReporter: Sendable {
    private let last = Mutex<ContinuousClock.Instant?>(nil)

    func report(_ progress: DatabaseCopier.Progress) {
        let now = ContinuousClock.now
        let due = last.withLock { (shown: inout ContinuousClock.Instant?) -> Bool in
            let starting = progress.copied == 0 && !progress.finished
            guard progress.finished || starting || shown.map({ now - $0 >= .seconds(1) }) ?? true else { return false }
            shown = progress.finished ? nil : now
            return true
        }
        guard due else { return }
        let share = progress.total == 0 ? 100 : progress.copied * 100 / progress.total
        Terminal.standardError.write(
            "copy: \(progress.table) \(progress.copied)/\(progress.total) (\(share)%)\(progress.finished ? " done" : "")\n")
    }
}
