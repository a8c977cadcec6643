import Foundation
import Logging

/// The five-stage pipeline (docs/ARCHITECTURE.md), run in process: intent → signals → knowledge → response → page.
///
/// `run` reports everything it does as `PipelineEvent`s through `emit`, in contract order, and records the
/// turn (messages, signals, persona, run timings) in the session store. It is a value: one pipeline serves any
/// number of concurrent runs.
public struct Pipeline: Sendable {
    public var knowledge: any KnowledgeStore
    public var sessions: any SessionStore
    public var classifier: any IntentClassifier
    public var responder: any ResponseGenerator
    public var pageGenerator: any PageGenerator
    /// Embeds questions for stage 3; must be the model the knowledge base's vectors were made with.
    public var embedder: any Embedder = HashingEmbedder()
    /// Where generated pages are kept for repeated questions (nil: no cache).
    public var pageCache: (any PageCacheStore)?
    public var signals = SignalDetector()
    /// The answer to an out-of-scope message, whatever the responder (its wording follows the brand).
    public var scopeRedirect = ScopeRedirect.standard
    public var personaPolicy = PersonaPolicy()
    /// Earlier messages handed to the responder (models use them; the local provider does not need them).
    public var historyLimit = 20
    /// Where a failed run is logged (one line each); silent unless the caller gives one (`serve`, `ask`).
    public var logger = Pipeline.silentLogger

    public init(
        knowledge: any KnowledgeStore, sessions: any SessionStore, classifier: any IntentClassifier,
        responder: any ResponseGenerator, pageGenerator: any PageGenerator
    ) {
        self.knowledge = knowledge
        self.sessions = sessions
        self.classifier = classifier
        self.responder = responder
        self.pageGenerator = pageGenerator
    }

    /// The built-in offline pipeline over one store.
    public static func local<Store: KnowledgeStore & SessionStore & PageCacheStore>(
        store: Store, embedder: any Embedder = HashingEmbedder()
    ) -> Pipeline {
        var pipeline = Pipeline(
            knowledge: store, sessions: store, classifier: HybridIntentClassifier(embedder: embedder, knowledge: store), responder: LocalResponder(),
            pageGenerator: LocalPageBuilder(store: store))
        pipeline.embedder = embedder
        pipeline.pageCache = store
        return pipeline
    }

    /// How a run ended.
    public enum Outcome: Sendable, Equatable {
        case completed(CompletePayload)
        case failed(ErrorPayload)
        case cancelled
    }

    /// Runs one request. Never throws: a failure is reported as an `error` event (and returned), a cancelled task
    /// stops between steps and returns `.cancelled` without further events.
    /// The first event of every run: the intent stage starting.
    public static let firstEvent = PipelineEvent.stage(StageEvent(stage: .intent, status: .active))

    /// `announced`: the caller has already sent `firstEvent` (a server acknowledges a request the moment it
    /// accepts it, before the run is scheduled), so the run does not send it again.
    public func run(
        _ request: ChatRequest, announced: Bool = false, emit: @escaping @Sendable (PipelineEvent) async -> Void
    ) async -> Outcome {
        var run = RunState(request: request, sessionId: request.sessionId ?? RandomID.hex(16))
        run.announced = announced
        return await traced(&run) { run in await execute(&run, emit: emit) }
    }

    /// The run itself, inside its span (`Pipeline+Observability.swift`).
    private func execute(_ run: inout RunState, emit: @escaping @Sendable (PipelineEvent) async -> Void) async
        -> Outcome
    {
        let request = run.request
        do {
            try request.validate()
            let payload = try await stages(&run, emit: emit)
            await emit(.complete(payload))
            return .completed(payload)
        } catch _ where RunStop.requested {
            // Stopped on purpose (whatever error the interrupted step threw): said so, recorded as not a failure.
            let payload = RunStop.payload(stage: run.currentStage)
            await record(&run, status: .cancelled, code: payload.code)
            await emit(.error(payload))
            return .failed(payload)
        } catch is CancellationError {
            await record(&run, status: .cancelled, code: "cancelled")
            return .cancelled
        } catch {
            let payload = ErrorPayload(reporting: error, stage: error is RequestError ? nil : run.currentStage)
            if !(error is RequestError) {  // a refused request never started a run
                await record(&run, status: .error, code: payload.code)
            }
            await emit(.error(payload))
            return .failed(payload)
        }
    }

    /// The five stages in order; each is a function of its own in `Pipeline+Stages.swift`.
    private func stages(_ run: inout RunState, emit: @escaping @Sendable (PipelineEvent) async -> Void) async throws
        -> CompletePayload
    {
        let intent = try await classifyIntent(&run, emit: emit)
        let turn = try await detectSignals(&run, intent: intent, emit: emit)
        let hits = try await searchKnowledge(&run, intent: intent, turn: turn, emit: emit)
        let context = ResponseContext(
            message: run.request.message, intent: intent, persona: turn.snapshot.persona, signals: turn.signals,
            knowledge: hits, history: turn.snapshot.history, embedder: embedder, store: knowledge)
        let answer = try await respond(&run, context: context, emit: emit)
        let page = try await buildPage(&run, context: context, answer: answer, emit: emit)
        return try await finish(&run, answer: answer, page: page, snapshot: turn.snapshot)
    }
}

/// Failures of the pipeline itself (as opposed to storage or providers).
public enum PipelineError: ReportableError, CustomStringConvertible {
    /// The page generator produced a page that does not pass validation.
    case invalidPage(PageValidationError)

    public var description: String {
        switch self {
        case .invalidPage(let error): return "the generated page is invalid: \(error.issues.prefix(5).map(\.description).joined(separator: "; "))"
        }
    }

    public var code: String {
        switch self {
        case .invalidPage: return "invalid_page"
        }
    }

    public var category: ErrorCategory { .internal }
    public var message: String { description }
}

extension Duration {
    /// The duration in milliseconds, as a Double.
    public var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
