import ArgumentParser
import BevGenieCore
import BevGenieServer
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

extension BevGenieCLI {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the pipeline over HTTP: the SSE stream, a JSON API and a chat page.",
            discussion: """
                Routes:
                  POST /api/chat/stream    {"message", "sessionId"?} → Server-Sent Events (stage, delta, section,
                                           page, complete, error), ids RUN:N, heartbeats while idle; the run's id
                                           in the X-Run-Id header
                  GET  /api/chat/stream/{runId}   resume: the events after Last-Event-ID (or ?lastEventId=),
                                           then the live ones; a finished run replays in full
                  POST /api/chat/runs/{runId}/stop   stop a run at once (it ends with an error, code stopped)
                  POST /api/chat           the same pipeline, one JSON reply (the complete payload)
                  GET  /api/sessions/{id}  persona, signals and messages
                  GET  /api/kb/search?q=   knowledge search (k, mode)
                  GET  /api/analytics      stage latency, errors, intents, pain points, cache (?days=7)
                  POST /v1/chat/completions  OpenAI-compatible (stream or not; model "bevgenie"; session_id
                                           continues a session; session, page, stages in "bevgenie")
                  GET  /v1/models          the one model, "bevgenie"
                  POST /api/ag-ui          AG-UI RunAgentInput → AG-UI events over SSE (threadId = session)
                  GET  /metrics            Prometheus text: requests, errors, in flight, stage latency
                  GET  /healthz            liveness
                  GET  /                   the chat page

                Binds 127.0.0.1 unless told otherwise. With --token (or BEVGENIE_TOKEN) every /api/ and /v1/ request \
                needs Authorization: Bearer <token> (an OpenAI SDK's API key). Request bodies are limited to 64 KiB; beyond --max-concurrent \
                running pipelines, requests get 503 with Retry-After. SIGINT or SIGTERM ends open streams with an \
                error event and exits cleanly.

                Every response carries an X-Request-Id (the client's own when it sends a sane one); each failed \
                request and each failed run is one log line on stderr with that id. With \
                OTEL_EXPORTER_OTLP_ENDPOINT set, a span per request, run, stage and model call is exported over \
                OTLP/HTTP (the standard OTEL_* variables apply).
                A client that drops a stream does not stop its run: the run goes on for --resume-grace seconds \
                for the client to come back (to this process or another one sharing the database), then is \
                cancelled. Every streamed run's events are kept in the database (bevgenie runs show RUN_ID; \
                bevgenie db vacuum drops old ones).

                Examples:
                  bevgenie serve
                  bevgenie serve --port 9000 --token "$(openssl rand -hex 16)"
                  OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 bevgenie serve
                  bevgenie serve --resume-grace 60
                  curl -N 'http://127.0.0.1:8080/api/chat/stream/RUN_ID?lastEventId=RUN_ID:12'
                  curl -N -H 'Content-Type: application/json' \\
                    -d '{"message":"How much does it cost?"}' \\
                    http://127.0.0.1:8080/api/chat/stream
                """)

        @Option(help: "The address to listen on.")
        var host = "127.0.0.1"

        @Option(help: "The port (0 picks a free one).")
        var port = 8080

        @Option(help: ArgumentHelp("Require Authorization: Bearer <token> on /api/ and /v1/ (default: $BEVGENIE_TOKEN).",
                                   valueName: "token"))
        var token: String?

        @Option(help: ArgumentHelp("Allow browsers on this origin to call the API (CORS).", valueName: "origin"))
        var cors: String?

        @Option(help: "Pipelines running at once before new requests get 503.")
        var maxConcurrent = 1_024

        @Option(help: ArgumentHelp("Close connections idle this long, in seconds (no request in progress).",
                                   valueName: "seconds"))
        var idleTimeout = 30.0

        @Option(help: ArgumentHelp(
            "How long a run goes on after its client left, waiting for a reconnect, in seconds (0: stop at once).",
            valueName: "seconds"))
        var resumeGrace = 15.0

        @Flag(help: "Never answer from the page cache.")
        var noCache = false

        @OptionGroup var models: ModelOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var log: LogOptions

        func validate() throws {
            guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
            guard maxConcurrent > 0 else { throw ValidationError("--max-concurrent must be at least 1") }
            guard idleTimeout > 0, idleTimeout <= 86_400 else { throw ValidationError("--idle-timeout must be between 0 and 86400 seconds") }
            guard resumeGrace >= 0, resumeGrace <= 86_400 else { throw ValidationError("--resume-grace must be between 0 and 86400 seconds") }
        }

        func run() async throws {
            let level = log.level(default: .info)
            Telemetry.bootstrapLogging(level: level)
            let logger = Telemetry.logger("bevgenie", level: level)
            let tracing = try Telemetry.bootstrapTracing(level: level)
            // This process serves one server: the process-wide swift-metrics backend is its registry.
            let metrics = ServerMetrics()
            ServerMetrics.bootstrapProcessWide(fallback: metrics)
            var options = database.environmentOptions
            models.apply(to: &options)
            options.pageCache = !noCache
            let environment = try await BevGenieEnvironment.open(options)
            if let warning = environment.embedderWarning { Terminal.standardError.write("bevgenie: warning: \(warning)\n") }
            let store = environment.store
            var configuration = ServerConfiguration()
            configuration.host = host
            configuration.port = port
            configuration.token = token ?? ProcessInfo.processInfo.environment["BEVGENIE_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            configuration.corsOrigin = cors
            configuration.maxConcurrentPipelines = maxConcurrent
            configuration.pageCache = !noCache
            configuration.brand = try ConfiguredBrand.load()
            configuration.idleTimeout = .milliseconds(Int64(idleTimeout * 1000))
            configuration.resumeGrace = .milliseconds(Int64(resumeGrace * 1000))
            if !["127.0.0.1", "::1", "localhost"].contains(host), configuration.token == nil {
                Terminal.standardError.write("bevgenie: warning: listening on \(host) without --token: anyone who can reach it can use it\n")
            }
            let displayHost = host.contains(":") ? "[\(host)]" : host
            let app = buildApplication(
                configuration: configuration, store: store, embedder: environment.embedder,
                pipeline: try environment.pipeline(), metrics: metrics, logger: logger
            ) { port in
                Terminal.standardError.write("bevgenie: serving on http://\(displayHost):\(port) (database \(store.displayLocation))\n")
            }
            // Shut down in reverse order: the server first (open streams end), then the exporter sends its last spans.
            let group = ServiceGroup(configuration: .init(
                services: (tracing.map { [$0] } ?? []) + [app], gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
            do {
                try await group.run()
            } catch {
                throw CommandFailure("the server stopped: \(error)")
            }
            Terminal.standardError.write("bevgenie: stopped\n")
        }
    }
}
