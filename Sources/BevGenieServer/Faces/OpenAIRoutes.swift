import BevGenieCore
import Foundation
import HTTPTypes
import Hummingbird

/// The OpenAI-compatible face (docs/FACES.md): `GET /v1/models` and `POST /v1/chat/completions`, streaming or not,
/// so the official OpenAI SDKs and the tools built on them talk to bevgenie unmodified.
///
/// A completion runs the whole pipeline for the conversation's last user message: the answer comes back as the
/// message content (content deltas when streaming, then `[DONE]`), and everything else the pipeline decided
/// (session, page, the stages' results) in the `bevgenie` extension field of the response or of the final chunk.
/// The conversation continues through `session_id` in the body (`extra_body` in the SDKs): the session keeps the
/// history, so earlier messages in `messages` are not replayed. Errors have OpenAI's shape and statuses, so the SDK
/// raises its typed exceptions; the token and the limits are `serve`'s.
struct OpenAIRoutes: Sendable {
    let services: ServerServices

    /// The one model this face serves: the whole pipeline.
    static let modelID = "bevgenie"

    func register(on router: Router<BevGenieRequestContext>) {
        let group = router.group("v1").add(middleware: OpenAIErrorMiddleware())
        if let token = services.configuration.token { group.add(middleware: OpenAITokenMiddleware(token: token)) }
        group.get("models") { _, _ in
            JSONResponse.make(.ok, .object([("object", "list"), ("data", .array([Self.model]))]))
        }
        group.get("models/:id") { _, context in
            guard context.parameters.get("id") == Self.modelID else { throw Self.unknownModel(context.parameters.get("id") ?? "") }
            return JSONResponse.make(.ok, Self.model)
        }
        group.post("chat/completions") { request, context in
            try await completion(request, context: context)
        }
    }

    static let model: JSONValue = .object([
        ("id", .string(modelID)), ("object", "model"), ("created", .int(1_735_689_600)), ("owned_by", "bevgenie"),
    ])

    func completion(_ request: Request, context: BevGenieRequestContext) async throws -> Response {
        let body = try await FaceStream.jsonBody(request, limit: services.configuration.maxBodyBytes)
        let parsed = try OpenAICompletionRequest(body)
        let identity = OpenAICompletionEncoder(
            id: "chatcmpl-" + RandomID.hex(24), created: Int(Date().timeIntervalSince1970), model: parsed.model)
        if parsed.stream {
            return try FaceStream.response(
                parsed.chat, encoder: identity, services: services, context: context, busy: busy)
        }
        let (outcome, events) = try await FaceStream.collect(parsed.chat, services: services, context: context, busy: busy)
        switch outcome {
        case .completed(let payload):
            return JSONResponse.make(.ok, identity.completion(payload, stages: OpenAICompletionEncoder.stageResults(events)))
        case .failed(let error):
            throw OpenAIError(error)
        case .cancelled:
            throw OpenAIError(.serviceUnavailable, code: "cancelled", "the request was cancelled")
        }
    }

    private func busy() -> any Error {
        APIError(
            .serviceUnavailable, code: "busy",
            "too many pipelines are running (\(services.limiter.limit)); retry shortly", headers: [.retryAfter: "1"])
    }

    static func unknownModel(_ name: String) -> OpenAIError {
        OpenAIError(.notFound, code: "model_not_found", "The model '\(name)' does not exist; this server has '\(modelID)'", param: "model")
    }
}

/// A Chat Completions request, checked: the message to run and whether to stream.
struct OpenAICompletionRequest {
    var model: String
    var stream: Bool
    var chat: ChatRequest

    init(_ body: JSONValue) throws(OpenAIError) {
        guard body.objectValue != nil else { throw Self.invalid("the body must be a JSON object", param: nil) }
        guard let model = body["model"]?.stringValue else { throw Self.invalid("'model' is required", param: "model") }
        guard model == OpenAIRoutes.modelID else { throw OpenAIRoutes.unknownModel(model) }
        self.model = model
        switch body["stream"] {
        case nil, .null?: stream = false
        case .bool(let value)?: stream = value
        default: throw Self.invalid("'stream' must be a boolean", param: "stream")
        }
        if let n = body["n"], n != .null, n.intValue != 1 {
            throw Self.invalid("only n=1 is supported: the pipeline gives one answer", param: "n")
        }
        guard let messages = body["messages"]?.arrayValue, !messages.isEmpty else {
            throw Self.invalid("'messages' must be a non-empty array", param: "messages")
        }
        guard let last = messages.last(where: { $0["role"]?.stringValue == "user" }) else {
            throw Self.invalid("'messages' has no message with role 'user'", param: "messages")
        }
        let text: String
        switch last["content"] {
        case .string(let value)?: text = value
        case .array(let parts)?:
            // Content parts: the text ones, in order (images and audio are not something the pipeline reads).
            text = parts.compactMap { $0["type"]?.stringValue == "text" ? $0["text"]?.stringValue : nil }.joined(separator: "\n")
        default: throw Self.invalid("the last user message has no text content", param: "messages")
        }
        let sessionId: String?
        switch body["session_id"] {
        case nil, .null?: sessionId = nil
        case .string(let id)?: sessionId = id
        default: throw Self.invalid("'session_id' must be a string", param: "session_id")
        }
        chat = ChatRequest(message: text, sessionId: sessionId)
        do {
            try chat.validate()
        } catch {
            let param = if case .invalidSessionID = error { "session_id" } else { "messages" }
            throw OpenAIError(.badRequest, code: error.code, error.message, param: param)
        }
    }

