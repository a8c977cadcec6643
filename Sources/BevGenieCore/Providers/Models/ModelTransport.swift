import Foundation

/// The part of every provider that is not about its wire format: send, map errors, retry with backoff.
///
/// A call is retried on 408, 409, 429, 5xx, 529, connection failures, broken streams and empty answers —
/// honouring `retry-after-ms` and `retry-after` — up to `maxAttempts`, and only while the wait fits the wait
/// budget (`WaitBudget`): a provider asking for more time than the stage or run has left fails at once, retryable,
/// with the wait in the error, so `--fallback local` can answer instead. Once text has reached a visitor, a retry
/// would repeat it, so the failure is reported instead — unless the request is `restartable` (nobody saw the
/// text): then the caller gets `.restart` and a fresh attempt.
///
/// An attempt is complete when the provider says so: its end marker (`[DONE]`, `message_stop`) or, if the stream
/// then ends without one, its finish reason. Leading whitespace is held back until real text follows, so an
/// answer of nothing but whitespace is the empty answer it is (a failed attempt), never a success.
struct ModelTransport: Sendable {
    let provider: String
    var maxAttempts = 3
    var client = CurlHTTPClient()
    var timeouts = ProviderTimeouts()
    var waitBudget = WaitBudget()

    var idleTimeout: Duration {
        get { timeouts.idle }
        set { timeouts.idle = newValue }
    }

    var totalTimeout: Duration {
        get { timeouts.total }
        set { timeouts.total = newValue }
    }

    /// Streams `request` through `decode`, which turns the provider's SSE events into model events (or throws a
    /// `ModelError` for an error event; returns true when the provider said the answer is complete).
    /// `trace` describes the call for its span (`ModelCallTrace`), which covers every attempt.
    func run(
        _ request: HTTPRequest, restartable: Bool = false, trace: ModelCallTrace,
        decode: @escaping @Sendable (SSEEvent, (ModelEvent) -> Void) throws -> Bool
    ) -> AsyncThrowingStream<ModelEvent, any Error> {
        let called = ContinuousClock.now
        let window = RetryWindow.current ?? RetryWindow(runStart: called, stageStart: called)
        return AsyncThrowingStream { continuation in
            let task = Task {
                // The task inherits the caller's trace context: the span is a child of the stage's.
                let span = trace.start()
                var outcome = ModelCallTrace.Outcome()
                var failure: (any Error)?
                defer { outcome.record(on: span, error: failure) }
                var attempt = 1
                var request = request
                request.connectTimeout = timeouts.connect
                request.idleTimeout = timeouts.idle
                request.totalTimeout = timeouts.total
                while true {
                    var yielded = false
                    outcome.attempts = attempt
                    do {
                        try await once(request) { event in
                            if case .text = event { yielded = true }
                            outcome.observe(event)
                            continuation.yield(event)
                        } decode: { event, emit in try decode(event, emit) }
                        continuation.finish()
                        return
                    } catch let error as ModelError {
                        let mayRetry = !yielded || restartable
                        if error.retryable, mayRetry, attempt < maxAttempts, !Task.isCancelled {
                            let wait = delay(attempt: attempt, after: error)
                            if let refused = refusal(of: error, waiting: wait, window: window) {
                                failure = refused
                                continuation.finish(throwing: refused)
                                return
                            }
                            if yielded { continuation.yield(.restart) }
                            do {
                                try await Task.sleep(for: min(wait, .seconds(60)))
                            } catch {
                                failure = ModelError.cancelledError
                                continuation.finish(throwing: ModelError.cancelledError)
                                return
                            }
                            attempt += 1
                            continue
                        }
                        var reported = error
                        if yielded, !restartable, error.retryable { reported.retryable = false }  // text shown: not retried
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

    /// How long to wait before the next attempt: what the provider asked for, else backoff with jitter.
    func delay(attempt: Int, after error: ModelError) -> Duration {
        error.retryAfterDelay ?? RetryPolicy.delay(attempt: attempt, retryAfter: nil)
    }

    /// The error to report instead of waiting, when the wait would end after the stage's or the run's budget.
    func refusal(of error: ModelError, waiting wait: Duration, window: RetryWindow) -> ModelError? {
        let deadline = waitBudget.deadline(window)
        let now = ContinuousClock.now
        guard now + wait > deadline else { return nil }
        let left = max(.zero, deadline - now)
        let which = window.stageStart + waitBudget.stage <= window.runStart + waitBudget.run ? "stage" : "run"
        var refused = error
        refused.retryable = true
        refused.retryAfter = String(wait.milliseconds / 1000)
        refused.message = "\(error.message); a retry would wait \(Self.seconds(wait)), more than the "
            + "\(Self.seconds(left)) left of the \(which)'s wait budget (--wait-budget \(which)=SECONDS)"
        return refused
    }

    static func seconds(_ duration: Duration) -> String {
        let seconds = duration.milliseconds / 1000
        return seconds >= 10 ? "\(Int(seconds.rounded())) s" : String(format: "%.1f s", seconds)
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
                retryAfter: RetryPolicy.requestedWait(stream.head), provider: provider)
        }
        var parser = SSEParser()
        var ended = false
        var finish: FinishReason?
        // Whitespace before the first real text, held back: an answer that is only whitespace is empty.
        var pending = ""
        var wroteText = false
        do {
            for try await bytes in stream.body {
                for event in try parser.feed(bytes) {
                    var decoded: [ModelEvent] = []
                    if try decode(event, { decoded.append($0) }) { ended = true }
                    for modelEvent in decoded {
                        switch modelEvent {
                        case .text(let piece) where !wroteText:
                            pending += piece
                            if pending.contains(where: { !$0.isWhitespace }) {
                                wroteText = true
                                yield(.text(pending))
                                pending = ""
                            }
                        case .finished(let reason):
                            finish = reason
                            yield(modelEvent)
                        default:
                            yield(modelEvent)
                        }
                    }
                }
                if ended { break }
            }
        } catch let error as HTTPClientError {
            // The model had said it was done; a connection that then breaks or stalls lost nothing.
            if finish == nil || error == .cancelled { throw ModelError.transport(error, provider: provider) }
        } catch is SSEParser.Failure {
            throw ModelError(code: "invalid_response", message: "\(provider) sent an oversized event", retryable: false)
        }
        if !ended, finish == nil {
            throw ModelError(
                code: "stream_interrupted", message: "\(provider) ended the stream before the answer was complete",
                retryable: true)
        }
        if !wroteText {
            let why = finish?.truncation == "max_tokens" ? " (it reached its token limit before writing any)" : ""
            throw ModelError(code: "empty_answer", message: "\(provider) sent an empty answer\(why)", retryable: true)
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

extension ModelError {
    static let cancelledError = ModelError(code: "cancelled", message: "cancelled", retryable: false, category: .stopped)
}
