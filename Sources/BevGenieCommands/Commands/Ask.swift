import ArgumentParser
import BevGenieCore
import Foundation

extension BevGenieCLI {
    struct Ask: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask a question: run the five-stage pipeline and stream every stage.",
            discussion: """
                On a terminal you see a progress line per stage on stderr, the answer as it is generated and an \
                outline of the generated page on stdout. When stdout is a pipe the default is --format ndjson: \
                one JSON event per line, written the moment it happens.

                Events (docs/EVENTS.md): stage (active/complete, with progress 10 to 95 and each stage's result), delta \
                (answer text), section (page sections as they are ready), page, complete (message, session, \
                generatedPage) or error.

                A failed run is one log line on stderr (--log-level, default warning). With \
                OTEL_EXPORTER_OTLP_ENDPOINT set, the run's spans (run, stages, model calls) are exported over \
                OTLP/HTTP before the command exits.

                Examples:
                  bevgenie ask "Our reps ignore our brand. How do we get mindshare?"
                  bevgenie ask "What does it cost?" \\
                    | jq -c 'select(.event=="stage") | .data.progress'
                  bevgenie ask --session 3f9c1a2b7d4e5f60 "And how would we track displays?"
                  bevgenie ask "How do you compare with spreadsheets?" --html page.html
                  echo "Can I see a demo?" | bevgenie ask - --format json
                  OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 bevgenie ask "Pricing?"
                """)

        @Argument(help: ArgumentHelp("The question (several words are joined; '-' reads it from stdin).",
                                     valueName: "message"))
        var words: [String] = []

        @Option(name: .long, help: ArgumentHelp("Continue this session (created if it does not exist yet).",
                                                valueName: "id"))
        var session: String?

        @Option(name: .long, help: "Output: text, ndjson, sse or json (default: text on a terminal, else ndjson).")
        var format: OutputFormat?

        @Option(name: .long, help: ArgumentHelp("Also write the generated page as standalone HTML to this file.",
                                                valueName: "file"))
        var html: String?

        @Flag(help: "Build the page even when a cached one would answer.")
        var noCache = false

        @OptionGroup var models: ModelOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var log: LogOptions

        func validate() throws {
            if words.isEmpty { throw ValidationError("Missing the question, e.g. bevgenie ask \"How much does it cost?\"") }
        }

        func run() async throws {
            let level = log.level(default: .warning)
            Telemetry.bootstrapLogging(level: level)
            let message = try readMessage()
            let request = ChatRequest(message: message, sessionId: session)
            try request.validate()
            if let html { try OutputFile.checkWritable(html) }  // before the pipeline runs, not after
            var options = database.environmentOptions
            models.apply(to: &options)
            options.pageCache = !noCache
            let environment = try await BevGenieEnvironment.open(options)
            if let warning = environment.embedderWarning { Terminal.standardError.write("bevgenie: warning: \(warning)\n") }
            var pipeline = try environment.pipeline()
            if let note = environment.modelNote { Terminal.standardError.write("bevgenie: note: \(note)\n") }
            let logger = Telemetry.logger("bevgenie", level: level)
            pipeline.logger = logger
            let format = self.format ?? (Terminal.standardOutput.isTerminal ? .text : .ndjson)
            let printer = EventPrinter(format: format, htmlPath: html)
            let outcome = try await Telemetry.withTracing(logger: logger) {
                await pipeline.run(request) { event in
                    await printer.handle(event)
                }
            }
            switch outcome {
            case .completed(let payload):
                if let html, let json = payload.generatedPage {
                    try writePage(json, to: html)
                }
            case .failed(let error):
                // text format already printed it; the others carried it as an event — say it once on stderr too
                throw CommandFailure(format == .text ? "" : error.error, exitCode: error.category.exitCode)
            case .cancelled:
                throw CommandFailure("interrupted", exitCode: 130)
            }
        }

        private func readMessage() throws -> String {
            guard words == ["-"] else { return words.joined(separator: " ") }
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard let text = String(data: data, encoding: .utf8) else {
                throw CommandFailure("the message on stdin is not valid UTF-8")
            }
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        private func writePage(_ json: JSONValue, to path: String) throws {
            let page: PageSpec
            do {
                page = try PageSpec(json: json)
            } catch {
                throw CommandFailure(error.description)
            }
            try OutputFile.write(PageRenderer.html(page, brand: try ConfiguredBrand.load()), to: path)
            Terminal.standardError.write("Page written to \(path)\n")
        }
    }
}
