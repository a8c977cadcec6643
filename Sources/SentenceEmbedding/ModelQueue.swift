import Dispatch

/// Where the model's forward passes run from async code: a serial queue of its own, never a thread of Swift's
/// cooperative pool.
///
/// Why: a forward pass is milliseconds of CPU for a question and seconds for an import batch (or for anything in a
/// debug build), and it never suspends. The cooperative pool has one thread per core, and every task in the
/// process shares them: `bevgenie serve`'s request handlers, its streams' writes, its health checks. On a 2-core
/// machine, two passes on the pool stop all of that until they end. Here they hold a thread that is not the pool's.
/// The passes run one at a time: each one already spreads its products, most of its time, over every core
/// (`SentenceEmbeddingModel.parallelism`). Whether two together would overlap their single-threaded parts
/// (attention, layer norms) enough to matter under `bench serve` has not been measured.
public enum ModelQueue {
    private static let queue = DispatchQueue(label: "bevgenie.sentence-embedding", qos: .userInitiated)

    /// Runs `work` on the model's queue and returns its result; the calling task is suspended, not blocked.
    public static func run<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Swift.Result { try work() }) }
        }
    }
}
