import ArgumentParser
import Foundation
import Logging
import OTel
import ServiceLifecycle
import Synchronization
import Tracing

/// The process-wide observability backends of `serve` and `ask` (docs/ARCHITECTURE.md, "Observability"):
/// log lines to stderr through swift-log, and — only when `OTEL_EXPORTER_OTLP_ENDPOINT` (or
/// `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set — spans exported over OTLP/HTTP (protobuf) by swift-otel, configured
/// by the standard `OTEL_*` variables. Without an endpoint no tracer is bootstrapped: Core's spans stay no-ops.
///
/// swift-log, swift-distributed-tracing and swift-metrics each take their backend once per process, which suits a
/// command: one runs per process.
enum Telemetry {
    private static let loggingBootstrapped = Mutex(false)

    /// Sends every logger's lines to stderr, at `level` and above. Safe to call more than once (only the first
    /// call counts), which matters only to code that runs several commands in one process.
    static func bootstrapLogging(level: Logger.Level) {
        let first = loggingBootstrapped.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    /// A logger for the command's own lines (`label` names the component), at `level`.
    static func logger(_ label: String, level: Logger.Level) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }

    /// Whether the environment asks for traces to be exported.
    static func tracingRequested(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        let endpoints = ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]
        guard endpoints.contains(where: { !(environment[$0] ?? "").isEmpty }) else { return false }
        return (environment["OTEL_SDK_DISABLED"] ?? "").lowercased() != "true"
    }

    /// Bootstraps the OTLP span exporter when the environment asks for one, and returns the service that batches
    /// and sends the spans (run it; shutting it down gracefully sends what is left). nil: no exporter.
    ///
    /// `level` is also the exporter's own diagnostics level; `exportTimeout` bounds each export (so a short command
    /// whose collector is down does not wait long at exit). `OTEL_*` variables override both.
    static func bootstrapTracing(
        level: Logger.Level, exportTimeout: Duration = .seconds(10),
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> (any Service)? {
        guard tracingRequested(environment) else { return nil }
        var configuration = OTel.Configuration.default
        configuration.serviceName = "bevgenie"
        configuration.metrics.enabled = false
        configuration.logs.enabled = false
        configuration.traces.otlpExporter.protocol = .httpProtobuf
        configuration.traces.otlpExporter.timeout = exportTimeout
        switch level {
        case .trace: configuration.diagnosticLogLevel = .trace
        case .debug: configuration.diagnosticLogLevel = .debug
        case .info, .notice: configuration.diagnosticLogLevel = .info
        case .warning: configuration.diagnosticLogLevel = .warning
        case .error, .critical: configuration.diagnosticLogLevel = .error
        }
        let backend: (factory: any Tracer, service: any Service)
        do {
            let made = try OTel.makeTracingBackend(configuration: configuration)
            backend = (made.factory, made.service)
        } catch {
            throw CommandFailure("cannot export traces to $OTEL_EXPORTER_OTLP_ENDPOINT: \(error)")
        }
        InstrumentationSystem.bootstrap(backend.factory)
        return backend.service
    }

    /// Runs `body` with the span exporter running beside it (when there is one), then shuts the exporter down
    /// gracefully so that the spans of a short command are sent before the process exits.
    static func withTracing<T>(logger: Logger, _ body: () async throws -> T) async throws -> T {
        guard let service = try bootstrapTracing(level: logger.logLevel, exportTimeout: .seconds(3)) else {
            return try await body()
        }
        let group = ServiceGroup(
            configuration: .init(services: [service], gracefulShutdownSignals: [], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let result: Result<T, any Error>
            do {
                result = .success(try await body())
            } catch {
                result = .failure(error)
            }
            await group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            return try result.get()
        }
    }
}

/// `--log-level`, shared by `serve` and `ask`; each has its own default.
struct LogOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Log lines on stderr at this level and above: trace, debug, info, notice, warning, error, critical (default: info for serve, warning for ask).",
        valueName: "level"))
    var logLevel: Logger.Level?

    func level(default fallback: Logger.Level) -> Logger.Level { logLevel ?? fallback }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
