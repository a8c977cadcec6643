/// What a Chat Completions request may carry for a given OpenAI model.
///
/// OpenAI's reasoning models — the o-series (`o1`, `o3`, `o4-mini`, …) and the `gpt-5` family — reject
/// `max_tokens` ("Use 'max_completion_tokens' instead") and any `temperature` but the default, answering 400
/// `unsupported_parameter` / `unsupported_value`. Their `max_completion_tokens` also counts the hidden reasoning
/// tokens, so a limit meant for visible text gets headroom. The first of them (`o1-mini`, `o1-preview`) take no
/// system message and no `response_format` either. `gpt-5-chat-latest` is a chat model, not a reasoning one. Any
/// other name (gpt-4o, or whatever an OpenAI-compatible server such as llama.cpp or Ollama serves) keeps the
/// classic shape those servers understand.
public enum OpenAIModelFamily: Sendable, Equatable {
    /// gpt-4o, gpt-4.1, gpt-3.5, local servers: `max_tokens`, `temperature`, `response_format`.
    case chat
    /// o1, o3, o3-mini, o4-mini, gpt-5, gpt-5-mini, …: `max_completion_tokens`, no `temperature`.
    case reasoning
    /// o1-mini, o1-preview: as `reasoning`, and the system prompt goes in the first user message, without
    /// `response_format`.
    case earlyReasoning

    public init(model: String) {
        let name = model.lowercased().split(separator: "/").last.map(String.init) ?? ""
        if name.hasPrefix("o1-mini") || name.hasPrefix("o1-preview") {
            self = .earlyReasoning
        } else if name.hasPrefix("gpt-5") {
            self = name.contains("-chat") ? .chat : .reasoning
        } else if let first = name.first, first == "o", name.dropFirst().first?.isNumber == true {
            self = .reasoning  // o1, o3, o3-mini, o3-pro, o4-mini, and later o-series names
        } else {
            self = .chat
        }
    }

    /// Tokens added to a reasoning model's `max_completion_tokens` for its hidden reasoning.
    public static let reasoningHeadroom = 4_096

    /// The request body for this family.
    func body(model: String, request: ModelRequest) -> JSONValue {
        var messages: [JSONValue] = []
        var conversation = request.messages
        if self == .earlyReasoning {
            // No system role: the instructions open the first user turn.
            if let first = conversation.first, first.role == .user {
                conversation[0].content = request.system + "\n\n" + first.content
            } else {
                conversation.insert(ModelMessage(role: .user, content: request.system), at: 0)
            }
        } else {
            messages.append(.object([("role", "system"), ("content", .string(request.system))]))
        }
        for message in conversation {
            messages.append(.object([("role", .string(message.role.rawValue)), ("content", .string(message.content))]))
        }
        var fields: [(String, JSONValue)] = [
            ("model", .string(model)), ("messages", .array(messages)), ("stream", true),
            ("stream_options", .object([("include_usage", true)])),
        ]
        switch self {
        case .chat:
            fields.append(("max_tokens", .int(request.maxTokens)))
            fields.append(("temperature", .number(request.temperature)))
            if request.json { fields.append(("response_format", .object([("type", "json_object")]))) }
        case .reasoning:
            fields.append(("max_completion_tokens", .int(request.maxTokens + Self.reasoningHeadroom)))
            if request.json { fields.append(("response_format", .object([("type", "json_object")]))) }
        case .earlyReasoning:
            fields.append(("max_completion_tokens", .int(request.maxTokens + Self.reasoningHeadroom)))
        }
        return .object(fields)
    }
}
