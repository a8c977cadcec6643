/// Opening whichever backend a location names: a `postgres://` URL opens a `PostgresStore`, anything else the
/// SQLite file.
extension DatabaseLocation {
    /// The PostgreSQL server named, when the location is a `postgres://` URL (a malformed one is an error).
    public func postgresURL() throws(PostgresURLError) -> PostgresURL? {
        PostgresURL.isPostgres(path) ? try PostgresURL(path) : nil
    }

    /// Where it is, for people: the path, or the URL with its password hidden (never print `path` itself).
    public var displayName: String {
        guard PostgresURL.isPostgres(path) else { return path }
        return (try? PostgresURL(path).description) ?? "postgres://… (invalid URL)"
    }

    /// Opens the store: `openSQLite` for a file; for a server, connects (with at most `poolSize` connections,
    /// else the URL's `pool`, else `PostgresStore.defaultPoolSize`) and migrates.
    public func openStore(
        seedStarterKnowledge: Bool = true, starterVectors: ShippedVectors? = nil, poolSize: Int? = nil
    ) async throws -> any BevGenieStore {
        let url: PostgresURL?
        do {
            url = try postgresURL()
        } catch {
            throw StorageError(.unavailable, message: error.description)
        }
        if let url {
            return try await PostgresStore(
                url: url, poolSize: poolSize, seedStarterKnowledge: seedStarterKnowledge, starterVectors: starterVectors)
        }
        return try openSQLite(seedStarterKnowledge: seedStarterKnowledge, starterVectors: starterVectors)
    }
}
