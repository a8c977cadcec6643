/// The decision of stage 1.
public struct IntentDecision: Sendable, Equatable {
    public var intent: Intent
    /// 0...1: how sure the classifier is.
    public var confidence: Double
    /// The page to build, or nil (a greeting needs no page).
    public var pageType: PageType?

    public init(intent: Intent, confidence: Double, pageType: PageType? = nil) {
        self.intent = intent
        self.confidence = confidence
        self.pageType = pageType ?? intent.pageType
    }
}

/// Stage 1: what does the visitor want?
public protocol IntentClassifier: Sendable {
    var name: String { get }
    func classify(_ message: String) async throws -> IntentDecision
}

/// What stage 4 needs to answer: the question, who is asking, and what the knowledge base said.
public struct ResponseContext: Sendable {
    public var message: String
    public var intent: IntentDecision
    public var persona: Persona
    /// The signals of this message (the persona holds the whole conversation).
    public var signals: [PainPointSignal]
    public var knowledge: [KnowledgeHit]
    /// Earlier messages of the session, oldest first.
    public var history: [ChatMessage]
}

/// A finished answer.
public struct ResponseOutput: Sendable, Equatable {
    public var text: String
    /// The chunks the answer quotes, in citation order.
    public var citations: [KnowledgeChunk]
    public var tokens: Int?

    public init(text: String, citations: [KnowledgeChunk], tokens: Int?) {
        self.text = text
        self.citations = citations
        self.tokens = tokens
    }
}

/// Stage 4: compose the chat answer, streaming text through `emit` as it is produced.
public protocol ResponseGenerator: Sendable {
    var name: String { get }
    func respond(_ context: ResponseContext, emit: @Sendable (String) async throws -> Void) async throws
        -> ResponseOutput
}

/// Stage 5: build the page, handing each section to `emit` as soon as it is ready.
public protocol PageGenerator: Sendable {
    var name: String { get }
    func page(
        type: PageType, context: ResponseContext, answer: ResponseOutput,
        emit: @escaping @Sendable (Int, PageSection) async throws -> Void
    ) async throws -> PageSpec?
}

/// One message of a conversation.
public struct ChatMessage: Sendable, Equatable {
    public enum Author: String, Sendable { case user, assistant }
    public var author: Author
    public var content: String
    public var createdAt: Double
}
