import ArgumentParser
import BevGenieCore
import BevGenieServer
import Foundation
import Hummingbird
import Logging

extension BevGenieCLI {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the pipeline over HTTP: the SSE stream, a JSON API and a chat page.",
            discussion: """
                Routes:
                  POST /api/chat/stream    {"message", "sessionId"?} → Server-Sent Events (stage, delta, section,
                                           page, complete, error), one id per event, heartbeats while idle
                  POST /api/chat           the same pipeline, one JSON reply (the complete payload)
                  GET  /api/sessions/{id}  persona, signals and messages
                  GET  /api/kb/search?q=   knowledge search (k, mode)
                  GET  /api/analytics      stage latency, errors, intents, pain points, cache (?days=7)
                  GET  /metrics            Prometheus text: requests, errors, in flight, stage latency
                  GET  /healthz            liveness
                  GET  /                   the chat page

                Binds 127.0.0.1 unless told otherwise. With --token (or BEVGENIE_TOKEN) every /api/ request needs \
                Authorization: Bearer <token>. Request bodies are limited to 64 KiB; beyond --max-concurrent \
                running pipelines, requests get 503 with Retry-After. SIGINT or SIGTERM ends open streams with an \
                error event and exits cleanly.

                Examples:
                  bevgenie serve
                  bevgenie serve --port 9000 --token "$(openssl rand -hex 16)"
                  curl -N -H 'Content-Type: application/json' \\
                    -d '{"message":"How much does it cost?"}' \\
                    http://127.0.0.1:8080/api/chat/stream
                """)

        @Option(help: "The address to listen on.")
        var host = "127.0.0.1"

        @Option(help: "The port (0 picks a free one).")
        var port = 8080

        @Option(help: ArgumentHelp("Require Authorization: Bearer <token> on /api/ (default: $BEVGENIE_TOKEN).",
                                   valueName: "token"))
        var token: String?

        @Option(help: ArgumentHelp("Allow browsers on this origin to call the API (CORS).", valueName: "origin"))
        var cors: String?

        @Option(help: "Pipelines running at once before new requests get 503.")
        var maxConcurrent = 1_024

        @Option(help: ArgumentHelp("Close connections idle this long, in seconds (no request in progress).",
                                   valueName: "seconds"))
        var idleTimeout = 30.0

        @Flag(help: "Never answer from the page cache.")
        var noCache = false

        @OptionGroup var models: ModelOptions
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
            guard maxConcurrent > 0 else { throw ValidationError("--max-concurrent must be at least 1") }
            guard idleTimeout > 0, idleTimeout <= 86_400 else { throw ValidationError("--idle-timeout must be between 0 and 86400 seconds") }
        }

        func run() async throws {
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
            if !["127.0.0.1", "::1", "localhost"].contains(host), configuration.token == nil {
                Terminal.standardError.write("bevgenie: warning: listening on \(host) without --token: anyone who can reach it can use it\n")
            }
            var logger = Logger(label: "bevgenie")
            logger.logLevel = .warning
            let displayHost = host.contains(":") ? "[\(host)]" : host
            let app = buildApplication(
                configuration: configuration, store: store, embedder: environment.embedder,
                pipeline: try environment.pipeline(), logger: logger
            ) { port in
                Terminal.standardError.write("bevgenie: serving on http://\(displayHost):\(port) (database \(store.displayLocation))\n")
            }
            do {
                try await app.runService()
            } catch {
                throw CommandFailure("the server stopped: \(error)")
            }
            Terminal.standardError.write("bevgenie: stopped\n")
        }
    }
}
