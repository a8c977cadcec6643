import Logging
import PostgresNIO

extension PostgresStore {
    /// The schema version of the bevgenie database at `url`, without migrating or seeding it; nil when the
    /// database holds none yet. `db init` refuses a database that already holds one, as it refuses an existing
    /// SQLite file.
    public static func existingSchemaVersion(at url: PostgresURL) async throws -> Int? {
        let connection: PostgresConnection
        do {
            var configuration = PostgresConnection.Configuration(
                host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
                tls: try connectionTLS(url))
            configuration.options.connectTimeout = .seconds(10)
            connection = try await PostgresConnection.connect(configuration: configuration, id: 2, logger: logger)
        } catch {
            throw storageError(error, url: url, connecting: true)
        }
        do {
            var version: Int?
            let exists = try await connection.rows("SELECT to_regclass('bevgenie_schema') IS NOT NULL").first?
                .decode(Bool.self) ?? false
            if exists {
                version = try await connection.rows("SELECT max(version) FROM bevgenie_schema").first?.decode(Int?.self)
            }
            try? await connection.close()
            return (version ?? 0) > 0 ? version : nil
        } catch {
            try? await connection.close()
            throw storageError(error, url: url)
        }
    }
}