    static func invalid(_ message: String, param: String?) -> OpenAIError {
        OpenAIError(.badRequest, code: "invalid_request", message, param: param)
    }
}

/// Chat Completions objects for one request: the chunks of a stream, or the one completion.
struct OpenAICompletionEncoder: FaceEncoder {
    let id: String
    let created: Int
    let model: String
    /// The answer text sent so far (the final chunk sends whatever of `complete.message` is still missing).
    private var sent = ""
    private var stages: [JSONValue] = []

    init(id: String, created: Int, model: String) {
        self.id = id
        self.created = created
        self.model = model
    }

    mutating func opening() -> String {
        chunk(delta: .object([("role", "assistant"), ("content", "")]), finishReason: nil)
    }

    mutating func encode(_ event: PipelineEvent) -> String {
        switch event {
        case .delta(_, let text):
            sent += text
            return chunk(delta: .object([("content", .string(text))]), finishReason: nil)
        case .stage(let stage):
            if let result = Self.stageResult(stage) { stages.append(result) }
            return ""
        case .complete(let payload):
            var text = ""
            if payload.message != sent {
                let rest = payload.message.hasPrefix(sent) ? String(payload.message.dropFirst(sent.count)) : payload.message
                if !rest.isEmpty { text += chunk(delta: .object([("content", .string(rest))]), finishReason: nil) }
            }
            text += chunk(
                delta: .object([]), finishReason: Self.finishReason(payload),
                extensions: Self.extensionField(payload, stages: stages))
            return text + "data: [DONE]\n\n"
        case .error(let error):
            // OpenAI's streams report a failure after the headers as a data message with an `error` object (the SDK
            // raises it); no `[DONE]` follows.
            return FaceStream.sse(.object([("error", OpenAIError(error).body)]))
        default:  // sections, the page, page resets: the extension of the final chunk carries the page
            return ""
        }
    }

    private func chunk(delta: JSONValue, finishReason: String?, extensions: JSONValue? = nil) -> String {
        FaceStream.sse(.object([
            "id": .string(id), "object": "chat.completion.chunk", "created": .int(created), "model": .string(model),
            "system_fingerprint": .null,
            "choices": .array([.object([
                ("index", 0), ("delta", delta), ("logprobs", .null), ("finish_reason", .string(finishReason)),
            ])]),
            "bevgenie": extensions,  // only on the final chunk
        ]))
    }

    /// The non-streaming response.
    func completion(_ payload: CompletePayload, stages: [JSONValue]) -> JSONValue {
        .object([
            ("id", .string(id)), ("object", "chat.completion"), ("created", .int(created)), ("model", .string(model)),
            ("system_fingerprint", .null),
            ("choices", .array([.object([
                ("index", 0),
                ("message", .object([("role", "assistant"), ("content", .string(payload.message)), ("refusal", .null)])),
                ("logprobs", .null), ("finish_reason", .string(Self.finishReason(payload))),
            ])])),
            ("bevgenie", Self.extensionField(payload, stages: stages)),
        ])
    }

    static func stageResults(_ events: [PipelineEvent]) -> [JSONValue] {
        events.compactMap { if case .stage(let stage) = $0 { stageResult(stage) } else { nil } }
    }

    private static func stageResult(_ stage: StageEvent) -> JSONValue? {
        guard stage.status == .complete else { return nil }
        return .object([
            ("stageId", .string(stage.stage.rawValue)),
            ("durationMs", stage.durationMs.map { JSONValue.rounded($0, places: 3) } ?? .null),
            ("result", stage.result ?? .null),
        ])
    }

    /// OpenAI's finish reasons: `length` for an answer the model cut at its token limit, `content_filter` for one
    /// the provider stopped, `stop` otherwise (the extension's `truncated` says more).
    static func finishReason(_ payload: CompletePayload) -> String {
        switch payload.truncated {
        case "max_tokens"?: return "length"
        case "content_filter"?: return "content_filter"
        default: return "stop"
        }
    }

    /// The `bevgenie` field: what the pipeline decided besides the answer, with the names of the event contract.
    static func extensionField(_ payload: CompletePayload, stages: [JSONValue]) -> JSONValue {
        .object([
            "runId": .string(payload.runId),
            "session": payload.session,
            "page": payload.generatedPage ?? .null,
            "stages": .array(stages),
            "contractVersion": .int(EventContract.version),
            "fallbacks": payload.fallbacks.isEmpty ? nil : .array(payload.fallbacks),
            "cached": payload.cached ? true : nil,
            "truncated": payload.truncated.map { .string($0) },
        ])
    }
}
