import Dispatch

/// Where the model's forward passes run from async code: a serial queue of its own, never a thread of Swift's
/// cooperative pool.
///
/// Why: a forward pass is milliseconds of CPU for a question and seconds for an import batch (or for anything in a
/// debug build), and it never suspends. The cooperative pool has one thread per core, and every task in the
/// process shares them: `bevgenie serve`'s request handlers, its streams' writes, its health checks. On a 2-core
/// machine, two passes on the pool stop all of that until they end. Here they hold a thread that is not the pool's.
/// The passes run one at a time, because each one already spreads its products over every core
/// (`SentenceEmbeddingModel.parallelism`); running two together would only make them take turns on the same cores.
public enum ModelQueue {
    private static let queue = DispatchQueue(label: "bevgenie.sentence-embedding", qos: .userInitiated)

    /// Runs `work` on the model's queue and returns its result; the calling task is suspended, not blocked.
    public static func run<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Swift.Result { try work() }) }
        }
    }
}
