import BevGenieCore
import BevGenieServer
import Foundation
import Testing

/// The HTTP status of a failed request follows the category of its error, decided where the error arose; every
/// error, unknown routes and wrong methods included, has the same JSON body.
@Suite struct ErrorStatusTests {
    /// A stage 4 provider that fails the way a model provider does.
    struct FailingResponder: ResponseGenerator {
        let error: ModelError
        var name: String { "openai:test" }
        func respond(_ context: ResponseContext, emit: @Sendable (String) async throws -> Void) async throws
            -> ResponseOutput
        {
            throw error
        }
    }

    func server(failingWith error: ModelError) async throws -> TestServer {
        try await TestServer.start(pipeline: { store in
            var pipeline = Pipeline.local(store: store)
            pipeline.responder = FailingResponder(error: error)
            return pipeline
        })
    }

    func json(_ body: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] ?? [:]
    }

    @Test func aProviderThatRefusedIsABadGateway() async throws {
        let server = try await server(failingWith: ModelError(
            code: "unauthorized", message: "openai rejected the API key", retryable: false, status: 401))
        let reply = try await postJSON(server.base + "/api/chat", #"{"message":"How much does it cost?"}"#)
        #expect(reply.status == 502)
        let body = try json(reply.body)
        #expect(body["code"] as? String == "unauthorized")
        #expect(body["category"] as? String == "upstream")
        #expect(body["retryable"] as? Bool == false)
        #expect(body["stageId"] as? String == "response")
        #expect(!reply.headers.contains("retry-after"))
        try await server.shutDown()
    }

    @Test func aRateLimitedProviderIsUnavailableWithRetryAfter() async throws {
        let server = try await server(failingWith: ModelError(
            code: "rate_limited", message: "openai rate limit", retryable: true, status: 429, retryAfter: "7"))
        let reply = try await postJSON(server.base + "/api/chat", #"{"message":"How much does it cost?"}"#)
        #expect(reply.status == 503)
        #expect(reply.headers.contains("retry-after: 7"), "the provider's wait")
        let body = try json(reply.body)
        #expect(body["category"] as? String == "upstream_unavailable")
        #expect(body["retryable"] as? Bool == true)
        #expect(body["retryAfter"] as? Int == 7)
        try await server.shutDown()
    }

    @Test func badRequestsUnknownRoutesAndWrongMethodsAnswerJSON() async throws {
        let server = try await TestServer.start()
        let empty = try await postJSON(server.base + "/api/chat", #"{"message":"   "}"#)
        #expect(empty.status == 400)
        #expect(try json(empty.body)["code"] as? String == "empty_message")
        #expect(try json(empty.body)["category"] as? String == "bad_request")

        let unknown = try await curl([server.base + "/api/nothing-here"])
        #expect(unknown.status == 404)
        #expect(unknown.headers.contains("content-type: application/json"))
        #expect(try json(unknown.body)["code"] as? String == "not_found")

        let wrongMethod = try await curl(["-X", "DELETE", server.base + "/api/chat"])
        #expect([404, 405].contains(wrongMethod.status))
        #expect(wrongMethod.headers.contains("content-type: application/json"))
        #expect(try json(wrongMethod.body)["error"] is String)

        let health = try await curl([server.base + "/healthz"])
        #expect(health.headers.contains("bevgenie-contract-version: 1"))
        try await server.shutDown()
    }
}
