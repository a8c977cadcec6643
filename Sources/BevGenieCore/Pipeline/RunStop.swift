import Synchronization

/// Tells a run that its cancellation is a stop asked for on purpose (`POST /api/chat/runs/{id}/stop`), not a
/// client that went away: the run then ends with an `error` event of code `stopped` (category `stopped`, not a
/// failure in analytics) instead of ending silently.
///
/// Task cancellation carries no reason, so the reason travels beside it: whoever cancels sets the flag first, and
/// the pipeline reads it (through the task-local `current`) when the cancellation reaches it.
public final class RunStop: Sendable {
    private let stopped = Mutex(false)

    public init() {}

    /// The flag of the run the current task belongs to (nil outside a stoppable run).
    @TaskLocal public static var current: RunStop?

    public func stop() { stopped.withLock { $0 = true } }
    public var isStopped: Bool { stopped.withLock { $0 } }

    /// Whether the run the current task belongs to was stopped on purpose.
    static var requested: Bool { current?.isStopped ?? false }

    /// The `error` payload a stopped run ends with.
    static func payload(stage: StageID?) -> ErrorPayload {
        ErrorPayload(error: "the run was stopped", stage: stage, code: "stopped", category: .stopped)
    }
}
