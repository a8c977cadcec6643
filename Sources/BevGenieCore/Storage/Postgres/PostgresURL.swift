import Foundation

/// A libpq-style connection URL, `postgres://user:password@host:port/dbname?sslmode=require`, taken apart.
///
/// `description` never contains the password (it is replaced by `***`), so the URL can go into output, logs and
/// errors as it is; only `password` itself holds it.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    /// How the connection uses TLS, as libpq's `sslmode` says it.
    public enum TLSMode: String, Sendable {
        /// Never.
        case disable
        /// When the server offers it, without checking its certificate (libpq's `allow` and `prefer`).
        case prefer
        /// Always, without checking the certificate (libpq's `require`).
        case require
        /// Always, checking the certificate and the host name (libpq's `verify-ca` and `verify-full`).
        case verify
    }

    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var tls: TLSMode
    /// The most connections the pool opens (`?pool=N`; the `--db-pool` flag overrides it).
    public var poolSize: Int?

    /// Whether a `--db` value names a PostgreSQL server rather than a SQLite file.
    public static func isPostgres(_ value: String) -> Bool {
        value.hasPrefix("postgres://") || value.hasPrefix("postgresql://")
    }

    public init(
        user: String, password: String?, host: String, port: Int = 5432, database: String, tls: TLSMode = .prefer,
        poolSize: Int? = nil
    ) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.tls = tls
        self.poolSize = poolSize
    }

    /// Parses `value`; the error says what is wrong without repeating the password.
    public init(_ value: String) throws(PostgresURLError) {
        guard Self.isPostgres(value) else { throw .notPostgres }
        let rest = value.hasPrefix("postgresql://") ? String(value.dropFirst(13)) : String(value.dropFirst(11))
        // Split off the query first: a password may contain '?', '/' and '@' only percent-encoded, as in libpq.
        let (beforeQuery, query) = Self.split(rest, at: "?")
        let (authority, path) = Self.split(beforeQuery, at: "/")
        var userInfo: String?
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            userInfo = String(authority[..<at])
            hostPort = String(authority[authority.index(after: at)...])
        }
        var user = "postgres"
        var password: String?
        if let userInfo {
            let (name, secret) = Self.split(userInfo, at: ":")
            guard let decoded = name.removingPercentEncoding else { throw .invalid("the user name is not valid percent-encoding") }
            if !decoded.isEmpty { user = decoded }
            if let secret {
                guard let decoded = secret.removingPercentEncoding else {
                    throw .invalid("the password is not valid percent-encoding")
                }
                password = decoded
            }
        }
        var host = hostPort
        var port = 5432
        if hostPort.hasPrefix("[") {  // [::1]:5432
            guard let close = hostPort.firstIndex(of: "]") else { throw .invalid("unclosed '[' in the host") }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            if after.hasPrefix(":") {
                guard let number = Int(after.dropFirst()), (1...65535).contains(number) else {
                    throw .invalid("the port is not a number from 1 to 65535")
                }
                port = number
            }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = String(hostPort[..<colon])
            guard let number = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(number) else {
                throw .invalid("the port is not a number from 1 to 65535")
            }
            port = number
        }
        if host.isEmpty { host = "localhost" }
        guard let decodedHost = host.removingPercentEncoding else { throw .invalid("the host is not valid percent-encoding") }
        var database = (path ?? "").removingPercentEncoding ?? ""
        if database.isEmpty { database = user }
        var tls = TLSMode.prefer
        var poolSize: Int?
        for pair in (query ?? "").split(separator: "&") where !pair.isEmpty {
            let (key, raw) = Self.split(String(pair), at: "=")
            let value = raw?.removingPercentEncoding ?? ""
            switch key {
            case "sslmode":
                switch value {
                case "disable": tls = .disable
                case "allow", "prefer": tls = .prefer
                case "require": tls = .require
                case "verify-ca", "verify-full": tls = .verify
                default:
                    throw .invalid("sslmode must be disable, allow, prefer, require, verify-ca or verify-full, not \(value)")
                }
            case "pool", "pool_size":
                guard let size = Int(value), size >= 1 else { throw .invalid("pool must be a whole number of at least 1") }
                poolSize = size
            case "application_name", "connect_timeout":
                break  // accepted as libpq does; not needed here
            default:
                throw .invalid("unknown parameter \(key) (known: sslmode, pool)")
            }
        }
        self.init(
            user: user, password: password, host: decodedHost, port: port, database: database, tls: tls,
            poolSize: poolSize)
    }

    /// The URL with the password replaced by `***`: safe to print.
    public var description: String {
        var text = "postgres://" + (Self.encode(user) ?? user)
        if password != nil { text += ":***" }
        text += "@" + (host.contains(":") ? "[\(host)]" : host) + ":\(port)/" + (Self.encode(database) ?? database)
        var parameters: [String] = []
        if tls != .prefer { parameters.append("sslmode=" + (tls == .verify ? "verify-full" : tls.rawValue)) }
        if let poolSize { parameters.append("pool=\(poolSize)") }
        if !parameters.isEmpty { text += "?" + parameters.joined(separator: "&") }
        return text
    }

    private static func encode(_ text: String) -> String? {
        text.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed.subtracting(CharacterSet(charactersIn: ":@/?")))
    }

    private static func split(_ text: String, at separator: Character) -> (String, String?) {
        guard let index = text.firstIndex(of: separator) else { return (text, nil) }
        return (String(text[..<index]), String(text[text.index(after: index)...]))
    }
}

/// Why a `postgres://` URL was refused. Never holds the password.
public enum PostgresURLError: Error, CustomStringConvertible, Equatable {
    case notPostgres
    case invalid(String)

    public var description: String {
        switch self {
        case .notPostgres: return "not a PostgreSQL URL (postgres://user:password@host:port/dbname)"
        case .invalid(let reason): return "invalid PostgreSQL URL: \(reason)"
        }
    }
}
