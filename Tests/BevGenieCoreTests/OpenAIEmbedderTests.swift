import Foundation
import Testing

@testable import BevGenieCore

/// The OpenAI embeddings client against a loopback server that speaks `/v1/embeddings`.
@Suite struct OpenAIEmbedderTests {
    static func embeddings(for request: LoopbackServer.Request) -> String {
        let inputs = request.json?["input"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let data = inputs.enumerated().map { index, text in
            "{\"object\":\"embedding\",\"index\":\(index),\"embedding\":[\(Double(text.count)),3.0,4.0]}"
        }
        return "{\"object\":\"list\",\"data\":[\(data.joined(separator: ","))],\"model\":\"m\",\"usage\":{\"prompt_tokens\":1,\"total_tokens\":1}}"
    }

    @Test func batchesRequestsAndNormalizesVectors() async throws {
        let server = try LoopbackServer { request, _ in
            LoopbackServer.response(status: 200, headers: ["Content-Type": "application/json"], body: Self.embeddings(for: request))
        }
        var embedder = try OpenAIEmbedder(model: "text-embedding-3-small",
                                          environment: ["OPENAI_BASE_URL": server.baseURL + "/v1", "OPENAI_API_KEY": "sk-test"])
        embedder.batchSize = 2
        let vectors = try await embedder.embed(["abc", "", "hello", "x", "yz"])
        #expect(vectors.count == 5)
        #expect(abs(vectors[0][0] - 3 / (34.0 as Float).squareRoot()) < 1e-6)
        #expect(vectors.allSatisfy { abs($0.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5 })
        let requests = server.requests
        #expect(requests.count == 3)
        #expect(requests.allSatisfy { $0.path == "/v1/embeddings" && $0.headers["authorization"] == "Bearer sk-test" })
        #expect(requests[0].json?["model"]?.stringValue == "text-embedding-3-small")
        #expect(embedder.model == "openai:text-embedding-3-small")
    }

    @Test func retriesRateLimitsHonouringRetryAfter() async throws {
        let server = try LoopbackServer { request, number in
            if number == 0 {
                return LoopbackServer.response(status: 429, headers: ["retry-after": "0.2"],
                                               body: #"{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}"#)
            }
            return LoopbackServer.response(status: 200, body: Self.embeddings(for: request))
        }
        let embedder = try OpenAIEmbedder(model: "m", environment: ["OPENAI_BASE_URL": server.baseURL + "/v1"])
        let started = ContinuousClock.now
        let vectors = try await embedder.embed(["abc"])
        #expect(vectors.count == 1)
        #expect(server.requests.count == 2)
        #expect(ContinuousClock.now - started >= .milliseconds(200))
    }

    @Test func doesNotRetryClientErrorsOrQuotaAndSaysWhy() async throws {
        let server = try LoopbackServer { _, number in
            number == 0
                ? LoopbackServer.response(status: 401, body: #"{"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}}"#)
                : LoopbackServer.response(status: 429, body: #"{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}"#)
        }
        let embedder = try OpenAIEmbedder(model: "m", environment: ["OPENAI_BASE_URL": server.baseURL + "/v1"])
        await #expect(throws: OpenAIEmbedder.Failure.api(status: 401, message: "Incorrect API key provided")) {
            _ = try await embedder.embed(["a"])
        }
        await #expect(throws: OpenAIEmbedder.Failure.api(status: 429, message: "You exceeded your current quota")) {
            _ = try await embedder.embed(["a"])
        }
        #expect(server.requests.count == 2)
    }

    @Test func aBodyCutOffOrGarbledIsAnError() async throws {
        let server = try LoopbackServer { _, number in
            if number < 4 {
                // Promise 100 bytes, send 10, close: a cut-off body (retried, then reported).
                return [.write(Array("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"data\":[{".utf8)), .close]
            }
            return LoopbackServer.response(status: 200, body: "{\"data\": 42}")
        }
        var embedder = try OpenAIEmbedder(model: "m", environment: ["OPENAI_BASE_URL": server.baseURL + "/v1"])
        embedder.maxAttempts = 2
        await #expect(throws: HTTPClientError.self) { _ = try await embedder.embed(["a"]) }
        await #expect(throws: HTTPClientError.self) { _ = try await embedder.embed(["a"]) }
        await #expect(throws: OpenAIEmbedder.Failure.invalidResponse("no data array")) { _ = try await embedder.embed(["a"]) }
    }

    @Test func theKeyIsRequiredForOpenAIItselfOnly() throws {
        #expect(throws: OpenAIEmbedder.Failure.missingKey) { _ = try OpenAIEmbedder(model: "m", environment: [:]) }
        _ = try OpenAIEmbedder(model: "m", environment: ["OPENAI_BASE_URL": "http://localhost:11434/v1"])
    }

    @Test func cancellingAbortsAStalledTransferAtOnce() async throws {
        let server = try LoopbackServer { _, _ in
            [.write(Array("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{".utf8)), .pause(milliseconds: 120_000)]
        }
        let embedder = try OpenAIEmbedder(model: "m", environment: ["OPENAI_BASE_URL": server.baseURL + "/v1"])
        let task = Task { try await embedder.embed(["a"]) }
        try await Task.sleep(for: .milliseconds(200))
        let started = ContinuousClock.now
        task.cancel()
        let result = await task.result
        // Aborted, not waited out: sooner than the 120 s stall (loose: the whole suite queues on two cores).
        #expect(ContinuousClock.now - started < .seconds(90))
        guard case .failure(let error) = result else {
            Issue.record("expected a failure")
            return
        }
        #expect(error as? HTTPClientError == .cancelled)
    }
}
