import BevGenieCore
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Builds the HTTP application: the chat stream, the JSON API and the chat page, over one store.
///
/// `onListening` receives the bound port (useful with port 0, which tests and benchmarks use).
/// `pipeline` replaces the local pipeline over `store` (tests use a slow one to watch cancellation and shutdown).
/// `metrics` is what `/metrics` reports (each server its own unless given one; requests are counted into it only
/// once `ServerMetrics.bootstrapProcessWide` ran); `logger` is where request errors and failed runs are logged,
/// each line with its request id.
public func buildApplication(
    configuration: ServerConfiguration, store: any BevGenieStore, embedder: any Embedder = HashingEmbedder(),
    pipeline: Pipeline? = nil, metrics: ServerMetrics = ServerMetrics(), logger: Logger = Logger(label: "bevgenie"),
    onListening: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some Service {
    var chosen = pipeline ?? .local(store: store, embedder: embedder)
    if pipeline == nil { chosen.pageGenerator = LocalPageBuilder(store: store, brand: configuration.brand) }
    if !configuration.pageCache { chosen.pageCache = nil }
    let services = ServerServices(
        configuration: configuration, store: store, pipeline: chosen, embedder: embedder,
        limiter: PipelineLimiter(limit: configuration.maxConcurrentPipelines), metrics: metrics,
        runs: RunRegistry(
            store: store as? any RunEventStore ?? NoRunLog(), resumeGrace: configuration.resumeGrace,
            persists: configuration.keepsRunLog && store is any RunEventStore))
    let router = Router(context: BevGenieRequestContext.self)
    // Outermost first: the request id and error log see every final status; the span sees errors thrown by routes
    // before ErrorMiddleware turns them into JSON replies; the metrics count and time those replies with their status.
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: TracingMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ErrorMiddleware())
    if let origin = configuration.corsOrigin {
        router.add(middleware: CORSMiddleware(
            allowOrigin: .custom(origin), allowHeaders: [.contentType, .authorization], allowMethods: [.get, .post, .options]))
    }
    if let token = configuration.token {
        router.add(middleware: TokenAuthMiddleware(token: token))
    }
    ChatRoutes(services: services).register(on: router)
    RunRoutes(services: services).register(on: router)
    APIRoutes(services: services).register(on: router)
    PageRoutes(brand: configuration.brand).register(on: router)
    OpenAIRoutes(services: services).register(on: router)
    AGUIRoutes(services: services).register(on: router)
    var app = Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: .nanoseconds(Int64(configuration.idleTimeout / .nanoseconds(1))))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "bevgenie"),
        onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
    app.addServices(MemoryTrimmer(limiter: services.limiter))
    return MetricsScopedService(wrapped: app, metrics: metrics)
}

/// What the routes share.
struct ServerServices: Sendable {
    let configuration: ServerConfiguration
    let store: any BevGenieStore
    let pipeline: Pipeline
    let embedder: any Embedder
    let limiter: PipelineLimiter
    let metrics: ServerMetrics
    /// The streamed runs of this process and the writer of their event log.
    let runs: RunRegistry
}

extension ServerServices {
    /// The pipeline for one request: it logs a failed run with the request's logger, so the line carries the
    /// request id.
    func pipeline(for context: BevGenieRequestContext) -> Pipeline {
        var pipeline = self.pipeline
        pipeline.logger = context.logger
        return pipeline
    }
}
