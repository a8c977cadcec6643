import BevGenieCore
import Foundation
import Hummingbird

/// The AG-UI face (docs/FACES.md): `POST /api/ag-ui` takes AG-UI's `RunAgentInput` and answers with AG-UI events
/// over SSE, so CopilotKit and other AG-UI frontends drive the pipeline with their stock HTTP agent.
///
/// `threadId` is the bevgenie session (a new thread id starts a session under that id); the question is the last
/// user message. The five stages are steps, the answer is one assistant text message, and the shared state carries
/// the visitor's persona and the page as it is built (see `AGUIEncoder`). Behind `serve --token` like every `/api/`
/// route; malformed input is a 400 before any event, as on `/api/chat/stream`.
struct AGUIRoutes: Sendable {
    let services: ServerServices

    func register(on router: Router<BevGenieRequestContext>) {
        router.post("/api/ag-ui") { request, context in
            try await run(request, context: context)
        }
    }

    func run(_ request: Request, context: BevGenieRequestContext) async throws -> Response {
        let body = try await FaceStream.jsonBody(request, limit: services.configuration.maxBodyBytes)
        let input = try AGUIRunInput(body)
        let persona = try await services.store.session(id: input.threadId)?.persona.json
        let encoder = AGUIEncoder(threadId: input.threadId, runId: input.runId, persona: persona)
        return try FaceStream.response(input.chat, encoder: encoder, services: services, context: context) {
            APIError(
                .serviceUnavailable, code: "busy",
                "too many pipelines are running (\(services.limiter.limit)); retry shortly", headers: [.retryAfter: "1"])
        }
    }
}

/// The parts of a `RunAgentInput` the pipeline uses, checked. Tools, context, forwarded props and the client's
/// state are accepted and not used: the pipeline has no frontend tools, and the state is bevgenie's to send.
struct AGUIRunInput {
    var threadId: String
    var runId: String
    var chat: ChatRequest

    init(_ body: JSONValue) throws(APIError) {
        guard body.objectValue != nil else { throw Self.invalid("the body must be a RunAgentInput object") }
        guard let threadId = body["threadId"]?.stringValue else { throw Self.invalid("'threadId' must be a string") }
        guard let runId = body["runId"]?.stringValue, !runId.isEmpty else { throw Self.invalid("'runId' must be a string") }
        guard let messages = body["messages"]?.arrayValue else { throw Self.invalid("'messages' must be an array") }
        guard let last = messages.last(where: { $0["role"]?.stringValue == "user" }) else {
            throw Self.invalid("'messages' has no message with role 'user'")
        }
        let text: String
        switch last["content"] {
        case .string(let value)?: text = value
        case .array(let parts)?:
            text = parts.compactMap { $0["type"]?.stringValue == "text" ? $0["text"]?.stringValue : nil }.joined(separator: "\n")
        default: throw Self.invalid("the last user message has no text content")
        }
        self.threadId = threadId
        self.runId = runId
        chat = ChatRequest(message: text, sessionId: threadId)
        do {
            try chat.validate()
        } catch {
            throw APIError(ErrorPayload(reporting: error, stage: nil))
        }
    }

    static func invalid(_ message: String) -> APIError {
        APIError(.badRequest, code: "invalid_run_input", message)
    }
}
