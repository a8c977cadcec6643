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

    /// The SSE stream: every pipeline event as `event:` / `id:` / `data:`, a heartbeat comment when idle.
    func stream(_ request: Request, context: BevGenieRequestContext) async throws -> Response {
        let chat = try await RequestDecoding.chatRequest(request, limit: services.configuration.maxBodyBytes)
        guard let lease = SlotLease(services.limiter) else { throw busy() }

        let pipeline = services.pipeline(for: context)
        let metrics = services.metrics
        // The body is written after this handler returns, outside the request span's task-local scope: the run
        // takes the span along so that it is the run's parent.
        let trace = ServiceContext.current
        let heartbeatInterval = services.configuration.heartbeatInterval
        let channel = context.channel
        let body = ResponseBody { writer in
            _ = lease  // held until the body is done (or dropped unsent): the slot frees with it
            let outbox = Outbox()
            // Acknowledge at once (the progress bar starts moving) and compute at a lower priority than the
            // serving of streams, so a busy server keeps answering new requests promptly.
            outbox.post(.event(Pipeline.firstEvent))
            let run = Task(priority: .utility) {
                await ServiceContext.$current.withValue(trace) {
                    _ = await pipeline.run(chat, announced: true) { event in
                        metrics.observe(event)
                        outbox.post(.event(event))
                    }
                }
                outbox.close()
            }
            let heartbeat = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: heartbeatInterval)
                    outbox.post(.heartbeat)
                }
            }
            // A client that goes away stops the pipeline at once, not at the next write.
            channel.closeFuture.whenComplete { _ in run.cancel() }
            defer {
                run.cancel()
                heartbeat.cancel()
            }
            try await withGracefulShutdownHandler {
                var id = 1
                var lastWrite = ContinuousClock.now
                var shuttingDown = false
                var runningStage: StageID?  // for the shutdown error: the stage it interrupted
                // Everything posted since the last write goes out in one write: a burst of events is one syscall.
                while !shuttingDown, let frames = await outbox.next() {
                    var text = ""
                    for frame in frames {
                        switch frame {
                        case .event(let event):
                            if case .stage(let stage) = event { runningStage = stage.status == .active ? stage.stage : nil }
                            text += EventFraming.sse(event, id: id)
                            id += 1
                        case .heartbeat:
                            if text.isEmpty, ContinuousClock.now - lastWrite >= heartbeatInterval / 2 {
                                text += EventFraming.sseHeartbeat
                            }
                        case .shutdown:
                            let event = PipelineEvent.error(ErrorPayload(
                                error: "the server is shutting down; try again", stage: runningStage, code: "shutting_down",
                                category: .busy))
                            text += EventFraming.sse(event, id: id)
                            shuttingDown = true
                        }
                        if shuttingDown { break }
                    }
                    guard !text.isEmpty else { continue }
                    try await writer.write(ByteBuffer(string: text))
                    lastWrite = ContinuousClock.now
                }
                try await writer.finish(nil)
            } onGracefulShutdown: {
                outbox.post(.shutdown)
                run.cancel()
            }
        }
        return Response(status: .ok, headers: Self.sseHeaders, body: body)
    }

    static let sseHeaders: HTTPFields = [
        .contentType: "text/event-stream; charset=utf-8",
        .cacheControl: "no-cache",
        HTTPField.Name("X-Accel-Buffering")!: "no",
        HTTPField.Name(EventContract.headerName)!: String(EventContract.version),
    ]

    enum StreamFrame: Sendable {
        case event(PipelineEvent)
        case heartbeat
        case shutdown
    }

    /// Frames waiting to be written. The pipeline posts without waiting; the writer takes everything that
    /// arrived since its last write, so a burst of events becomes one write.
    final class Outbox: Sendable {
        private let state = Mutex<(frames: [StreamFrame], closed: Bool, waiter: CheckedContinuation<Void, Never>?)>(
            ([], false, nil))

        func post(_ frame: StreamFrame) {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard !state.closed || { if case .shutdown = frame { return true } else { return false } }() else {
                    return nil
                }
                state.frames.append(frame)
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }

        func close() {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                state.closed = true
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }

        /// The frames posted so far, waiting for one if there are none; nil once closed and drained.
        func next() async -> [StreamFrame]? {
            while true {
                let taken = state.withLock { state -> (frames: [StreamFrame], done: Bool) in
                    let frames = state.frames
                    state.frames.removeAll()
                    return (frames, frames.isEmpty && state.closed)
                }
                if !taken.frames.isEmpty { return taken.frames }
                if taken.done { return nil }
                await withCheckedContinuation { continuation in
                    let resumeNow = state.withLock { state -> Bool in
                        if !state.frames.isEmpty || state.closed { return true }
                        state.waiter = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            }
        }
    }

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

    private func busy() -> APIError {
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
