import BevGenieCore
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Builds the HTTP application: the chat stream, the JSON API and the chat page, over one store.
///
/// `onListening` receives the bound port (useful with port 0, which tests and benchmarks use).
/// `pipeline` replaces the local pipeline over `store` (tests use a slow one to watch cancellation and shutdown).
public func buildApplication(
    configuration: ServerConfiguration, store: any BevGenieStore, embedder: any Embedder = HashingEmbedder(),
    pipeline: Pipeline? = nil, logger: Logger = Logger(label: "bevgenie"),
    onListening: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol & Service {
    var chosen = pipeline ?? .local(store: store, embedder: embedder)
    if pipeline == nil { chosen.pageGenerator = LocalPageBuilder(store: store, brand: configuration.brand) }
    if !configuration.pageCache { chosen.pageCache = nil }
    let services = ServerServices(
        configuration: configuration, store: store, pipeline: chosen, embedder: embedder,
        limiter: PipelineLimiter(limit: configuration.maxConcurrentPipelines), metrics: ServerMetrics())
    let router = Router(context: BevGenieRequestContext.self)
    router.add(middleware: RequestMetricsMiddleware(metrics: services.metrics))
    router.add(middleware: ErrorMiddleware())
    if let origin = configuration.corsOrigin {
        router.add(middleware: CORSMiddleware(
            allowOrigin: .custom(origin), allowHeaders: [.contentType, .authorization], allowMethods: [.get, .post, .options]))
    }
    if let token = configuration.token {
        router.add(middleware: TokenAuthMiddleware(token: token))
    }
    ChatRoutes(services: services).register(on: router)
    APIRoutes(services: services).register(on: router)
    PageRoutes(brand: configuration.brand).register(on: router)
    var app = Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: .nanoseconds(Int64(configuration.idleTimeout / .nanoseconds(1))))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "bevgenie"),
        onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
    app.addServices(MemoryTrimmer(limiter: services.limiter))
    return app
}

/// What the routes share.
struct ServerServices: Sendable {
    let configuration: ServerConfiguration
    let store: any BevGenieStore
    let pipeline: Pipeline
    let embedder: any Embedder
    let limiter: PipelineLimiter
    let metrics: ServerMetrics
}
