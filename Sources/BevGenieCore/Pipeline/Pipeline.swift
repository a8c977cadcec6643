import Foundation

/// The five-stage pipeline of DESIGN.md, run in process: intent → signals → knowledge → response → page.
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
    public var personaPolicy = PersonaPolicy()
    /// Earlier messages handed to the responder (models use them; the local provider does not need them).
    public var historyLimit = 20

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
            knowledge: store, sessions: store, classifier: HybridIntentClassifier(embedder: embedder), responder: LocalResponder(),
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
        do {
            try request.validate()
            let payload = try await stages(&run, emit: emit)
            await emit(.complete(payload))
            return .completed(payload)
        } catch is CancellationError {
            await record(&run, status: .cancelled, code: "cancelled")
            return .cancelled
        } catch {
            let payload = Self.errorPayload(for: error, stage: run.currentStage)
            if !(error is RequestError) {  // a refused request never started a run
                await record(&run, status: .error, code: payload.code)
            }
            await emit(.error(payload))
            return .failed(payload)
        }
    }

    /// The state of one run: what has been decided so far and how long each stage took.
    struct RunState {
        let request: ChatRequest
        let sessionId: String
        let runId = RandomID.hex(16)
        let startedAt = Date()
        let clock = ContinuousClock.now
        var currentStage: StageID?
        var timings: [StageTiming] = []
        var intent: IntentDecision?
        var answer: ResponseOutput?
        var page: PageSpec?
        /// Set when storing a successful run failed: the run is then reported as failed.
        var recordFailure: (any Error)?
        /// The first stage's active event was already sent by the caller.
        var announced = false
        /// Stages a fallback provider completed, with why.
        var fallbacks: [JSONValue] = []
        /// Whether the page came from the cache (`hit`), was made and cached (`miss`), or neither (nil).
        var cache: String?

        init(request: ChatRequest, sessionId: String) {
            self.request = request
            self.sessionId = sessionId
        }
    }

    private func stages(_ run: inout RunState, emit: @escaping @Sendable (PipelineEvent) async -> Void) async throws
        -> CompletePayload
    {
        let message = run.request.message
        let analyzed = AnalyzedMessage(message)

        // 1. Intent
        let intent = try await stage(.intent, &run, emit: emit) {
            let decision = try await classifier.classify(message)
            return (decision, .object([
                "intent": .string(decision.intent.rawValue),
                "pageType": .string(decision.pageType?.rawValue),
                "confidence": .rounded(decision.confidence, places: 2),
                "scope": .string(decision.scopeReason?.rawValue),  // scope hook (Pipeline+Scope.swift)
            ]))
        }
        run.intent = intent
        if let reason = intent.fallback {
            run.fallbacks.append(Self.fallback(.intent, from: classifier.name, reason: reason))
        }

        // 2. Signals and persona
        let runId = run.runId
        let sessionId = run.sessionId
        let readsSignals = Self.readsSignals(intent)  // scope hook: out_of_scope records nothing
        let found = readsSignals ? signals.painPointSignals(in: analyzed) : []
        let role = readsSignals ? signals.roleSignal(in: analyzed) : nil
        let snapshot = try await stage(.signals, &run, emit: emit) {
            let policy = personaPolicy
            let now = Date()
            let turn = TurnStart(
                sessionId: sessionId, runId: runId, message: message, signals: found, role: role,
                at: now.timeIntervalSince1970, historyLimit: historyLimit)
            let snapshot = try await sessions.beginTurn(turn) { persona in
                readsSignals ? policy.updated(persona, with: found, role: role, at: now) : persona  // scope hook
            }
            return (snapshot, .object([
                "role": .string(snapshot.persona.role?.rawValue),
                "signals": .array(found.map {
                    .object([
                        ("painPoint", .string($0.painPoint.rawValue)), ("strength", .rounded($0.strength, places: 2)),
                        ("evidence", .string($0.evidence)),
                    ])
                }),
                "persona": snapshot.persona.json,
                "newSession": snapshot.created ? true : nil,
                "reason": Self.signalsNote(intent),  // scope hook
            ]))
        }

        // 3. Knowledge
        let retriever = KnowledgeRetriever(store: knowledge, embedder: embedder)
        let hits = try await stage(.knowledge, &run, emit: emit) {
            if let skipped = Self.skippedKnowledge(intent) { return ([KnowledgeHit](), skipped) }  // scope hook
            let hits = try await retriever.retrieve(
                message: message, intent: intent, persona: snapshot.persona, signals: found)
            return (hits, .object([
                "results": .array(hits.map {
                    .object([
                        ("chunkId", .string($0.chunk.id)), ("documentId", .string($0.chunk.documentId)),
                        ("title", .string($0.chunk.documentTitle)), ("heading", .string($0.chunk.sectionTitle)),
                        ("score", .rounded($0.score)),
                    ])
                }),
            ]))
        }

        // 4. Response, streamed as deltas
        let context = ResponseContext(
            message: message, intent: intent, persona: snapshot.persona, signals: found, knowledge: hits,
            history: snapshot.history)
        let answer = try await stage(.response, &run, emit: emit) {
            if let redirect = Self.scopeRedirect(intent) {  // scope hook: the redirect, whatever the responder
                await emit(.delta(stage: .response, text: redirect.text))
                return (redirect, .object([("provider", "local"), ("redirect", true), ("citations", .int(0))]))
            }
            let output = try await responder.respond(context) { text in
                await emit(.delta(stage: .response, text: text))
            }
            return (output, .object([
                "provider": .string(output.fallback == nil ? responder.name : "local"),
                "tokens": output.tokens.map { .int($0) },
                "citations": .int(output.citations.count),
            ]))
        }
        run.answer = answer
        if let reason = answer.fallback {
            run.fallbacks.append(Self.fallback(.response, from: responder.name, reason: reason))
        }

        // 5. Page, streamed as sections, then validated and sent whole
        var pageFromCache = false
        let useCache = run.request.useCache
        let page = try await stage(.page, &run, emit: emit) { () async throws -> (PageSpec?, JSONValue) in
            guard let pageType = intent.pageType else {
                return (nil, .object([("skipped", true), ("reason", .string("no page for \(intent.intent.rawValue)"))]))
            }
            guard !hits.isEmpty else {
                return (nil, .object([("skipped", true), ("reason", "nothing in the knowledge base for this question")]))
            }
            // A repeated question from a similar visitor, on the same knowledge, gets the page made last time.
            var cacheKey: String?
            if useCache, let pageCache {
                let key = PageCacheKey.make(
                    message: message, type: pageType, persona: snapshot.persona,
                    knowledgeVersion: try await pageCache.knowledgeVersion())
                cacheKey = key
                if let cached = try await pageCache.cachedPage(key: key), let page = try? PageSpec(json: cached) {
                    for (index, section) in page.sections.enumerated() {
                        await emit(.section(index: index, section: section.json))
                    }
                    await emit(.page(cached))
                    pageFromCache = true
                    return (page, .object([
                        ("pageType", .string(page.type.rawValue)), ("sections", .int(page.sections.count)),
                        ("provider", .string(page.generator)), ("cached", true),
                    ]))
                }
            }
            let page = try await pageGenerator.page(type: pageType, context: context, answer: answer) { index, section in
                await emit(.section(index: index, section: section.json))
            }
            guard let page else {
                return (nil, .object([
                    ("skipped", true),
                    ("reason", .string("the knowledge base has no material for a \(pageType.rawValue) page")),
                ]))
            }
            let json = page.json
            let issues = PageValidator.validate(json)
            guard issues.isEmpty else { throw PipelineError.invalidPage(PageValidationError(issues: issues)) }
            await emit(.page(json))
            if let cacheKey, let pageCache, page.fallback == nil {
                try await pageCache.storePage(
                    key: cacheKey, type: page.type, page: json, knowledgeVersion: try await pageCache.knowledgeVersion())
            }
            return (page, .object([
                ("pageType", .string(page.type.rawValue)), ("sections", .int(page.sections.count)),
                ("provider", .string(page.generator)),
            ]))
        }
        run.page = page
        if page != nil, run.request.useCache, pageCache != nil { run.cache = pageFromCache ? "hit" : "miss" }
        if let reason = page?.fallback {
            run.fallbacks.append(Self.fallback(.page, from: pageGenerator.name, reason: reason))
        }
        run.currentStage = nil

        try Task.checkCancellation()
        await record(&run, status: .ok, code: nil)
        if let failure = run.recordFailure { throw failure }
        return CompletePayload(
            message: answer.text,
            session: .object([
                ("id", .string(sessionId)), ("persona", snapshot.persona.json),
                ("messageCount", .int(snapshot.messageCount + 1)),
            ]),
            generatedPage: page?.json, runId: runId, fallbacks: run.fallbacks, cached: pageFromCache)
    }

    static func fallback(_ stage: StageID, from provider: String, reason: String) -> JSONValue {
        .object([("stageId", .string(stage.rawValue)), ("from", .string(provider)), ("to", "local"), ("reason", .string(reason))])
    }

    /// Runs one stage between its `active` and `complete` events, timing it.
    private func stage<T>(
        _ id: StageID, _ run: inout RunState, emit: @Sendable (PipelineEvent) async -> Void,
        _ body: () async throws -> (T, JSONValue)
    ) async throws -> T {
        try Task.checkCancellation()
        run.currentStage = id
        if id == .intent && run.announced {
            run.announced = false
        } else {
            await emit(.stage(StageEvent(stage: id, status: .active)))
        }
        let started = Date()
        let clock = ContinuousClock.now
        do {
            let (value, result) = try await body()
            let duration = (ContinuousClock.now - clock).milliseconds
            run.timings.append(StageTiming(
                stage: id, startedAt: started.timeIntervalSince1970, durationMs: duration, status: "ok"))
            await emit(.stage(StageEvent(stage: id, status: .complete, durationMs: duration, result: result)))
            return value
        } catch {
            let duration = (ContinuousClock.now - clock).milliseconds
            let status = error is CancellationError ? "cancelled" : "error"
            run.timings.append(StageTiming(
                stage: id, startedAt: started.timeIntervalSince1970, durationMs: duration, status: status))
            throw error
        }
    }

    /// Stores the run's outcome. A failure to store an otherwise successful run is reported, not swallowed.
    private func record(_ run: inout RunState, status: TurnRecord.Status, code: String?) async {
        let record = TurnRecord(
            runId: run.runId, sessionId: run.sessionId, answer: status == .ok ? run.answer?.text : nil,
            page: run.page?.json, intent: run.intent?.intent, pageType: run.page?.type, status: status,
            errorCode: code, provider: responder.name, startedAt: run.startedAt.timeIntervalSince1970,
            durationMs: (ContinuousClock.now - run.clock).milliseconds, stages: run.timings, cache: run.cache)
        do {
            try await sessions.finishTurn(record)
        } catch {
            if status == .ok { run.recordFailure = error }
        }
    }

    static func errorPayload(for error: any Error, stage: StageID?) -> ErrorPayload {
        switch error {
        case let error as RequestError:
            return ErrorPayload(error: error.description, stage: nil, code: error.code, retryable: false)
        case let error as StoreError:
            return ErrorPayload(error: error.description, stage: stage, code: "storage_error", retryable: false)
        case let error as SQLiteError:
            return ErrorPayload(
                error: "database error: \(error.message)", stage: stage,
                code: error.isBusy ? "database_busy" : "storage_error", retryable: error.isBusy)
        case let error as PipelineError:
            return ErrorPayload(error: error.description, stage: stage, code: error.code, retryable: false)
        case let error as ModelError:
            return ErrorPayload(error: error.message, stage: stage, code: error.code, retryable: error.retryable)
        default:
            return ErrorPayload(error: "\(error)", stage: stage, code: "internal_error", retryable: false)
        }
    }
}

/// Failures of the pipeline itself (as opposed to storage or providers).
public enum PipelineError: Error, CustomStringConvertible {
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
}

extension Duration {
    /// The duration in milliseconds, as a Double.
    public var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
