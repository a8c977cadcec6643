import Foundation

/// The part of every provider that is not about its wire format: send, map errors, retry with backoff.
///
/// A call is retried on 429, 5xx, 529 and connection failures — honouring `retry-after` — up to `maxAttempts`,
/// but only while nothing has been yielded to the caller: once text has reached the user, a retry would repeat
/// it, so the failure is reported instead.
struct ModelTransport: Sendable {
    let provider: String
    var maxAttempts = 3
    var client = CurlHTTPClient()
    var idleTimeout: Duration = .seconds(30)
    var totalTimeout: Duration = .seconds(120)

    /// Streams `request` through `decode`, which turns the provider's SSE events into model events (or throws a
    /// `ModelError` for an error event; returns true when the provider said the answer is complete).
    /// `trace` describes the call for its span (`ModelCallTrace`), which covers every attempt.
    func run(
        _ request: HTTPRequest, trace: ModelCallTrace,
        decode: @escaping @Sendable (SSEEvent, (ModelEvent) -> Void) throws -> Bool
    ) -> AsyncThrowingStream<ModelEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                // The task inherits the caller's trace context: the span is a child of the stage's.
                let span = trace.start()
                var outcome = ModelCallTrace.Outcome()
                var failure: (any Error)?
                defer { outcome.record(on: span, error: failure) }
                var attempt = 1
                var request = request
                request.idleTimeout = idleTimeout
                request.totalTimeout = totalTimeout
                while true {
                    var yielded = false
                    outcome.attempts = attempt
                    do {
                        try await once(request) { event in
                            if case .text = event { yielded = true }
                            outcome.observe(event)
                            continuation.yield(event)
                        } decode: { event, emit in
                            if let reason = trace.finishReason(event) { outcome.finishReason = reason }
                            return try decode(event, emit)
                        }
                        continuation.finish()
                        return
                    } catch let error as ModelError {
                        if error.retryable, !yielded, attempt < maxAttempts, !Task.isCancelled {
                            do {
                                try await Task.sleep(for: RetryPolicy.delay(attempt: attempt, retryAfter: error.retryAfter))
                            } catch {
                                failure = ModelError(code: "cancelled", message: "cancelled", retryable: false)
                                continuation.finish(throwing: failure)
                                return
                            }
                            attempt += 1
                            continue
                        }
                        var reported = error
                        if yielded, error.retryable { reported.retryable = false }  // text already shown: not retried
                        failure = reported
                        continuation.finish(throwing: reported)
                        return
                    } catch {
                        failure = error
                        continuation.finish(throwing: error)
                        return
                    }
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private func once(
        _ request: HTTPRequest, yield: (ModelEvent) -> Void,
        decode: (SSEEvent, (ModelEvent) -> Void) throws -> Bool
    ) async throws {
        let stream: HTTPStream
        do {
            stream = try await client.stream(request)
        } catch let error as HTTPClientError {
            throw ModelError.transport(error, provider: provider)
        }
        guard stream.head.status == 200 else {
            var body: [UInt8] = []
            do {
                for try await bytes in stream.body where body.count < 65_536 { body += bytes }
            } catch {}
            let (type, message) = Self.errorDetails(body)
            throw ModelError.http(
                status: stream.head.status, type: type, message: message,
                retryAfter: stream.head.header("retry-after"), provider: provider)
        }
        var parser = SSEParser()
        var finished = false
        do {
            for try await bytes in stream.body {
                for event in try parser.feed(bytes) {
                    var decoded: [ModelEvent] = []
                    if try decode(event, { decoded.append($0) }) { finished = true }
                    for modelEvent in decoded { yield(modelEvent) }
                }
                if finished { break }
            }
        } catch let error as HTTPClientError {
            throw ModelError.transport(error, provider: provider)
        } catch is SSEParser.Failure {
            throw ModelError(code: "invalid_response", message: "\(provider) sent an oversized event", retryable: false)
        }
        if !finished {
            throw ModelError(
                code: "stream_interrupted", message: "\(provider) ended the stream before the answer was complete",
                retryable: true)
        }
    }

    /// `error.type` / `error.code` and `error.message` of an OpenAI or Anthropic error body.
    static func errorDetails(_ body: [UInt8]) -> (type: String?, message: String?) {
        guard let json = try? JSONParser.parse(bytes: body), let error = json["error"] else {
            let text = String(decoding: body.prefix(300), as: UTF8.self).trimmed()
            return (nil, text.isEmpty ? nil : text)
        }
        let type = error["code"]?.stringValue ?? error["type"]?.stringValue
        return (type, error["message"]?.stringValue ?? error.stringValue)
    }
}
