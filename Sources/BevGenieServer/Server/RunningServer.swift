import BevGenieCore
import Logging
import ServiceLifecycle

/// A server started in this process, for benchmarks and tests: it listens on the configured port (0 = any free
/// one, reported in `port`) until `shutDown()`, which behaves like SIGTERM (open streams end with an error event).
public final class RunningServer: Sendable {
    public let port: Int
    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    public static func start(
        configuration: ServerConfiguration, store: any BevGenieStore, embedder: any Embedder = HashingEmbedder(),
        pipeline: Pipeline? = nil, metrics: ServerMetrics = ServerMetrics(), logger: Logger = Logger(label: "bevgenie")
    ) async throws -> RunningServer {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = buildApplication(
            configuration: configuration, store: store, embedder: embedder, pipeline: pipeline, metrics: metrics,
            logger: logger
        ) { port in continuation.yield(port) }
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: logger)
        let running = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        return RunningServer(port: port, group: group, running: running)
    }

    private init(port: Int, group: ServiceGroup, running: Task<Void, any Error>) {
        self.port = port
        self.group = group
        self.running = running
    }

    public func shutDown() async throws {
        await group.triggerGracefulShutdown()
        try await running.value
    }
}
