import BevGenieCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle
import Synchronization
import Tracing

/// `POST /api/chat/stream` (Server-Sent Events) and `POST /api/chat` (one JSON reply): the pipeline over HTTP.
struct ChatRoutes: Sendable {
    let services: ServerServices

    func register(on router: Router<BevGenieRequestContext>) {
        router.post("/api/chat/stream") { request, context in
            try await stream(request, context: context)
        }
        router.post("/api/chat") { request, context in
            try await reply(request, context: context)
        }
    }

    /// The SSE stream: every pipeline event as `event:` / `id:` / `data:`, a heartbeat comment when idle. The run
    /// is named before it starts (`X-Run-Id`), its events are logged under that name, and it outlives the
    /// connection by the resume grace period (`RunRoutes` resumes and stops it).
    func stream(_ request: Request, context: BevGenieRequestContext) async throws -> Response {
        var decoded = try await RequestDecoding.chatRequest(request, limit: services.configuration.maxBodyBytes)
        guard let lease = SlotLease(services.limiter) else { throw busy() }
        let runId = RandomID.hex(16)
        decoded.runId = runId
        let chat = decoded

        let pipeline = services.pipeline(for: context)
        let metrics = services.metrics
        // The body is written after this handler returns, outside the request span's task-local scope: the run
        // takes the span along so that it is the run's parent.
        let trace = ServiceContext.current
        let runs = services.runs
        let heartbeatInterval = services.configuration.heartbeatInterval
        let channel = context.channel
        let body = ResponseBody { writer in
            // Acknowledge at once (the progress bar starts moving) and compute at a lower priority than the
            // serving of streams, so a busy server keeps answering new requests promptly.
            let live = runs.begin(id: runId)
            live.append(Pipeline.firstEvent)
            guard let subscription = live.subscribe(after: 0) else { return }
            live.start { live in
                _ = lease  // held until the run is done (or the body dropped unsent): the slot frees with it
                await ServiceContext.$current.withValue(trace) {
                    _ = await pipeline.run(chat, announced: true) { event in
                        metrics.observe(event)
                        live.append(event)
                    }
                }
            }
            try await RunStreaming.follow(
                live, subscription, writer: &writer, channel: channel, heartbeatInterval: heartbeatInterval)
            // The client has the run's last event; the request ends when the run's task does, so that a server
            // shutting down right after (SIGTERM) still exports the run's span and records all of it.
            if live.isFinished { await live.waitUntilTaskEnds() }
        }
        var headers = Self.sseHeaders
        headers[HTTPField.Name("X-Run-Id")!] = runId
        return Response(status: .ok, headers: headers, body: body)
    }

    static let sseHeaders: HTTPFields = [
        .contentType: "text/event-stream; charset=utf-8",
        .cacheControl: "no-cache",
        HTTPField.Name("X-Accel-Buffering")!: "no",
        HTTPField.Name(EventContract.headerName)!: String(EventContract.version),
    ]

    /// The same pipeline, answered in one JSON document: the `complete` payload, or the error.
    func reply(_ request: Request, context: BevGenieRequestContext) async throws -> Response {
        let chat = try await RequestDecoding.chatRequest(request, limit: services.configuration.maxBodyBytes)
        guard let lease = SlotLease(services.limiter) else { throw busy() }
        let metrics = services.metrics
        let pipeline = services.pipeline(for: context)
        let run = Task { await pipeline.run(chat) { event in metrics.observe(event) } }
        context.channel.closeFuture.whenComplete { _ in run.cancel() }
        let outcome = await withTaskCancellationHandler { await run.value } onCancel: { run.cancel() }
        _ = lease
        switch outcome {
        case .completed(let payload):
            return JSONResponse.make(.ok, payload.json)
        case .failed(let error):
            throw APIError(error, retryAfter: error.retryAfter.map(String.init))
        case .cancelled:
            throw APIError(.serviceUnavailable, code: "cancelled", "the request was cancelled")
        }
    }

    func busy() -> APIError {
        APIError(
            .serviceUnavailable, code: "busy",
            "too many pipelines are running (\(services.limiter.limit)); retry shortly",
            headers: [.retryAfter: "1"])
    }
}

/// One pipeline slot, given back when the lease is released — even if the response it belongs to is never sent.
final class SlotLease: Sendable {
    let limiter: PipelineLimiter

    init?(_ limiter: PipelineLimiter) {
        guard limiter.tryAcquire() else { return nil }
        self.limiter = limiter
    }

    deinit { limiter.release() }
}
