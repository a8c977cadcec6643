import CSQLite

/// The tokenizer of the knowledge base's FTS5 table (`porter unicode61`), called directly rather than through a
/// query.
///
/// Why: the in-memory keyword index (`KeywordIndex`) computes FTS5's BM25 itself, and it can only give FTS5's
/// ranking if it cuts text into exactly the tokens FTS5 indexes and queries with — case folding, diacritics, the
/// Porter stemmer and all. Asking FTS5 for its own tokenizer guarantees that; a copy of the rules in Swift would
/// drift. FTS5 registers its tokenizers per connection, so this one is borrowed from `database` and must not be
/// used after the connection closes (the store owns both and drops them together).
final class FTS5Tokenizer {
    private var module: fts5_tokenizer
    private let instance: OpaquePointer

    /// The tokenizer the schema's `tokenize='porter unicode61'` names.
    init(database: SQLiteDatabase) throws(SQLiteError) {
        let api = try Self.api(database)
        var module = fts5_tokenizer()
        var context: UnsafeMutableRawPointer?
        guard let find = api.pointee.xFindTokenizer, find(api, "porter", &context, &module) == SQLITE_OK,
            let create = module.xCreate
        else { throw SQLiteError(code: SQLITE_ERROR, message: "FTS5 has no porter tokenizer") }
        var instance: OpaquePointer?
        // The arguments after "porter" in the schema: the tokenizer it wraps.
        let rc = "unicode61".withCString { argument -> Int32 in
            var arguments: [UnsafePointer<CChar>?] = [argument]
            return arguments.withUnsafeMutableBufferPointer { create(context, $0.baseAddress, 1, &instance) }
        }
        guard rc == SQLITE_OK, let instance else {
            throw SQLiteError(code: rc, message: "cannot create FTS5's porter tokenizer")
        }
        self.module = module
        self.instance = instance
    }

    deinit { module.xDelete?(instance) }

    /// FTS5's API pointer: `SELECT fts5(?1)` with a pointer bound under the type "fts5_api_ptr" is the documented
    /// way to get it.
    private static func api(_ database: SQLiteDatabase) throws(SQLiteError) -> UnsafeMutablePointer<fts5_api> {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(database.handle, "SELECT fts5(?1)", -1, &statement, nil) == SQLITE_OK, let statement
        else { throw database.lastError }
        defer { sqlite3_finalize(statement) }
        var api: UnsafeMutablePointer<fts5_api>?
        let rc = withUnsafeMutablePointer(to: &api) { slot in
            Self.apiPointerType.withCString { type -> Int32 in
                sqlite3_bind_pointer(statement, 1, slot, type, nil)
                return sqlite3_step(statement)
            }
        }
        guard rc == SQLITE_ROW || rc == SQLITE_DONE, let api else {
            throw SQLiteError(code: rc, message: "this SQLite has no FTS5")
        }
        return api
    }

    private static let apiPointerType = "fts5_api_ptr"

    /// How the text is used: FTS5 tokenizes documents and queries with different flags (a tokenizer may treat
    /// them differently; porter and unicode61 do not, but the index follows FTS5 to the letter).
    enum Purpose {
        case document, query
        var flags: Int32 { self == .document ? FTS5_TOKENIZE_DOCUMENT : FTS5_TOKENIZE_QUERY }
    }

    /// Calls `body` with each token of `text` (its UTF-8 bytes, valid only during the call), in order.
    func tokenize(_ text: String, purpose: Purpose, _ body: (UnsafeRawBufferPointer) -> Void) {
        var text = text
        text.withUTF8 { bytes in tokenize(UnsafeRawBufferPointer(bytes), purpose: purpose, body) }
    }

    /// Calls `body` with each token of the UTF-8 text `bytes` (a column read straight from a statement).
    func tokenize(_ bytes: UnsafeRawBufferPointer, purpose: Purpose, _ body: (UnsafeRawBufferPointer) -> Void) {
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return }
        withoutActuallyEscaping(body) { body in
            var sink = Sink(body: body)
            withUnsafeMutablePointer(to: &sink) { context in
                _ = module.xTokenize?(
                    instance, context, purpose.flags, start.assumingMemoryBound(to: CChar.self), Int32(bytes.count),
                    { context, _, token, count, _, _ in
                        guard let context, let token else { return SQLITE_OK }
                        let sink = context.assumingMemoryBound(to: Sink.self)
                        sink.pointee.body(UnsafeRawBufferPointer(start: token, count: Int(count)))
                        return SQLITE_OK
                    })
            }
        }
    }

    /// The tokens of `text` as strings.
    func tokens(_ text: String, purpose: Purpose) -> [String] {
        var tokens: [String] = []
        tokenize(text, purpose: purpose) { tokens.append(String(decoding: $0, as: UTF8.self)) }
        return tokens
    }

    private struct Sink {
        let body: (UnsafeRawBufferPointer) -> Void
    }
}
