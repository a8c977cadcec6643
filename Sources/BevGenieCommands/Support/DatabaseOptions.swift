import ArgumentParser
import BevGenieCore
import Foundation

/// `--db`, shared by every command that touches the database.
public struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The SQLite database file, or a PostgreSQL server as postgres://user:password@host:port/dbname "
                + "(default: $BEVGENIE_DB, else a postgres:// $DATABASE_URL, else $XDG_DATA_HOME/bevgenie/bevgenie.db).",
            valueName: "path|url"))
    public var db: String?

    @Option(
        name: .long,
        help: ArgumentHelp("With a PostgreSQL --db: the most connections to open (default: the URL's pool=N, else 10).",
                           valueName: "n"))
    public var dbPool: Int?

    public init() {}

    public func validate() throws {
        if let dbPool, dbPool < 1 { throw ValidationError("--db-pool must be at least 1") }
    }

    /// The options of the environment these flags start; commands add their own (models, embedder, cache).
    public var environmentOptions: BevGenieEnvironment.EnvironmentOptions {
        var options = BevGenieEnvironment.EnvironmentOptions(database: db)
        options.databasePool = dbPool
        return options
    }

    /// The database location: `--db`, then `BEVGENIE_DB`, then the XDG data directory.
    public var location: DatabaseLocation { environmentOptions.location }

    /// Opens the store alone, for the commands that need no embedder or pipeline (sessions, stats, kb list).
    /// A new file gets the starter knowledge unless `seedStarter` is false (`db init --empty`).
    public func openStore(seedStarter: Bool = true) async throws -> any BevGenieStore {
        try await environmentOptions.openStore(seedStarter: seedStarter)
    }
}
