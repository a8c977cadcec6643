import BevGenieCore
import CoreMetrics
import Prometheus

/// What `/metrics` reports, recorded through swift-metrics into a Prometheus registry (swift-prometheus), which
/// renders the text format: requests by route, method and status, their durations and the requests in flight
/// (Hummingbird's `MetricsMiddleware`), pipeline errors by stage, code and category, pipelines in flight, SQLite's
/// memory, page cache hits and misses, stage latency.
///
/// Each server has its own registry: a test process starts many servers, each of which must count only its own
/// requests. bevgenie's metrics are made with this server's `factory` explicitly; Hummingbird's, which know only
/// the process-wide `MetricsSystem`, reach the same factory through `ServerMetricsRouter`.
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
        /// Hummingbird's `http.server.request.duration`, as Prometheus names it (`prometheusName`).
        static let requestDuration = "http_server_request_duration_seconds"
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
        factory.nameAndLabelSanitizer = Self.prometheusName
        factory.durationHistogramBuckets = [Name.stageDuration: Self.stageBuckets, Name.requestDuration: Self.requestBuckets]
        self.factory = factory
        inFlight = CoreMetrics.Gauge(label: Name.inFlight, factory: factory)
        sqliteMemory = CoreMetrics.Gauge(label: Name.sqliteMemory, factory: factory)
        // Both results exist from the start, so a rate over them is defined before the first page.
        for result in ["hit", "miss"] { _ = CoreMetrics.Counter(label: Name.pageCache, dimensions: [("result", result)], factory: factory) }
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
