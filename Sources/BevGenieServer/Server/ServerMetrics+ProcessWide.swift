import CoreMetrics
import ServiceLifecycle
import Synchronization

/// swift-metrics' process-wide backend for the servers of this process, so that code which only knows
/// `MetricsSystem` — Hummingbird's `MetricsMiddleware`, which counts and times every request — records into the
/// registry of the server it runs in.
///
/// `MetricsSystem` takes one factory per process, but a process may run several servers (a test process runs
/// many), each of which must report only its own requests at `/metrics`. Each server runs inside
/// `ServerMetrics.$current` (`MetricsScopedService`); every task of its connections inherits that task-local,
/// and a metric made there is made by that server's factory. A metric made outside any server goes to `fallback`.
struct ServerMetricsRouter: MetricsFactory {
    let fallback: (any MetricsFactory)?

    private var factory: any MetricsFactory {
        ServerMetrics.current?.factory ?? fallback ?? NOOPMetricsHandler.instance
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        factory.makeCounter(label: label, dimensions: dimensions)
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        factory.makeFloatingPointCounter(label: label, dimensions: dimensions)
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        factory.makeMeter(label: label, dimensions: dimensions)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        factory.makeRecorder(label: label, dimensions: dimensions, aggregate: aggregate)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        factory.makeTimer(label: label, dimensions: dimensions)
    }

    // A handler is destroyed by the factory of the scope it is destroyed in; Prometheus ignores handlers that
    // are not its own, so a handler destroyed elsewhere just stays registered.
    func destroyCounter(_ handler: any CounterHandler) { factory.destroyCounter(handler) }
    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        factory.destroyFloatingPointCounter(handler)
    }
    func destroyMeter(_ handler: any MeterHandler) { factory.destroyMeter(handler) }
    func destroyRecorder(_ handler: any RecorderHandler) { factory.destroyRecorder(handler) }
    func destroyTimer(_ handler: any TimerHandler) { factory.destroyTimer(handler) }
}

extension ServerMetrics {
    /// The metrics of the server whose task this is (see `ServerMetricsRouter`).
    @TaskLocal static var current: ServerMetrics?

    private static let processWide = Mutex(false)

    /// Makes `ServerMetricsRouter` swift-metrics' process-wide backend, so requests are counted by Hummingbird's
    /// `MetricsMiddleware` into each server's own registry; metrics made outside any server go to `fallback`'s
    /// (`serve` gives its one server's). Only the first call in a process counts (`MetricsSystem.bootstrap` works
    /// once): a process that runs servers calls this before the first one, and bootstraps no other metrics backend.
    public static func bootstrapProcessWide(fallback: ServerMetrics? = nil) {
        let first = processWide.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        MetricsSystem.bootstrap(ServerMetricsRouter(fallback: fallback?.factory))
    }

    /// Hummingbird's request metric names (OpenTelemetry style) in Prometheus's conventions: counters end in
    /// `_total`, durations in `_seconds`; the dots of names and labels become `_` (swift-prometheus does that).
    static func prometheusName(_ name: String, _ labels: [(String, String)]) -> (String, [(String, String)]) {
        switch name {
        case "hb.requests": return ("hb_requests_total", labels)
        case "hb.request.errors": return ("hb_request_errors_total", labels)
        case "http.server.request.duration": return (Name.requestDuration, labels)
        default: return (name, labels)
        }
    }
}

/// A server's application run inside its metrics' scope (`ServerMetrics.current`), so every task that serves
/// its connections records into its registry.
struct MetricsScopedService<Wrapped: Service>: Service {
    let wrapped: Wrapped
    let metrics: ServerMetrics

    func run() async throws {
        try await ServerMetrics.$current.withValue(metrics) { try await wrapped.run() }
    }
}
