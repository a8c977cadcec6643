import Foundation
import Synchronization

/// A response whose body is still arriving.
public struct HTTPStream: Sendable {
    public let head: HTTPResponseHead
    /// Body bytes as they arrive; ends when the transfer does, or throws `HTTPClientError` if it breaks.
    public let body: AsyncThrowingStream<[UInt8], any Error>
}

extension CurlHTTPClient {
    /// Sends `request` and returns as soon as the status and headers have arrived; the body streams on.
    /// Stopping the iteration of `body` (or cancelling the task reading it) aborts the transfer at once.
    public func stream(_ request: HTTPRequest) async throws -> HTTPStream {
        let (body, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        let headWaiter = HeadWaiter()
        let transfer = CurlTransfer { head, bytes in
            if let head { headWaiter.resolve(.success(head)) }
            if !bytes.isEmpty { continuation.yield(bytes) }
            return true
        }
        continuation.onTermination = { termination in
            if case .cancelled = termination { transfer.cancel() }
        }
        CurlWorkers.shared.run(name: "bevgenie-curl-stream") { [reusesConnections] in
            let outcome = Self.runTransfer(request, transfer, reusingConnections: reusesConnections)
            switch outcome {
            case .success:
                headWaiter.resolve(.failure(HTTPClientError.transport(code: -1, message: "no response")))
                continuation.finish()
            case .failure(let error):
                headWaiter.resolve(.failure(error))
                continuation.finish(throwing: error)
            }
        }
        let head = try await withTaskCancellationHandler {
            try await headWaiter.wait()
        } onCancel: {
            transfer.cancel()
        }
        return HTTPStream(head: head, body: body)
    }
}

/// Resolves once with the response head (or the failure that came first); later resolutions are ignored.
private final class HeadWaiter: Sendable {
    private let state = Mutex<(result: Result<HTTPResponseHead, any Error>?, waiter: CheckedContinuation<HTTPResponseHead, any Error>?)>((nil, nil))

    func resolve(_ result: Result<HTTPResponseHead, any Error>) {
        let waiter = state.withLock { state -> CheckedContinuation<HTTPResponseHead, any Error>? in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(with: result)
    }

    func wait() async throws -> HTTPResponseHead {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state -> Result<HTTPResponseHead, any Error>? in
                if let result = state.result { return result }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
