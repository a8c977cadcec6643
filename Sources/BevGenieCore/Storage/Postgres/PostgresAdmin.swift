import Logging
import PostgresNIO

/// Statements that run on a connection of their own, outside any store: creating and dropping whole databases
/// (the tests' throwaway databases). Package access: the test targets use it, commands do not.
package enum PostgresAdmin {
    /// Runs one statement written by the caller (never user text) on its own connection to `url`.
    package static func execute(_ sql: String, at url: PostgresURL) async throws {
        let logger = Logger(label: "bevgenie.postgres.admin", factory: { _ in SwiftLogNoOpLogHandler() })
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: PostgresConnection.Configuration(
                    host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
                    tls: .disable),
                id: 1, logger: logger)
        } catch {
            throw PostgresStore.storageError(error, url: url, connecting: true)
        }
        do {
            try await connection.run(PostgresQuery(unsafeSQL: sql))
            try? await connection.close()
        } catch {
            try? await connection.close()
            throw PostgresStore.storageError(error, url: url)
        }
    }
}
