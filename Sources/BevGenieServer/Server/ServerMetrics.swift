import BevGenieCore
import CoreMetrics
import Prometheus

/// What `/metrics` reports, recorded through swift-metrics into a Prometheus registry (swift-prometheus), which
/// renders the text format: requests by route and status, request durations, pipeline errors by stage, code and
/// category, pipelines in flight, SQLite's memory, page cache hits and misses, stage latency.
///
/// Every metric is made with this server's own `factory`, never the process-wide `MetricsSystem`: that one can be
/// bootstrapped only once per process, and a test process starts many servers, each of which must count only its
/// own requests. `bevgenie serve` bootstraps the process-wide system with the same factory (`bootstrapProcessWide`),
/// so what other libraries record through swift-metrics shows up at `/metrics` too.
public final class ServerMetrics: Sendable {
    /// Stage duration buckets: 0.1 ms (a cached intent) to 60 s (a slow model page), about 2.5× apart.
    public static let stageBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30),
        .seconds(60),
    ]
    /// Request duration buckets: 1 ms to 120 s (a long model-backed stream).
    public static let requestBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
        .seconds(10), .seconds(30), .seconds(60), .seconds(120),
    ]

    enum Name {
        static let requests = "bevgenie_requests_total"
        static let requestDuration = "bevgenie_request_duration_seconds"
        static let pipelineErrors = "bevgenie_pipeline_errors_total"
        static let inFlight = "bevgenie_pipelines_in_flight"
        static let sqliteMemory = "bevgenie_sqlite_memory_bytes"
        static let pageCache = "bevgenie_page_cache_total"
        static let stageDuration = "bevgenie_stage_duration_seconds"
    }

    public let registry: PrometheusCollectorRegistry
    public let factory: PrometheusMetricsFactory
    private let inFlight: CoreMetrics.Gauge
    private let sqliteMemory: CoreMetrics.Gauge

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [Name.stageDuration: Self.stageBuckets, Name.requestDuration: Self.requestBuckets]
        self.factory = factory
        inFlight = CoreMetrics.Gauge(label: Name.inFlight, factory: factory)
        sqliteMemory = CoreMetrics.Gauge(label: Name.sqliteMemory, factory: factory)
        // Both results exist from the start, so a rate over them is defined before the first page.
        for result in ["hit", "miss"] { _ = CoreMetrics.Counter(label: Name.pageCache, dimensions: [("result", result)], factory: factory) }
    }

    /// Makes `factory` the process-wide swift-metrics backend. Once per process (`MetricsSystem.bootstrap`
    /// traps on a second call): only the `serve` command calls it.
    public func bootstrapProcessWide() {
        MetricsSystem.bootstrap(factory)
    }

    /// One answered request, by its route pattern (never its path: ids would make every session its own series).
    func recordRequest(route: String, status: Int) {
        CoreMetrics.Counter(label: Name.requests, dimensions: [("route", route), ("status", String(status))], factory: factory)
            .increment()
    }

    /// How long a request took, body included (a stream's whole life).
    func recordRequestDuration(route: String, nanoseconds: Int64) {
        CoreMetrics.Timer(label: Name.requestDuration, dimensions: [("route", route)], factory: factory)
            .recordNanoseconds(nanoseconds)
    }

    /// Watches a pipeline's events go by.
    func observe(_ event: PipelineEvent) {
        switch event {
        case .stage(let stage):
            guard stage.status == .complete, let ms = stage.durationMs else { return }
            CoreMetrics.Timer(label: Name.stageDuration, dimensions: [("stage", stage.stage.rawValue)], factory: factory)
                .recordNanoseconds(Int64(ms * 1_000_000))
        case .error(let error):
            CoreMetrics.Counter(
                label: Name.pipelineErrors,
                dimensions: [
                    ("stage", error.stage?.rawValue ?? "request"), ("code", error.code),
                    ("category", error.category.rawValue),
                ],
                factory: factory
            ).increment()
        case .complete(let complete):
            guard complete.generatedPage != nil else { return }
            CoreMetrics.Counter(label: Name.pageCache, dimensions: [("result", complete.cached ? "hit" : "miss")], factory: factory)
                .increment()
        default:
            break
        }
    }

    /// The Prometheus text exposition, with the gauges read now.
    func prometheus(inFlight pipelines: Int) -> [UInt8] {
        inFlight.record(pipelines)
        sqliteMemory.record(SQLiteDatabase.memoryUsed)
        return registry.emitToBuffer()
    }
}
