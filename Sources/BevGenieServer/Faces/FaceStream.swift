import BevGenieCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle

/// Turns the pipeline's events into another protocol's wire text, one stream at a time.
///
/// The ecosystem faces (the OpenAI-compatible API, AG-UI) run the same pipeline as `/api/chat/stream` and only
/// speak differently; each keeps the state its protocol needs between events (message ids, what a client holds)
/// in its encoder, a value owned by one stream.
protocol FaceEncoder: Sendable {
    /// Sent when the stream opens, before any pipeline event (may be empty).
    mutating func opening() -> String
    /// The wire text for one pipeline event; empty when the protocol has nothing to say about it.
    mutating func encode(_ event: PipelineEvent) -> String
}

/// Runs pipelines for the faces with the limits every route of `serve` has (one pipeline slot per run, the client
/// going away cancels the run, a shutdown ends the stream with an error), so each face is only its encoder.
enum FaceStream {
    /// The SSE response streaming `chat`'s run through `encoder`. The slot is taken before the response starts,
    /// so a full server answers 503 (through `busy`) instead of opening a stream.
    static func response(
        _ chat: ChatRequest, encoder: some FaceEncoder, services: ServerServices, context: BevGenieRequestContext,
        headers: HTTPFields = [:], busy: () -> any Error
    ) throws -> Response {
        guard let lease = SlotLease(services.limiter) else { throw busy() }
        let pipeline = services.pipeline
        let metrics = services.metrics
        let heartbeatInterval = services.configuration.heartbeatInterval
        let channel = context.channel
        let body = ResponseBody { writer in
            _ = lease  // held until the body is done (or dropped unsent): the slot frees with it
            var encoder = encoder
            let (frames, continuation) = AsyncStream.makeStream(of: Frame.self)
            continuation.yield(.event(Pipeline.firstEvent))
            let run = Task(priority: .utility) {
                _ = await pipeline.run(chat, announced: true) { event in
                    metrics.observe(event)
                    continuation.yield(.event(event))
                }
                continuation.finish()
            }
            let heartbeat = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: heartbeatInterval)
                    continuation.yield(.heartbeat)
                }
            }
            channel.closeFuture.whenComplete { _ in run.cancel() }
            defer {
                run.cancel()
                heartbeat.cancel()
            }
            try await withGracefulShutdownHandler {
                let opening = encoder.opening()
                if !opening.isEmpty { try await writer.write(ByteBuffer(string: opening)) }
                var runningStage: StageID?
                streaming: for await frame in frames {
                    let text: String
                    switch frame {
                    case .event(let event):
                        if case .stage(let stage) = event { runningStage = stage.status == .active ? stage.stage : nil }
                        text = encoder.encode(event)
                    case .heartbeat:
                        text = EventFraming.sseHeartbeat
                    case .shutdown:
                        let error = ErrorPayload(
                            error: "the server is shutting down; try again", stage: runningStage, code: "shutting_down",
                            category: .busy)
                        try await writer.write(ByteBuffer(string: encoder.encode(.error(error))))
                        break streaming
                    }
                    if !text.isEmpty { try await writer.write(ByteBuffer(string: text)) }
                }
                try await writer.finish(nil)
            } onGracefulShutdown: {
                continuation.yield(.shutdown)
                run.cancel()
            }
        }
        var fields = headers
        fields[.contentType] = "text/event-stream; charset=utf-8"
        fields[.cacheControl] = "no-cache"
        fields[HTTPField.Name("X-Accel-Buffering")!] = "no"
        fields[HTTPField.Name(EventContract.headerName)!] = String(EventContract.version)
        return Response(status: .ok, headers: fields, body: body)
    }

    /// Runs `chat` to its end and returns how it ended with every event it sent (for the faces that answer in
    /// one document). The client going away cancels the run.
    static func collect(
        _ chat: ChatRequest, services: ServerServices, context: BevGenieRequestContext, busy: () -> any Error
    ) async throws -> (outcome: Pipeline.Outcome, events: [PipelineEvent]) {
        guard let lease = SlotLease(services.limiter) else { throw busy() }
        let metrics = services.metrics
        let pipeline = services.pipeline
        let run = Task { () -> (Pipeline.Outcome, [PipelineEvent]) in
            let (events, continuation) = AsyncStream.makeStream(of: PipelineEvent.self)
            let outcome = await pipeline.run(chat) { event in
                metrics.observe(event)
                continuation.yield(event)
            }
            continuation.finish()
            var collected: [PipelineEvent] = []
            for await event in events { collected.append(event) }
            return (outcome, collected)
        }
        context.channel.closeFuture.whenComplete { _ in run.cancel() }
        let result = await withTaskCancellationHandler { await run.value } onCancel: { run.cancel() }
        _ = lease
        return result
    }

    enum Frame: Sendable {
        case event(PipelineEvent)
        case heartbeat
        case shutdown
    }

    /// The SSE message carrying one JSON document as its data (`event:` only when the protocol names events).
    static func sse(_ data: JSONValue, event: String? = nil) -> String {
        (event.map { "event: \($0)\n" } ?? "") + "data: \(data.serialized())\n\n"
    }

    /// The request body, at most `limit` bytes, as JSON; the thrown errors are the API's (415, 413, 400).
    static func jsonBody(_ request: Request, limit: Int) async throws(APIError) -> JSONValue {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") else {
            throw APIError(
                .unsupportedMediaType, code: "unsupported_content_type", "send the body as JSON with Content-Type: application/json")
        }
        let tooLarge = APIError(.contentTooLarge, code: "body_too_large", "the request body is larger than \(limit) bytes")
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw tooLarge }
        var bytes: [UInt8] = []
        do {
            for try await buffer in request.body {
                bytes += buffer.readableBytesView
                if bytes.count > limit { throw tooLarge }
            }
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError(.badRequest, code: "bad_body", "the request body could not be read")
        }
        do {
            return try JSONParser.parse(bytes: bytes)
        } catch {
            throw APIError(.badRequest, code: "invalid_json", "the body is not JSON: \(error.description)")
        }
    }
}
