import Foundation

extension Pipeline {
    /// The state of one run: what has been decided so far and how long each stage took.
    struct RunState {
        let request: ChatRequest
        let sessionId: String
        let runId: String
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
        /// The page came from the page cache.
        var pageFromCache = false

        init(request: ChatRequest, sessionId: String) {
            self.request = request
            self.sessionId = sessionId
            self.runId = request.runId ?? RandomID.hex(16)
        }
    }

    /// What stage 2 decided: the message's signals and role, and the session after the turn began.
    struct TurnSignals {
        var signals: [PainPointSignal]
        var role: RoleSignal?
        var snapshot: SessionSnapshot
    }

    /// Runs one stage between its `active` and `complete` events, timing it.
    func stage<T>(
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
            // Model retries wait only as long as the stage's and the run's wait budget allow (`WaitBudget`).
            let window = RetryWindow(runStart: run.clock, stageStart: clock)
            let (value, result) = try await RetryWindow.$current.withValue(window) { try await tracedStage(id, body) }
            let duration = (ContinuousClock.now - clock).milliseconds
            run.timings.append(StageTiming(
                stage: id, startedAt: started.timeIntervalSince1970, durationMs: duration, status: "ok"))
            await emit(.stage(StageEvent(stage: id, status: .complete, durationMs: duration, result: result)))
            return value
        } catch {
            let duration = (ContinuousClock.now - clock).milliseconds
            let status = RunStop.requested ? "stopped" : error is CancellationError ? "cancelled" : "error"
            run.timings.append(StageTiming(
                stage: id, startedAt: started.timeIntervalSince1970, durationMs: duration, status: status))
            throw error
        }
    }

    /// Stores the run's outcome. A failure to store an otherwise successful run is reported, not swallowed.
    func record(_ run: inout RunState, status: TurnRecord.Status, code: String?) async {
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

    /// `to`: the provider that finished the stage, or `partial` when the answer so far was kept.
    static func fallback(_ stage: StageID, from provider: String, to: String = "local", reason: String) -> JSONValue {
        .object([("stageId", .string(stage.rawValue)), ("from", .string(provider)), ("to", .string(to)), ("reason", .string(reason))])
    }
}
