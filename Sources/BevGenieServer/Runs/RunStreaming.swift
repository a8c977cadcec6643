import BevGenieCore
import Foundation
import Hummingbird
import NIOCore
import ServiceLifecycle
import Synchronization

/// Writes a run's events to one SSE connection: from memory when the run is going on in this process, from the
/// shared log when another process runs it.
enum RunStreaming {
    typealias Subscription = (backlog: [StoredRunEvent], outbox: RunOutbox, token: Int)

    /// Follows a run of this process: the events missed, then each new one as it comes, until its last event or
    /// the client leaves (which leaves the run its grace period, not a stop).
    static func follow(
        _ live: LiveRun, _ subscription: Subscription, writer: inout any ResponseBodyWriter, channel: any Channel,
        heartbeatInterval: Duration
    ) async throws {
        let outbox = subscription.outbox
        let token = subscription.token
        // A client that goes away is noticed at once, not at the next write.
        channel.closeFuture.whenComplete { _ in
            live.unsubscribe(token)
            outbox.close()
        }
        let heartbeat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: heartbeatInterval)
                outbox.post(.heartbeat)
            }
        }
        defer {
            heartbeat.cancel()
            live.unsubscribe(token)
        }
        try await withGracefulShutdownHandler {
            if !subscription.backlog.isEmpty {
                try await writer.write(ByteBuffer.sse(subscription.backlog))
            }
            var lastWrite = ContinuousClock.now
            // Everything posted since the last write goes out in one write: a burst of events is one syscall.
            while let frames = await outbox.next() {
                var buffer = ByteBufferAllocator().buffer(capacity: 4096)
                for frame in frames {
                    switch frame {
                    case .event(let event):
                        buffer.writeSSE(event)
                    case .heartbeat:
                        if buffer.readableBytes == 0, ContinuousClock.now - lastWrite >= heartbeatInterval / 2 {
                            buffer.writeString(EventFraming.sseHeartbeat)
                        }
                    }
                }
                guard buffer.readableBytes > 0 else { continue }
                try await writer.write(buffer)
                lastWrite = ContinuousClock.now
            }
            try await writer.finish(nil)
        } onGracefulShutdown: {
            live.shutDown()
        }
    }

    /// After this long without a write or a liveness mark from its process, a running run is taken as lost (its
    /// process went away): ten of the owner's stop polls, so a busy owner is not mistaken for a dead one.
    static let staleAfter = 10.0

    /// Follows a run another process is running (or a finished one), by reading the shared log: SQLite has no
    /// notification across processes, so the live tail is a poll — every `pollInterval`, one indexed read of the
    /// events after the last one sent (an empty read costs one primary-key lookup). Marks the run watched so its
    /// owner keeps it past the grace period.
    static func followLogged(
        runId: String, after: Int, first: RunEventPage, store: any RunEventStore, writer: inout any ResponseBodyWriter,
        channel: any Channel, heartbeatInterval: Duration, pollInterval: Duration
    ) async throws {
        let gone = Mutex(false)
        channel.closeFuture.whenComplete { _ in gone.withLock { $0 = true } }
        try await withGracefulShutdownHandler {
            var position = after
            var page: RunEventPage? = first
            var lastWrite = ContinuousClock.now
            var lastMark = 0.0
            while let current = page, !gone.withLock({ $0 }) {
                if !current.events.isEmpty {
                    try await writer.write(ByteBuffer.sse(current.events))
                    lastWrite = ContinuousClock.now
                    position = current.events.last!.seq
                    if current.events.last!.isTerminal { break }
                    page = try await store.runEvents(runId: runId, after: position, limit: 500)
                    continue
                }
                let now = Date().timeIntervalSince1970
                guard current.state == .running, now - current.updatedAt < staleAfter else { break }
                if now - lastMark >= RunRegistry.watchMarkInterval {
                    try? await store.markRunWatched(runId: runId, at: now)
                    lastMark = now
                }
                if ContinuousClock.now - lastWrite >= heartbeatInterval {
                    try await writer.write(ByteBuffer(string: EventFraming.sseHeartbeat))
                    lastWrite = ContinuousClock.now
                }
                try await Task.sleep(for: pollInterval)
                page = try await store.runEvents(runId: runId, after: position, limit: 500)
            }
            try await writer.finish(nil)
        } onGracefulShutdown: {
            gone.withLock { $0 = true }
        }
    }
}
