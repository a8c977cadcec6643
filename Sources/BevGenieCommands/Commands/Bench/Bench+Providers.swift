import ArgumentParser
import BevGenieCore
import Foundation

extension BevGenieCLI.Bench {
    struct Providers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "providers",
            abstract: "Measure the model client: streamed events per second and time to first delta.",
            discussion: """
                Parser: Chat Completions chunks decoded in memory (SSE framing and JSON), events/s. Client: the same \
                stream from a local stand-in server (scripts/fake_openai.mjs, Node.js) through libcurl, the SSE \
                parser and the OpenAI decoder, events/s end to end; and the time from the first upstream chunk being \
                written to its delta reaching the caller, p50/p99. Connections: 100 sequential streamed requests \
                (--sequential) from the model client as it is (open connections reused) and with a new connection \
                per request (the peer: what it did before), counted by the server, with the time from sending the \
                request to its first delta, p50/p99.

                Examples:
                  bevgenie bench providers
                  bevgenie bench providers --tokens 2000 --runs 20 --sequential 200
                """)

        @Option(help: "Chunks per streamed answer.")
        var tokens = 20_000

        @Option(help: "Streams for the first-delta latency.")
        var runs = 50

        @Option(help: "Sequential requests for the connection count.")
        var sequential = 100

        @Option(help: ArgumentHelp("The stand-in server.", valueName: "file"))
        var serverScript = "scripts/fake_openai.mjs"

        @Option(help: "The Node.js interpreter.")
        var node = "node"

        func run() async throws {
            let out = Terminal.standardOutput
            out.write("bevgenie bench providers — \(BevGenieBuild.configuration) build\n\n")

            // In memory: the parser and decoder alone.
            var stream = ""
            for index in 0..<tokens {
                stream += "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" token\(index)\"},\"finish_reason\":null}]}\n\n"
            }
            stream += "data: [DONE]\n\n"
            let bytes = Array(stream.utf8)
            let started = ContinuousClock.now
            var parser = SSEParser()
            var texts = 0
            var offset = 0
            while offset < bytes.count {
                let end = min(bytes.count, offset + 16_384)  // socket-sized reads
                for event in try parser.feed(bytes[offset..<end]) {
                    _ = try OpenAIChatModel.decode(event) { if case .text = $0 { texts += 1 } }
                }
                offset = end
            }
            let parserSeconds = (ContinuousClock.now - started).milliseconds / 1000
            out.write(String(format: "parser: %d chunks in %.1f ms = %.0f events/s (%.2f µs per token)\n",
                             texts, parserSeconds * 1000, Double(texts) / parserSeconds, parserSeconds * 1e6 / Double(texts)))

            guard FileManager.default.fileExists(atPath: serverScript) else {
                out.write("client: \(serverScript) not found (run from the repository root); skipped\n")
                return
            }
            let (server, base) = try startServer()
            defer { server.terminate() }
            let model = OpenAIChatModel(model: "bench", baseURL: base + "/v1", apiKey: nil)

            // End to end: libcurl, SSE parser, decoder, async stream to the caller.
            let request = ModelRequest(system: "s", messages: [.init(role: .user, content: "hi")], maxTokens: tokens)
            let clientStart = ContinuousClock.now
            var received = 0
            for try await event in model.stream(request) { if case .text = event { received += 1 } }
            let clientSeconds = (ContinuousClock.now - clientStart).milliseconds / 1000 - 0.05  // the server's 50 ms pause
            out.write(String(format: "client: %d chunks through libcurl in %.1f ms = %.0f events/s\n",
                             received, clientSeconds * 1000, Double(received) / clientSeconds))

            // First delta: from the moment the server wrote its first chunk to the decoded text, through the same
            // parts the model client uses (libcurl stream, SSE parser, OpenAI decoder).
            var latencies: [Double] = []
            let client = CurlHTTPClient()
            for _ in 0..<runs {
                var http = HTTPRequest(
                    url: base + "/v1/chat/completions",
                    body: Array(#"{"model":"bench","max_tokens":5,"stream":true,"messages":[]}"#.utf8))
                http.headers = [("Content-Type", "application/json")]
                let response = try await client.stream(http)
                var sseParser = SSEParser()
                var measured = false
                for try await chunk in response.body where !measured {
                    for event in try sseParser.feed(chunk) where !measured {
                        var gotText = false
                        _ = try OpenAIChatModel.decode(event) { if case .text = $0 { gotText = true } }
                        let now = Date().timeIntervalSince1970 * 1000
                        if gotText, let sent = (try? JSONParser.parse(event.data))?["sent_at"]?.doubleValue {
                            latencies.append(now - sent)
                            measured = true
                        }
                    }
                }
            }
            out.write(String(format: "first delta after the first upstream chunk: p50 %.2f ms, p99 %.2f ms (%d streams)\n",
                             percentile(latencies, 0.5), percentile(latencies, 0.99), latencies.count))

            // Connections: the same requests one after another, reusing connections and not, in turns.
            out.write("\n\(sequential) sequential requests, request sent to first delta:\n")
            out.write(BenchSupport.row(["client", "connections", "p50", "p99"], first: 24, width: 12))
            var results: [Bool: SequentialResult] = [:]
            for reuses in [false, true] {
                results[reuses] = try await sequentialRequests(base: base, reusing: reuses)
            }
            for reuses in [false, true] {
                let result = results[reuses]!
                out.write(BenchSupport.row([
                    reuses ? "reused connections" : "new connection each", "\(result.connections)",
                    String(format: "%.2f ms", percentile(result.firstDelta, 0.5)),
                    String(format: "%.2f ms", percentile(result.firstDelta, 0.99)),
                ], first: 24, width: 12))
            }
            let fresh = results[false]!, reused = results[true]!
            // The reusing client may open none: the streams above left a connection to this server in its pool.
            out.write(String(format: "reuse: %d new connections for %d requests (%d without reuse); first delta p50 %.2fx, p99 %.2fx the new-connection client's\n",
                             reused.connections, sequential, fresh.connections,
                             percentile(reused.firstDelta, 0.5) / max(percentile(fresh.firstDelta, 0.5), 0.000_001),
                             percentile(reused.firstDelta, 0.99) / max(percentile(fresh.firstDelta, 0.99), 0.000_001)))
        }

        struct SequentialResult {
            var connections: Int
            var firstDelta: [Double]
        }

        /// `sequential` streamed requests one after another with no pause before the first chunk: how many TCP
        /// connections the server accepted for them, and each one's time from sending to its first delta.
        private func sequentialRequests(base: String, reusing: Bool) async throws -> SequentialResult {
            let client = CurlHTTPClient(reusesConnections: reusing)
            let before = try await connectionsAccepted(base)
            var firstDelta: [Double] = []
            for _ in 0..<sequential {
                var http = HTTPRequest(
                    url: base + "/v1/chat/completions",
                    body: Array(#"{"model":"bench","max_tokens":5,"first_delay_ms":0,"stream":true,"messages":[]}"#.utf8))
                http.headers = [("Content-Type", "application/json")]
                let sent = ContinuousClock.now
                let response = try await client.stream(http)
                var parser = SSEParser()
                var measured = false
                // Read to the end so the connection is left ready for the next request.
                for try await chunk in response.body {
                    for event in try parser.feed(chunk) where !measured {
                        var gotText = false
                        _ = try OpenAIChatModel.decode(event) { if case .text = $0 { gotText = true } }
                        if gotText {
                            firstDelta.append((ContinuousClock.now - sent).milliseconds)
                            measured = true
                        }
                    }
                }
            }
            // The count's own request comes on a connection of its own, counted in `after`.
            let after = try await connectionsAccepted(base)
            return SequentialResult(connections: after - before - 1, firstDelta: firstDelta)
        }

        private func connectionsAccepted(_ base: String) async throws -> Int {
            var request = HTTPRequest(url: base + "/connections", body: [])
            request.method = "GET"
            let response = try await CurlHTTPClient(reusesConnections: false).send(request)
            guard let count = (try? JSONParser.parse(String(decoding: response.body, as: UTF8.self)))?["connections"]?.intValue
            else { throw CommandFailure("the stand-in server did not say how many connections it accepted") }
            return count
        }

        private func startServer() throws -> (Process, String) {
            let (process, port) = try BevGenieCLI.Bench.startNodeServer(
                node: node, arguments: [serverScript], failure: "the stand-in server did not start; is node installed?")
            return (process, "http://127.0.0.1:\(port)")
        }
    }
}
