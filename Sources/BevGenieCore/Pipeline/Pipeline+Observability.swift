import Foundation
import Logging
import Tracing

/// What a run tells the outside besides its events (docs/ARCHITECTURE.md, "Observability"): a span per run with a
/// child per stage (and, below those, one per model call: `ModelCallTrace`), through swift-distributed-tracing's
/// API, and one log line per failed run through swift-log.
///
/// Core only speaks the APIs. Which tracer receives the spans is the process's choice (`bevgenie serve`/`ask`
/// bootstrap swift-otel's OTLP exporter when `OTEL_EXPORTER_OTLP_ENDPOINT` is set); without one the spans are
/// swift-distributed-tracing's no-op spans, and the logger is silent unless the caller gives the pipeline one.
extension Pipeline {
    enum SpanName {
        static let run = "bevgenie.run"
        static func stage(_ id: StageID) -> String { "bevgenie.stage.\(id.rawValue)" }
    }

    /// A logger that drops everything: the default of a pipeline used as a library, so nothing is printed unless
    /// the caller asks for it (swift-log's default handler would write to stdout, where `ask` writes events).
    public static let silentLogger = Logger(label: "bevgenie.pipeline", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Runs `body` (the whole run) inside the run's span, and describes the outcome on the span and, for a
    /// failure, in one log line.
    func traced(_ run: inout RunState, _ body: (inout RunState) async -> Outcome) async -> Outcome {
        await withSpan(SpanName.run, ofKind: .internal) { span in
            span.attributes["bevgenie.run.id"] = run.runId
            span.attributes["session.id"] = run.sessionId
            let outcome = await body(&run)
            if let intent = run.intent { span.attributes["bevgenie.intent"] = intent.intent.rawValue }
            if let page = run.page { span.attributes["bevgenie.page.type"] = page.type.rawValue }
            if let cache = run.cache { span.attributes["bevgenie.page.cache"] = cache }
            // Stages a fallback finished (`complete.fallbacks`): a model that failed without failing the run.
            let fallbacks = run.fallbacks.compactMap { $0["stageId"]?.stringValue }
            if !fallbacks.isEmpty { span.attributes["bevgenie.fallback.stages"] = fallbacks }
            switch outcome {
            case .completed:
                span.attributes["bevgenie.run.status"] = "ok"
            case .cancelled:
                span.attributes["bevgenie.run.status"] = "cancelled"
            case .failed(let error):
                span.attributes["bevgenie.run.status"] = "error"
                span.attributes["error.type"] = error.code
                span.attributes["bevgenie.error.category"] = error.category.rawValue
                if let stage = error.stage { span.attributes["bevgenie.stage"] = stage.rawValue }
                span.setStatus(SpanStatus(code: .error, message: error.error))
                logFailure(run, error)
            }
            return outcome
        }
    }

    /// Runs one stage's work inside its span (a child of the run's).
    func tracedStage<T>(_ id: StageID, _ body: () async throws -> T) async throws -> T {
        try await withSpan(SpanName.stage(id), ofKind: .internal) { span in
            span.attributes["bevgenie.stage"] = id.rawValue
            return try await body()
        }
    }

    /// One structured line per failed run: what failed, where, how, and how long the run had taken.
    func logFailure(_ run: RunState, _ error: ErrorPayload) {
        let level: Logger.Level
        switch error.category {
        case .badRequest, .stopped: level = .info
        case .busy, .upstreamUnavailable: level = .warning
        case .upstream, .internal: level = .error
        }
        logger.log(level: level, "run failed", metadata: [
            "run_id": .string(run.runId),
            "session_id": .string(run.sessionId),
            "stage": .string(error.stage?.rawValue ?? "request"),
            "error.code": .string(error.code),
            "error.category": .string(error.category.rawValue),
            "duration_ms": .string(String(format: "%.1f", (ContinuousClock.now - run.clock).milliseconds)),
            "error": .string(error.error),
        ])
    }
}
