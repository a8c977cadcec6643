import ArgumentParser
import BevGenieCore
import Foundation

/// `--db`, shared by every command that touches the database.
public struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The SQLite database file (default: $BEVGENIE_DB, else $XDG_DATA_HOME/bevgenie/bevgenie.db).",
            valueName: "path"))
    public var db: String?

    public init() {}

    /// The options of the environment these flags start; commands add their own (models, embedder, cache).
    public var environmentOptions: BevGenieEnvironment.EnvironmentOptions {
        BevGenieEnvironment.EnvironmentOptions(database: db)
    }

    /// The database location: `--db`, then `BEVGENIE_DB`, then the XDG data directory.
    public var location: DatabaseLocation { environmentOptions.location }

    /// Opens the store alone, for the commands that need no embedder or pipeline (sessions, stats, kb list).
    /// A new file gets the starter knowledge unless `seedStarter` is false (`db init --empty`).
    public func openStore(seedStarter: Bool = true) throws -> SQLiteStore {
        try environmentOptions.openStore(seedStarter: seedStarter)
    }
}
