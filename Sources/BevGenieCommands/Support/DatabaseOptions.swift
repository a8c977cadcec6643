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

    /// The database path: `--db`, then `BEVGENIE_DB`, then the XDG data directory.
    public func resolvedPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> (path: String, isDefault: Bool) {
        if let db, !db.isEmpty { return (db, false) }
        if let env = environment["BEVGENIE_DB"], !env.isEmpty { return (env, false) }
        let dataHome: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            dataHome = xdg
        } else {
            dataHome = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        }
        return (dataHome + "/bevgenie/bevgenie.db", true)
    }

    /// Opens the store, creating the default location's directory on first use. A path the user chose is used
    /// as given: a missing directory there is an error, not something to create silently.
    /// A new file gets the starter knowledge unless `seedStarter` is false (`db init --empty`).
    public func openStore(seedStarter: Bool = true) throws -> SQLiteStore {
        let (path, isDefault) = resolvedPath()
        if isDefault {
            let directory = (path as NSString).deletingLastPathComponent
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw CommandFailure("cannot create the data directory \(directory): \(error.localizedDescription)")
            }
        } else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw CommandFailure("cannot open database \(path): it is a directory")
            }
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
                throw CommandFailure("cannot open database \(path): directory \(directory) does not exist")
            }
        }
        do {
            return try SQLiteStore(path: path, seedStarterKnowledge: seedStarter)
        } catch {
            throw CommandFailure(error.description)
        }
    }
}
