import Foundation
import Testing

@testable import BevGenieCore

/// No SQL is ever built from user text: every value reaches SQLite as a bound parameter, and the only things
/// interpolated into SQL are placeholder lists and constants, checked here against the source itself.
@Suite struct SQLInjectionTests {
    static let storageDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/BevGenieCore/Storage").path

    /// Every expression interpolated into a SQL string in Sources/BevGenieCore/Storage, and why it is safe. A new
    /// one fails this test until it is added here, which asks its author that question.
    static let reviewedInterpolations: [String: String] = [
        "column": "one of the runs table's column names, passed as literals by the analytics report",
        "SQLiteSchema.currentVersion": "an integer constant",
        "Self.mmapSize": "an integer constant (the store connection's memory map)",
    ]

    /// The PostgreSQL store's text spliced into SQL (`\(unescaped:)`, `PostgresQuery(unsafeSQL:)` and the
    /// fragments it is built from), and why each is safe. Its other interpolations are bound parameters: see
    /// `isBindingLiteral`.
    static let reviewedPostgresSplices: [String: String] = [
        "unescaped: Self.chunkColumns": "a constant column list",
        "Self.chunkColumns": "a constant column list",
        "dimensions": "an integer: the query vector's length",
        "configuration": "the constant text search configuration name",
        "keywordCTE": "one of two constant fragments, chosen by the mode",
        "vectorCTE": "one of two fragments whose only splice is an integer",
        "score": "one of three constant expressions, chosen by the mode",
        "order": "one of two constant expressions, chosen by the mode",
        #"query.mode == .keyword ? "WHERE k.rowid IS NOT NULL" : query.mode == .vector ? "WHERE v.rowid IS NOT NULL" : """#:
            "one of three constant conditions, chosen by the mode",
        "name": "an index name made of a constant and an integer",
        // `db copy` (DatabaseCopier.swift): identifiers of the tables it copies — names from its constant table
        // list and column names read from the two databases' own catalogues, always double-quoted by `quoted` —
        // and placeholder lists; every value it copies is a bind.
        "Self.quoted(table.name)": "a table name from the copier's constant list, double-quoted",
        "quoted(table.name)": "a table name from the copier's constant list, double-quoted",
        "Self.quoted(column.name)": "a column name from PostgreSQL's catalogue, double-quoted",
        "table.name": "a table name from the copier's constant list (a string literal of pg_get_serial_sequence)",
        "column.name": "an identity column's name from PostgreSQL's catalogue (a string literal of pg_get_serial_sequence)",
        "table.key.map(quoted).joined(separator: \", \")": "the table's constant key columns, double-quoted",
        "keyList": "the table's constant key columns, double-quoted",
        "selectColumns": "column names from SQLite's catalogue, double-quoted",
        "names.joined(separator: \", \")": "column names from PostgreSQL's catalogue, double-quoted",
        "overriding": "one of two constant fragments",
        "newerIncoming": "a constant expression of the copier's table list over `excluded`",
        "newerStored": "a constant expression of the copier's table list over the stored row",
        "target": "quoted column names of the stored row",
        "incoming": "quoted column names of the incoming row",
        "Self.placeholders(table.key.count)": "a list of `?` placeholders",
        "Self.placeholders(last.count)": "a list of `?` placeholders",
    ]

    /// A literal PostgresNIO reads as a `PostgresQuery` — the argument of the store's `rows(_:)`, `run(_:)` or
    /// `query(_:)`, which take nothing else — where `\(value)` is a bound parameter ($1, $2…), never text.
    static func isBindingLiteral(_ prefix: Substring) -> Bool {
        let before = prefix.trimmingCharacters(in: .whitespacesAndNewlines)
        return before.hasSuffix(".rows(") || before.hasSuffix(".run(") || before.hasSuffix(".query(")
            || before.hasSuffix(" rows(") || before.hasSuffix(" run(") || before.hasSuffix("(rows(")
    }

