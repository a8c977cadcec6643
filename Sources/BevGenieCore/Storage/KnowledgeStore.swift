/// What the pipeline needs from a knowledge base. Text goes in as plain words — a store turns them into its own
/// query syntax (FTS5 for SQLite, `tsquery` for PostgreSQL), so no user text is ever parsed as syntax.
public protocol KnowledgeStore: Sendable {
    /// The chunks that best match the query, best first.
    func search(_ query: KnowledgeQuery) async throws -> [KnowledgeHit]
    /// Chunks of documents of the given kinds about any of `topics` (all topics when empty), the documents most
    /// about them first, each document's chunks in order.
    func chunks(kinds: [DocumentKind], topics: [PainPoint], limit: Int) async throws -> [KnowledgeChunk]
    /// All chunks of one document, in order (empty when there is no such document).
    func documentChunks(id: String) async throws -> [KnowledgeChunk]
    /// Stores documents with their chunks (and vectors), each replacing an earlier version with the same id.
    /// Each document is atomic — wholly stored or, on failure, left as it was — and a document whose content hash
    /// is unchanged is not touched. One document's failure does not stop the others: results are per document.
    func upsert(_ documents: [KnowledgeDocument]) async throws -> [Result<UpsertOutcome, StoreWriteError>]
    /// Number of documents and chunks.
    func knowledgeCounts() async throws -> (documents: Int, chunks: Int)
    /// Documents whose source starts with `sourcePrefix` (all when nil), by source.
    func documents(sourcePrefix: String?) async throws -> [DocumentSummary]
    /// Just the ids of the documents whose source starts with `sourcePrefix`.
    func documentIds(sourcePrefix: String) async throws -> [String]
    /// Removes documents with their chunks and vectors, in one transaction; returns how many there were.
    @discardableResult
    func removeDocuments(ids: [String]) async throws -> Int
    /// Sizes and versions of the knowledge base.
    func knowledgeStats() async throws -> KnowledgeStats
    /// The model the stored vectors were made with (nil: no vectors yet). One cheap read: every command asks.
    func embeddingModel() async throws -> String?
    /// Compacts the keyword index after a bulk change, so searches read fewer index segments.
    func optimizeSearchIndex() async throws
    /// A bulk write (an import, a re-embed) begins (`true`) or ends (`false`): a store may write differently
    /// meanwhile, for throughput, and must be back to normal after `false`.
    func bulkLoading(_ active: Bool) async throws
}

extension KnowledgeStore {
    /// No difference by default (PostgreSQL's own checkpointing has no per-connection setting worth changing).
    public func bulkLoading(_ active: Bool) async throws {}

    /// Stores one document; see `upsert(_:)` for many.
    @discardableResult
    public func upsert(_ document: KnowledgeDocument) async throws -> UpsertOutcome {
        try await upsert([document])[0].get()
    }
}

/// Why one document of a batch was not stored.
public struct StoreWriteError: Error, CustomStringConvertible, Equatable {
    public var documentId: String
    public var underlying: String
    /// The knowledge base's vectors were made by another model.
    public var modelMismatch: KnowledgeError?
    public var description: String { modelMismatch?.description ?? "cannot store \(documentId): \(underlying)" }
}

/// What `upsert` did.
public enum UpsertOutcome: String, Sendable {
    case inserted, replaced, unchanged
}

/// A stored document without its text.
public struct DocumentSummary: Sendable, Equatable {
    public var id: String
    public var title: String
    public var source: String
    public var kind: DocumentKind
    public var chunks: Int
    public var topics: [PainPoint: Double]
    public var roles: [Role]
    public var metadata: JSONValue?
    public var importedAt: Double
}

public struct KnowledgeStats: Sendable, Equatable {
    public var documents: Int
    public var chunks: Int
    public var vectors: Int
    public var embeddingModel: String?
    /// Bumped on every change to the knowledge; caches keyed on it go stale with it.
    public var version: Int
    public var documentsByKind: [DocumentKind: Int]
}

/// Where the pipeline keeps conversations and what it measured.
public protocol SessionStore: Sendable {
    /// Records the user's message and its signals and updates the session's persona with `update`, atomically
    /// (creating the session when it does not exist yet). Returns the session as it is after the update.
    func beginTurn(_ turn: TurnStart, update: @Sendable (Persona) -> Persona) async throws -> SessionSnapshot
    /// Records the end of a run: the answer, the run's outcome and its per-stage timings.
    func finishTurn(_ record: TurnRecord) async throws
    /// The session with its persona, signals and messages, or nil when there is none with that id.
    func session(id: String) async throws -> SessionDetail?
}

/// The start of a turn, as stage 2 records it.
public struct TurnStart: Sendable {
    public var sessionId: String
    public var runId: String
    public var message: String
    public var signals: [PainPointSignal]
    public var role: RoleSignal?
    public var at: Double
    /// How many earlier messages to return in `SessionSnapshot.history`.
    public var historyLimit: Int
}

/// A session right after its persona was updated.
public struct SessionSnapshot: Sendable {
    public var id: String
    public var persona: Persona
    /// Messages in the session including the one just recorded.
    public var messageCount: Int
    /// Earlier messages, oldest first (not including the one just recorded).
    public var history: [ChatMessage]
    public var created: Bool
}

/// How long one stage took and how it ended.
public struct StageTiming: Sendable, Equatable {
    public var stage: StageID
    public var startedAt: Double
    public var durationMs: Double
    public var status: String
}

/// The end of a run, as the pipeline records it.
public struct TurnRecord: Sendable {
    public enum Status: String, Sendable { case ok, error, cancelled }
    public var runId: String
    public var sessionId: String
    public var answer: String?
    public var page: JSONValue?
    public var intent: Intent?
    public var pageType: PageType?
    public var status: Status
    public var errorCode: String?
    public var provider: String
    public var startedAt: Double
    public var durationMs: Double
    public var stages: [StageTiming]
    /// `hit` or `miss` when the page cache was consulted.
    public var cache: String? = nil
}

/// Everything stored about a session, for `session show`.
public struct SessionDetail: Sendable {
    public struct Signal: Sendable {
        public var kind: String  // "pain_point" or "role"
        public var value: String
        public var strength: Double
        public var evidence: String
        public var createdAt: Double
    }
    public struct Message: Sendable {
        public var author: ChatMessage.Author
        public var content: String
        public var createdAt: Double
        public var runId: String?
        public var pageType: String?
        public var pageTitle: String?
    }
    public var id: String
    public var createdAt: Double
    public var updatedAt: Double
    public var persona: Persona
    public var signals: [Signal]
    public var messages: [Message]
}
