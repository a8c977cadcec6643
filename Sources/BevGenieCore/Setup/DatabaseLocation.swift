import Foundation

/// Where the database is: `--db`, then `BEVGENIE_DB`, then a `postgres://` `DATABASE_URL`, then
/// `$XDG_DATA_HOME/bevgenie/bevgenie.db`. A `postgres://…` value names a PostgreSQL server instead of a file.
public struct DatabaseLocation: Sendable, Equatable {
    public var path: String
    /// True for the XDG default, whose directory is created on first use; a path the user chose is used as
    /// given (a missing directory there is an error, not something to create silently).
    public var isDefault: Bool

    public init(path: String, isDefault: Bool) {
        self.path = path
        self.isDefault = isDefault
    }

    public static func resolve(explicit: String?, variables: [String: String]) -> DatabaseLocation {
        if let explicit, !explicit.isEmpty { return DatabaseLocation(path: explicit, isDefault: false) }
        if let env = variables["BEVGENIE_DB"], !env.isEmpty { return DatabaseLocation(path: env, isDefault: false) }
        // libpq's variable, as hosting platforms set it; only a PostgreSQL URL there is ours to use.
        if let env = variables["DATABASE_URL"], PostgresURL.isPostgres(env) { return DatabaseLocation(path: env, isDefault: false) }
        return DatabaseLocation(path: DataDirectory.resolve(variables: variables) + "/bevgenie.db", isDefault: true)
    }

    /// Opens the SQLite store here, creating the default location's directory on first use.
    /// A new database gets the starter knowledge (unless `seedStarterKnowledge` is false) with `starterVectors`
    /// when given, else the built-in embedder's vectors.
    public func openSQLite(seedStarterKnowledge: Bool = true, starterVectors: ShippedVectors? = nil)
        throws(StoreError) -> SQLiteStore
    {
        if isDefault {
            let directory = (path as NSString).deletingLastPathComponent
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw .cannotOpen(path: path, reason: "cannot create the data directory \(directory): \(error.localizedDescription)")
            }
        } else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw .cannotOpen(path: path, reason: "it is a directory")
            }
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
                throw .cannotOpen(path: path, reason: "directory \(directory) does not exist")
            }
        }
        return try SQLiteStore(path: path, seedStarterKnowledge: seedStarterKnowledge, starterVectors: starterVectors)
    }
}

/// bevgenie's data directory: `$XDG_DATA_HOME/bevgenie`, else `~/.local/share/bevgenie` (the database, models).
public enum DataDirectory {
    public static func resolve(variables: [String: String]) -> String {
        let dataHome: String
        if let xdg = variables["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            dataHome = xdg
        } else {
            dataHome = (variables["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        }
        return dataHome + "/bevgenie"
    }
}
