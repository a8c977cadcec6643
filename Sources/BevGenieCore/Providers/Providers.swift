import Synchronization

/// The decision of stage 1.
public struct IntentDecision: Sendable, Equatable {
    public var intent: Intent
    /// 0...1: how sure the classifier is.
    public var confidence: Double
    /// The page to build, or nil (a greeting needs no page).
    public var pageType: PageType?
    /// Set when the configured classifier failed and the local one decided: why.
    public var fallback: String?
    /// Why the message is out of scope (set with intent `out_of_scope` by the local classifier).
    public var scopeReason: ScopeReason?

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
    /// The pipeline's embedder, for comparing each retrieved sentence with the question (nil: words only).
    public var embedder: (any Embedder)? = nil
    /// The whole knowledge base, for checking that a name the visitor uses occurs anywhere in it before answering
    /// as if it did (nil: only the retrieved passages are checked).
    public var store: (any KnowledgeStore)? = nil
}

/// A finished answer.
public struct ResponseOutput: Sendable, Equatable {
    public var text: String
    /// The chunks the answer quotes, in citation order.
    public var citations: [KnowledgeChunk]
    public var tokens: Int?
    /// Set when the configured model failed and the local provider answered: why.
    public var fallback: String?
    /// False when the answer says the knowledge base does not cover the question: no page is then built from
    /// whatever else matched a word.
    public var coversQuestion = true
    /// Set when the answer is not whole: `max_tokens` (the model reached its token limit), `content_filter`, or
    /// the code of the failure that cut it after it had been shown (`--fallback local` keeps what was said).
    public var truncated: String?
    /// The model failed after part of the answer was shown and that part was kept (`truncated` says why).
    public var keptPartial = false

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

/// Stage 5: build the page, handing each section to `emit` as soon as it is ready, and saying so through `emit`
/// when a new attempt voids the sections handed over so far (`PageProgress`): the sections a client assembles
/// must end equal to the returned page.
public protocol PageGenerator: Sendable {
    var name: String { get }
    func page(
        type: PageType, context: ResponseContext, answer: ResponseOutput,
        emit: @escaping @Sendable (PageProgress) async throws -> Void
    ) async throws -> PageSpec?
}

/// One message of a conversation.
public struct ChatMessage: Sendable, Equatable {
    public enum Author: String, Sendable { case user, assistant }
    public var author: Author
    public var content: String
    public var createdAt: Double
}

/// `--fallback local` for stage 1: the local classifier decides when the model cannot.
public struct FallbackClassifier: IntentClassifier {
    public let primary: any IntentClassifier
    public let fallback: any IntentClassifier
    public var name: String { primary.name }

    public init(primary: any IntentClassifier, fallback: any IntentClassifier) {
        self.primary = primary
        self.fallback = fallback
    }

    public func classify(_ message: String) async throws -> IntentDecision {
        try await withFallback {
            try await primary.classify(message)
        } recover: { error in
            var decision = try await fallback.classify(message)
            decision.fallback = "\(primary.name) failed: \(error)"
            return decision
        }
    }
}

/// `--fallback local` for stage 4: when the model fails before it has said anything, the local provider answers.
/// Once text has reached the visitor, a second answer would contradict it: the answer so far is kept, marked
/// `truncated` with the failure's code, and the run goes on to the page (the failure is listed in
/// `complete.fallbacks`, `"to": "partial"`).
public struct FallbackResponder: ResponseGenerator {
    public let primary: any ResponseGenerator
    public let fallback: any ResponseGenerator
    public var name: String { primary.name }

    public init(primary: any ResponseGenerator, fallback: any ResponseGenerator) {
        self.primary = primary
        self.fallback = fallback
    }

    public func respond(_ context: ResponseContext, emit: @Sendable (String) async throws -> Void) async throws
        -> ResponseOutput
    {
        let shown = ShownText()
        return try await withFallback {
            try await primary.respond(context) { text in
                shown.append(text)
                try await emit(text)
            }
        } recover: { error in
            let text = shown.value
            guard !text.isEmpty else {
                var output = try await fallback.respond(context, emit: emit)
                output.fallback = "\(primary.name) failed: \(error)"
                return output
            }
            var output = ResponseOutput(text: text, citations: ModelResponder.citations(in: text, context), tokens: nil)
            output.truncated = (error as? any ReportableError)?.code ?? "internal_error"
            output.fallback = "\(primary.name) failed after part of the answer was shown: \(error)"
            output.keptPartial = true
            return output
        }
    }
}

/// `--fallback local` for stage 5 when the model call itself fails (invalid output already falls back).
public struct FallbackPageGenerator: PageGenerator {
    public let primary: any PageGenerator
    public let fallback: any PageGenerator
    public var name: String { primary.name }

    public init(primary: any PageGenerator, fallback: any PageGenerator) {
        self.primary = primary
        self.fallback = fallback
    }

    public func page(
        type: PageType, context: ResponseContext, answer: ResponseOutput,
        emit: @escaping @Sendable (PageProgress) async throws -> Void
    ) async throws -> PageSpec? {
        let progress = PageProgressReporter(emit)
        return try await withFallback {
            try await primary.page(type: type, context: context, answer: answer) { event in
                try await progress.forward(event)
            }
        } recover: { error in
            // The primary's sections on screen are void: the fallback's page replaces them from index 0.
            try await progress.startOver(because: "\(primary.name) failed; the page is built by \(fallback.name)")
            var page = try await fallback.page(type: type, context: context, answer: answer, emit: emit)
            page?.fallback = "\(primary.name) failed: \(error)"
            return page
        }
    }
}

/// Runs `attempt`, and on its failure `recover` — unless the run was cancelled or stopped on purpose, which
/// no fallback may turn into an answer. The one rule every `--fallback local` wrapper follows.
func withFallback<T>(
    _ attempt: () async throws -> T, recover: (any Error) async throws -> T
) async throws -> T {
    do {
        return try await attempt()
    } catch is CancellationError {
        throw CancellationError()
    } catch let error as ModelError where error.category == .stopped {
        throw error
    } catch {
        return try await recover(error)
    }
}

/// The text a visitor has been shown, appended to from a @Sendable closure.
final class ShownText: Sendable {
    private let state = Mutex("")
    func append(_ piece: String) { state.withLock { $0 += piece } }
    var value: String { state.withLock { $0 } }
}
