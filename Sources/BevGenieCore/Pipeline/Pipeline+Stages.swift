import Foundation

/// The five stages, one function each, in the order `Pipeline.stages` calls them. Each runs inside `stage(_:)`,
/// which sends its `active` and `complete` events and times it; what a stage returns in `result` is what
/// docs/EVENTS.md documents for its `complete` event.
extension Pipeline {
    /// Stage 1: what the visitor wants, and which page answers it.
    func classifyIntent(_ run: inout RunState, emit: @escaping @Sendable (PipelineEvent) async -> Void)
        async throws -> IntentDecision
    {
        let message = run.request.message
        let intent = try await stage(.intent, &run, emit: emit) {
            let decision = try await classifier.classify(message)
            return (decision, .object([
                "intent": .string(decision.intent.rawValue),
                "pageType": .string(decision.pageType?.rawValue),
                "confidence": .rounded(decision.confidence, places: 2),
                "scope": .string(decision.scopeReason?.rawValue),
            ]))
        }
        run.intent = intent
        if let reason = intent.fallback {
            run.fallbacks.append(Self.fallback(.intent, from: classifier.name, reason: reason))
        }
        return intent
    }

    /// Stage 2: the pain points and role the message reveals; begins the turn and updates the persona.
    /// An out-of-scope message records nothing (Pipeline+Scope.swift): an injection must never become evidence.
    func detectSignals(
        _ run: inout RunState, intent: IntentDecision, emit: @escaping @Sendable (PipelineEvent) async -> Void
    ) async throws -> TurnSignals {
        let analyzed = AnalyzedMessage(run.request.message)
        let readsSignals = Self.readsSignals(intent)
        let found = readsSignals ? signals.painPointSignals(in: analyzed) : []
        let role = readsSignals ? signals.roleSignal(in: analyzed) : nil
        let turn = TurnStart(
            sessionId: run.sessionId, runId: run.runId, message: run.request.message, signals: found, role: role,
            at: Date().timeIntervalSince1970, historyLimit: historyLimit)
        let snapshot = try await stage(.signals, &run, emit: emit) {
            let policy = personaPolicy
            let now = Date(timeIntervalSince1970: turn.at)
            let snapshot = try await sessions.beginTurn(turn) { persona in
                readsSignals ? policy.updated(persona, with: found, role: role, at: now) : persona
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
                "reason": Self.signalsNote(intent),
            ]))
        }
        return TurnSignals(signals: found, role: role, snapshot: snapshot)
    }

    /// Stage 3: the knowledge chunks that answer the question, re-ranked for this visitor.
    func searchKnowledge(
        _ run: inout RunState, intent: IntentDecision, turn: TurnSignals,
        emit: @escaping @Sendable (PipelineEvent) async -> Void
    ) async throws -> [KnowledgeHit] {
        let retriever = KnowledgeRetriever(store: knowledge, embedder: embedder)
        let message = run.request.message
        return try await stage(.knowledge, &run, emit: emit) {
            if let skipped = Self.skippedKnowledge(intent) { return ([KnowledgeHit](), skipped) }
            let hits = try await retriever.retrieve(
                message: message, intent: intent, persona: turn.snapshot.persona, signals: turn.signals)
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
    }

    /// Stage 4: the chat answer, streamed as `delta` events.
    func respond(
        _ run: inout RunState, context: ResponseContext, emit: @escaping @Sendable (PipelineEvent) async -> Void
    ) async throws -> ResponseOutput {
        let redirect = Self.scopeRedirect(context.intent, redirect: scopeRedirect)
        let answer = try await stage(.response, &run, emit: emit) {
            if let redirect {  // the redirect, whatever the responder
                await emit(.delta(stage: .response, text: redirect.text))
                return (redirect, .object([("provider", "local"), ("redirect", true), ("citations", .int(0))]))
            }
            let output = try await responder.respond(context) { text in
                await emit(.delta(stage: .response, text: text))
            }
            return (output, .object([
                "provider": .string(output.fallback == nil || output.keptPartial ? responder.name : "local"),
                "tokens": output.tokens.map { .int($0) },
                "citations": .int(output.citations.count),
                "truncated": output.truncated.map { .string($0) },
            ]))
        }
        run.answer = answer
        if let reason = answer.fallback {
            run.fallbacks.append(Self.fallback(
                .response, from: responder.name, to: answer.keptPartial ? "partial" : "local", reason: reason))
        }
        return answer
    }

    /// Stage 5: the landing page, from the page cache or built section by section, validated, then sent whole.
    func buildPage(
        _ run: inout RunState, context: ResponseContext, answer: ResponseOutput,
        emit: @escaping @Sendable (PipelineEvent) async -> Void
    ) async throws -> PageSpec? {
        let cache = pageCache
        let (page, fromCache) = try await stage(.page, &run, emit: emit) { () async throws -> ((PageSpec?, Bool), JSONValue) in
            guard let pageType = context.intent.pageType else {
                return ((nil, false), Self.skipped("no page for \(context.intent.intent.rawValue)"))
            }
            guard !context.knowledge.isEmpty else {
                return ((nil, false), Self.skipped("nothing in the knowledge base for this question"))
            }
            guard answer.coversQuestion else {
                return ((nil, false), Self.skipped("the knowledge base does not cover this question"))
            }
            // A repeated question from a similar visitor, on the same knowledge, gets the page made last time.
            var cacheKey: String?
            if let cache {
                let key = PageCacheKey.make(
                    message: context.message, type: pageType, persona: context.persona,
                    knowledgeVersion: try await cache.knowledgeVersion())
                cacheKey = key
                if let cached = try await cache.cachedPage(key: key), let page = try? PageSpec(json: cached) {
                    for (index, section) in page.sections.enumerated() {
                        await emit(.section(index: index, section: section.json))
                    }
                    await emit(.page(cached))
                    return ((page, true), Self.pageResult(page, cached: true))
                }
            }
            let shown = SectionsOnScreen()
            let page = try await pageGenerator.page(type: pageType, context: context, answer: answer) { progress in
                shown.apply(progress)
                switch progress {
                case .section(let index, let section): await emit(.section(index: index, section: section.json))
                case .reset(let reason): await emit(.pageReset(reason: reason))
                }
            }
            guard let page else {
                if shown.sections.isEmpty == false { await emit(.pageReset(reason: "no page could be built")) }
                return ((nil, false), Self.skipped("the knowledge base has no material for a \(pageType.rawValue) page"))
            }
            let json = page.json
            let issues = PageValidator.validate(json)
            guard issues.isEmpty else { throw PipelineError.invalidPage(PageValidationError(issues: issues)) }
            // The contract (docs/EVENTS.md): what a client assembled from the sections equals the page. A generator
            // that strayed from it is corrected here, before the page, by sending the page's sections again.
            if shown.sections != page.sections.map(Optional.some) {
                await emit(.pageReset(reason: "the sections are sent again as the final page has them"))
                for (index, section) in page.sections.enumerated() {
                    await emit(.section(index: index, section: section.json))
                }
            }
            await emit(.page(json))
            if let cacheKey, let cache, page.fallback == nil {
                try await cache.storePage(
                    key: cacheKey, type: page.type, page: json, knowledgeVersion: try await cache.knowledgeVersion())
            }
            var result = Self.pageResult(page, cached: false)
            if let note = page.note, case .object(var fields) = result {
                // The closest type the knowledge could fill, when it is not the one asked for: which, and why.
                fields += [("requestedType", .string(pageType.rawValue)), ("note", .string(note))]
                result = .object(fields)
            }
            return ((page, false), result)
        }
        run.page = page
        run.pageFromCache = fromCache
        if page != nil, cache != nil { run.cache = fromCache ? "hit" : "miss" }
        if let reason = page?.fallback {
            run.fallbacks.append(Self.fallback(.page, from: pageGenerator.name, reason: reason))
        }
        return page
    }

    /// After the stages: records the run and makes the `complete` payload.
    func finish(_ run: inout RunState, answer: ResponseOutput, page: PageSpec?, snapshot: SessionSnapshot)
        async throws -> CompletePayload
    {
        run.currentStage = nil
        try Task.checkCancellation()
        await record(&run, status: .ok, code: nil)
        if let failure = run.recordFailure { throw failure }
        return CompletePayload(
            message: answer.text,
            session: .object([
                ("id", .string(run.sessionId)), ("persona", snapshot.persona.json),
                ("messageCount", .int(snapshot.messageCount + 1)),
            ]),
            generatedPage: page?.json, runId: run.runId, fallbacks: run.fallbacks, cached: run.pageFromCache,
            pageNote: page?.note, truncated: answer.truncated)
    }

    static func skipped(_ reason: String) -> JSONValue {
        .object([("skipped", true), ("reason", .string(reason))])
    }

    static func pageResult(_ page: PageSpec, cached: Bool) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("pageType", .string(page.type.rawValue)), ("sections", .int(page.sections.count)),
            ("provider", .string(page.generator)),
        ]
        if cached { fields.append(("cached", true)) }
        return .object(fields)
    }
}
