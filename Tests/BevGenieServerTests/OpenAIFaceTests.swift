import BevGenieCore
import Foundation
import Testing

/// The OpenAI-compatible face, driven by the official `openai` Python SDK against a real server.
@Suite struct OpenAIFaceTests {
    static let question = "How can I get better visibility into retail execution?"
    static let followUp = "How much does it cost?"

    @Test func officialSDKStreamsAndNotAndRaisesTypedErrors() async throws {
        let server = try await TestServer.start {
            $0.pageCache = false
            $0.token = "faces-token"
        }
        defer { Task { try? await server.shutDown() } }
        let result = try await run("python3", [
            clientsDirectory + "/openai_client.py", server.base + "/v1", "faces-token", Self.question, Self.followUp,
        ], timeout: 120)
        try #require(result.status == 0, "the openai client failed (is the openai package installed?): \(result.stderr)")
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])

        #expect(seen["models"] as? [String] == ["bevgenie"])

        // Non-streaming: the answer is the pipeline's, the extension carries session, page and the five stages.
        let completion = try #require(seen["completion"] as? [String: Any])
        #expect(completion["object"] as? String == "chat.completion")
        #expect(completion["role"] as? String == "assistant")
        #expect(completion["finish_reason"] as? String == "stop")
        // The same question on bevgenie's own JSON route (a fresh session too) gives the same answer and page.
        let own = try await postJSON(
            server.base + "/api/chat", #"{"message":"\#(Self.question)"}"#, extra: ["-H", "Authorization: Bearer faces-token"])
        let reference = try #require(try JSONSerialization.jsonObject(with: Data(own.body.utf8)) as? [String: Any])
        #expect(completion["content"] as? String == reference["message"] as? String)
        #expect((completion["content"] as? String)?.isEmpty == false)
        let ext = try #require(completion["bevgenie"] as? [String: Any])
        let stages = try #require(ext["stages"] as? [[String: Any]])
        #expect(stages.map { $0["stageId"] as? String } == ["intent", "signals", "knowledge", "response", "page"])
        #expect((stages.first?["result"] as? [String: Any])?["intent"] as? String == "pain_point")
        let page = try #require(ext["page"] as? [String: Any], "a pain-point question gets a page")
        #expect(page["type"] as? String == (reference["generatedPage"] as? [String: Any])?["type"] as? String)
        let session = try #require(ext["session"] as? [String: Any])
        let sessionId = try #require(session["id"] as? String)
        #expect(ext["contractVersion"] as? Int == EventContract.version)
        #expect(ext["runId"] as? String != nil)

        // Streaming, continuing the session: one id throughout, role first, content deltas, one final chunk with
        // the finish reason and the extension (the SDK consumed `[DONE]` to end the loop).
        let chunks = try #require(seen["stream"] as? [[String: Any]])
        try #require(chunks.count >= 3)
        #expect(Set(chunks.compactMap { $0["id"] as? String }).count == 1)
        #expect(chunks.allSatisfy { $0["object"] as? String == "chat.completion.chunk" })
        #expect(chunks.first?["role"] as? String == "assistant")
        let finals = chunks.filter { $0["finish_reason"] is String }
        #expect(finals.count == 1 && chunks.last?["finish_reason"] as? String == "stop")
        #expect(chunks.dropLast().allSatisfy { $0["bevgenie"] is NSNull || $0["bevgenie"] == nil })
        let streamed = chunks.compactMap { $0["content"] as? String }.joined()
        #expect(!streamed.isEmpty)
        let last = try #require(chunks.last?["bevgenie"] as? [String: Any])
        let continued = try #require(last["session"] as? [String: Any])
        #expect(continued["id"] as? String == sessionId, "session_id continues the conversation")
        #expect((continued["messageCount"] as? Int ?? 0) > (session["messageCount"] as? Int ?? 0))
        #expect(((last["stages"] as? [[String: Any]])?.first?["result"] as? [String: Any])?["intent"] as? String == "pricing")
        let stored = try #require(try await server.store.session(id: sessionId))
        #expect(stored.messages.last?.content == streamed, "the streamed deltas are the stored answer")
        #expect(stored.messages.filter { $0.author.rawValue == "user" }.map(\.content) == [Self.question, Self.followUp])

        // Errors: OpenAI's shape and statuses, so the SDK raises its typed exceptions.
        func failure(_ name: String) throws -> (exception: String?, status: Int?, error: [String: Any]) {
            let entry = try #require(seen[name] as? [String: Any], "\(name)")
            return (entry["exception"] as? String, entry["status"] as? Int, (entry["body"] as? [String: Any]) ?? [:])
        }
        let wrongKey = try failure("wrong_key")
        #expect(wrongKey.exception == "AuthenticationError" && wrongKey.status == 401)
        #expect(wrongKey.error["code"] as? String == "invalid_api_key")
        #expect(wrongKey.error["type"] as? String == "invalid_request_error")
        #expect(try failure("wrong_key_models").exception == "AuthenticationError")
        let oversized = try failure("oversized")
        #expect(oversized.status == 413 && oversized.exception == "APIStatusError")
        #expect(oversized.error["code"] as? String == "body_too_large")
        let unknownModel = try failure("unknown_model")
        #expect(unknownModel.exception == "NotFoundError" && unknownModel.error["code"] as? String == "model_not_found")
        #expect(unknownModel.error["param"] as? String == "model")
        let empty = try failure("empty_message")
        #expect(empty.exception == "BadRequestError" && empty.error["code"] as? String == "empty_message")
        #expect(empty.error["param"] as? String == "messages")
    }

    /// A run that fails is the SDK's typed exception: a 500 `InternalServerError` before the answer, an
    /// `APIError` from the `error` message when the stream had started.
    @Test func failingRunsRaiseTheSDKsErrors() async throws {
        let server = try await TestServer.start(pipeline: { .failingPages(store: $0) })
        defer { Task { try? await server.shutDown() } }
        let result = try await run("python3", [
            clientsDirectory + "/openai_client.py", server.base + "/v1", "unused", Self.question, "--failing",
        ], timeout: 120)
        try #require(result.status == 0, "the openai client failed: \(result.stderr)")
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: [String: Any]])
        #expect(seen["completion"]?["exception"] as? String == "InternalServerError")
        #expect(seen["completion"]?["status"] as? Int == 500)
        #expect((seen["completion"]?["body"] as? [String: Any])?["code"] as? String == "internal_error")
        #expect(seen["stream"]?["exception"] as? String == "APIError", "the stream's error message is raised")
        #expect((seen["stream"]?["body"] as? [String: Any])?["type"] as? String == "server_error")
    }

    /// The API without the SDK: the raw stream ends with `data: [DONE]`, and a full server is OpenAI's 503.
    @Test func rawStreamEndsWithDoneAndBusyIsServerError() async throws {
        let server = try await TestServer.start { $0.maxConcurrentPipelines = 0 }
        defer { Task { try? await server.shutDown() } }
        let busy = try await postJSON(server.base + "/v1/chat/completions",
            #"{"model":"bevgenie","stream":true,"messages":[{"role":"user","content":"How much does it cost?"}]}"#)
        #expect(busy.status == 503)
        #expect(busy.headers.contains("retry-after: 1"))
        let body = try #require(try JSONSerialization.jsonObject(with: Data(busy.body.utf8)) as? [String: Any])
        #expect((body["error"] as? [String: Any])?["type"] as? String == "server_error")

        let open = try await TestServer.start()
        defer { Task { try? await open.shutDown() } }
        let raw = try await run("curl", ["-sN", "-X", "POST", "-H", "Content-Type: application/json", "--data-binary",
            #"{"model":"bevgenie","stream":true,"messages":[{"role":"user","content":"How much does it cost?"}]}"#,
            open.base + "/v1/chat/completions"])
        let blocks = raw.stdout.components(separatedBy: "\n\n").filter { !$0.isEmpty && !$0.hasPrefix(":") }
        #expect(blocks.last == "data: [DONE]")
        #expect(blocks.dropLast().allSatisfy { $0.hasPrefix("data: {\"id\":\"chatcmpl-") })
    }
}