    @Test func sqlStringsInterpolateOnlyPlaceholdersAndConstants() throws {
        var found: [String: [String]] = [:]
        var foundPostgres: [String: [String]] = [:]
        let files = try FileManager.default.subpathsOfDirectory(atPath: Self.storageDirectory).filter { $0.hasSuffix(".swift") }
        #expect(files.count >= 5, "the storage sources were found")
        for file in files {
            let source = try String(contentsOfFile: Self.storageDirectory + "/" + file, encoding: .utf8)
            // `db copy` writes PostgreSQL through PostgresNIO's binding literals, as the PostgreSQL store does.
            let postgres = file.hasPrefix("Postgres/") || file == "DatabaseCopier.swift"
            for (literal, prefix) in Self.stringLiteralsWithPrefixes(in: source) where Self.looksLikeSQL(literal) {
                for expression in Self.interpolations(in: literal) {
                    if postgres {
                        // Bound, unless spliced: `unescaped:` anywhere, or any interpolation outside a query literal.
                        if Self.isBindingLiteral(prefix), !expression.hasPrefix("unescaped:") { continue }
                        foundPostgres[expression, default: []].append(file)
                    } else {
                        found[expression, default: []].append(file)
                    }
                }
            }
        }
        let unreviewedPostgres = foundPostgres.filter { Self.reviewedPostgresSplices[$0.key] == nil }
        #expect(unreviewedPostgres.isEmpty, "PostgreSQL text spliced from \(unreviewedPostgres): bind it instead")
        let gonePostgres = Set(Self.reviewedPostgresSplices.keys).subtracting(foundPostgres.keys)
        #expect(gonePostgres.isEmpty, "reviewed but no longer in the PostgreSQL store: \(gonePostgres)")
        let unreviewed = found.filter { Self.reviewedInterpolations[$0.key] == nil }
        #expect(unreviewed.isEmpty, "SQL built with \(unreviewed): bind values with `?` instead")
        let gone = Set(Self.reviewedInterpolations.keys).subtracting(found.keys)
        #expect(gone.isEmpty, "reviewed but no longer in the source (or the scan missed them): \(gone)")
    }

    @Test func hostileTextIsStoredAndFoundAsText() async throws {
        try await withStore { store, _ in
            for text in ["'; DROP TABLE documents; --", "\" OR 1=1 --", "a\u{0}b\u{0}", "", "NEAR(\"a\" b*, 2) -c ^d",
                         "Robert'); DELETE FROM sessions WHERE ('1'='1", "\u{202E}evil\u{202C} 🍺"] {
                let (back, bytes) = try await store.roundTrip(text)
                #expect(back == text, "round trip of \(text.debugDescription)")
                #expect(bytes == text.utf8.count, "all of \(text.debugDescription) reached SQLite")
            }
            #expect(try await store.knowledgeStats().documents > 0)
        }
    }

    /// The contents of every string literal, `"..."` and `"""..."""`, escapes left as written.
    static func stringLiterals(in source: String) -> [String] {
        stringLiteralsWithPrefixes(in: source).map(\.0)
    }

    /// Each literal's contents with the 40 characters of source before it.
    static func stringLiteralsWithPrefixes(in source: String) -> [(String, Substring)] {
        var literals: [(String, Substring)] = []
        var rest = Substring(source)
        while let open = rest.firstIndex(of: "\"") {
            let multiline = rest[open...].hasPrefix("\"\"\"")
            let delimiter = multiline ? "\"\"\"" : "\""
            var index = rest.index(open, offsetBy: delimiter.count)
            var depth = 0  // parentheses inside an interpolation, whose strings do not end this one
            var content = ""
            while index < rest.endIndex {
                let character = rest[index]
                if character == "\\", rest.index(after: index) < rest.endIndex {
                    let next = rest[rest.index(after: index)]
                    content.append(character)
                    content.append(next)
                    if next == "(" { depth += 1 }
                    index = rest.index(index, offsetBy: 2)
                    continue
                }
                if depth > 0 {
                    if character == "(" { depth += 1 }
                    if character == ")" { depth -= 1 }
                } else if rest[index...].hasPrefix(delimiter) {
                    break
                }
                content.append(character)
                index = rest.index(after: index)
            }
            literals.append((content, source[..<open].suffix(40)))
            rest = index < rest.endIndex ? rest[rest.index(index, offsetBy: delimiter.count)...] : ""
        }
        return literals
    }

    static func looksLikeSQL(_ literal: String) -> Bool {
        literal.range(of: #"\b(SELECT|INSERT|UPDATE|DELETE|PRAGMA|WHERE|CREATE|DROP|VALUES)\b"#, options: .regularExpression) != nil
    }

    /// The expressions inside `\(...)` in a literal.
    static func interpolations(in literal: String) -> [String] {
        var expressions: [String] = []
        var rest = Substring(literal)
        while let start = rest.range(of: "\\(") {
            var depth = 1
            var index = start.upperBound
            while index < rest.endIndex, depth > 0 {
                if rest[index] == "(" { depth += 1 }
                if rest[index] == ")" { depth -= 1 }
                if depth > 0 { index = rest.index(after: index) }
            }
            expressions.append(String(rest[start.upperBound..<index]))
            rest = index < rest.endIndex ? rest[rest.index(after: index)...] : ""
        }
        return expressions
    }
}

extension SQLiteStore {
    /// `text` bound, selected back, and its length in bytes as SQLite holds it.
    func roundTrip(_ text: String) throws -> (String, Int) {
        let row = try db.queryRow("SELECT ?, length(CAST(? AS BLOB))", [.text(text), .text(text)])
        return (try row?.string(0) ?? "<no row>", try row?.int(1) ?? -1)
    }
}
