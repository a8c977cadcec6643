import BevGenieCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /api/chat/stream/{runId}` (resume a stream: the events after `Last-Event-ID`, then the live ones) and
/// `POST /api/chat/runs/{runId}/stop` (stop a run at once). Both work on any process sharing the database: a run
/// of this process is served from memory, another's from the event log.
struct RunRoutes: Sendable {
    let services: ServerServices

    func register(on router: Router<BevGenieRequestContext>) {
        router.get("/api/chat/stream/:runId") { request, context in
            try await resume(request, context: context)
        }
        router.post("/api/chat/runs/:runId/stop") { _, context in
            try await stop(context: context)
        }
    }

    private func runId(_ context: BevGenieRequestContext) throws -> String {
        guard let id = context.parameters.get("runId"), RandomID.isValidSessionID(id) else {
            throw APIError(.badRequest, code: "invalid_run_id", "invalid run id: use 1-64 letters, digits, '-' or '_'")
        }
        return id
    }

    /// The position the client last saw: the `Last-Event-ID` header (what `EventSource` sends on reconnecting),
    /// else `?lastEventId=`, else nothing seen (the whole run).
    private func lastSeen(_ request: Request, runId: String) throws -> Int {
        let raw = request.headers[HTTPField.Name("Last-Event-ID")!]
            ?? request.uri.queryParameters["lastEventId"].map(String.init)
        guard let raw, !raw.isEmpty else { return 0 }
        guard let id = RunEventID(parsing: raw), id.runId.isEmpty || id.runId == runId else {
            throw APIError(
                .badRequest, code: "invalid_last_event_id",
                "Last-Event-ID must be an id of this run's stream (\(runId):N) or a position (N)")
        }
        return id.seq
    }

    func resume(_ request: Request, context: BevGenieRequestContext) async throws -> Response {
        let id = try runId(context)
        let after = try lastSeen(request, runId: id)
        let configuration = services.configuration
        let channel = context.channel
        var headers = ChatRoutes.sseHeaders
        headers[HTTPField.Name("X-Run-Id")!] = id

        if let live = services.runs.live(id) {
            guard let subscription = live.subscribe(after: after) else { throw truncated(id) }
            let body = ResponseBody { writer in
                try await RunStreaming.follow(
                    live, subscription, writer: &writer, channel: channel, heartbeatInterval: configuration.heartbeatInterval)
            }
            return Response(status: .ok, headers: headers, body: body)
        }

        let store = services.runs.store
        guard let first = try await Self.onceLogged({ try await store.runEvents(runId: id, after: after, limit: 500) })
        else { throw unknown(id) }
        let stale = first.state == .running
            && Date().timeIntervalSince1970 - first.updatedAt >= RunStreaming.staleAfter
        if first.state == .cancelled || stale {
            throw APIError(
                .notFound, code: "run_expired",
                "run \(id) has expired: its client left and nobody resumed it within the grace period")
        }
        if let next = first.events.first?.seq, next != after + 1 { throw truncated(id) }
        let body = ResponseBody { writer in
            try await RunStreaming.followLogged(
                runId: id, after: after, first: first, store: store, writer: &writer, channel: channel,
                heartbeatInterval: configuration.heartbeatInterval, pollInterval: configuration.runLogPollInterval)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// Stops the run wherever it runs and answers once it has ended (or, for a run of another process that has
    /// not ended within a few seconds, once the request is on record: 202).
    func stop(context: BevGenieRequestContext) async throws -> Response {
        let id = try runId(context)
        if let live = services.runs.live(id) {
            guard !live.isFinished else { throw finished(id) }
            live.stop()
            await live.waitUntilFinished()
            return JSONResponse.make(.ok, .object([("runId", .string(id)), ("status", .string("stopped"))]))
        }
        let store = services.runs.store
        guard let state = try await Self.onceLogged({ try await store.requestRunStop(runId: id) }) else { throw unknown(id) }
        guard state == .running else { throw finished(id) }
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            if let page = try await store.runEvents(runId: id, after: Int.max - 1, limit: 0), page.state != .running {
                return JSONResponse.make(.ok, .object([("runId", .string(id)), ("status", .string("stopped"))]))
            }
        }
        return JSONResponse.make(.accepted, .object([("runId", .string(id)), ("status", .string("stopping"))]))
    }

    /// A run another process began a moment ago is in the shared log only after that process's next write of it
    /// (every 50 ms; seconds later when the machine is loaded or the database busy), though its client already has
    /// the run id: an id the log does not know is looked up again for a few seconds before it is a 404.
    static func onceLogged<T>(_ read: () async throws -> T?) async throws -> T? {
        let deadline = ContinuousClock.now + .seconds(5)
        while true {
            if let value = try await read() { return value }
            guard ContinuousClock.now < deadline else { return nil }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    private func unknown(_ id: String) -> APIError {
        APIError(.notFound, code: "run_not_found", "no run \(id): unknown, or its log was dropped by db vacuum")
    }

    private func finished(_ id: String) -> APIError {
        APIError(.conflict, code: "run_finished", "run \(id) has already ended")
    }

    private func truncated(_ id: String) -> APIError {
        APIError(
            .gone, code: "run_truncated",
            "run \(id) sent more than its log keeps; the events after this position were not kept")
    }
}
