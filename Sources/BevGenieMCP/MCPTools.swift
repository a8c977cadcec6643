import BevGenieCore
import Foundation
import MCP

/// The MCP tools and resources, over one store and pipeline. Each tool checks its arguments and answers a bad one
/// with a tool error saying what to send instead.
struct MCPTools: Sendable {
    let server: BevGenieMCPServer

    static let resourcePrefix = "bevgenie://knowledge/"

    static let definitions: [Tool] = [
        Tool(
            name: "search_knowledge",
            description: "Search the BevGenie knowledge base (hybrid keyword + vector search) and return the best passages with their document and chunk ids.",
            inputSchema: .object([
                "type": "object",
                "properties": .object([
                    "query": .object(["type": "string", "description": "What to look for, in plain words."]),
                    "limit": .object(["type": "integer", "minimum": 1, "maximum": 50, "description": "How many passages (default 5)."]),
                    "mode": .object(["type": "string", "enum": ["hybrid", "keyword", "vector"], "description": "Ranking (default hybrid)."]),
                ]),
                "required": ["query"],
            ]),
            annotations: .init(readOnlyHint: true, openWorldHint: false)),
        Tool(
            name: "ask",
            description: "Run a visitor's question through BevGenie's five-stage pipeline: returns the answer, the landing page built for it and the session (pass sessionId back to continue the conversation). Sends a progress notification per stage when the call has a progress token.",
            inputSchema: .object([
                "type": "object",
                "properties": .object([
                    "message": .object(["type": "string", "description": "The visitor's question."]),
                    "sessionId": .object(["type": "string", "description": "The session to continue (from an earlier ask); omit for a new one."]),
                ]),
                "required": ["message"],
            ]),
            annotations: .init(readOnlyHint: false, destructiveHint: false, openWorldHint: false)),
        Tool(
            name: "get_persona",
            description: "The persona a session has revealed so far: the visitor's role and pain-point scores, with the signals behind them.",
            inputSchema: .object([
                "type": "object",
                "properties": .object(["sessionId": .object(["type": "string", "description": "The session id (from ask)."])]),
                "required": ["sessionId"],
            ]),
            annotations: .init(readOnlyHint: true, openWorldHint: false)),
        Tool(
            name: "render_page",
            description: "Render a BevGenie page spec (ask's generatedPage) to a standalone HTML document, validated first.",
            inputSchema: .object([
                "type": "object",
                "properties": .object(["page": .object(["type": "object", "description": "The page spec, as ask returned it in generatedPage."])]),
                "required": ["page"],
            ]),
            annotations: .init(readOnlyHint: true, openWorldHint: false)),
    ]

    /// Why a call's arguments cannot be used: answered as a tool error.
    struct ArgumentError: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    func call(
        _ params: CallTool.Parameters, notify: @escaping @Sendable (Message<ProgressNotification>) async throws -> Void
    ) async throws -> CallTool.Result {
        let arguments = params.arguments ?? [:]
        do {
            switch params.name {
            case "search_knowledge": return try await search(arguments)
            case "ask": return try await ask(arguments, progressToken: params._meta?.progressToken, notify: notify)
            case "get_persona": return try await persona(arguments)
            case "render_page": return try render(arguments)
            default: throw MCPError.invalidParams("unknown tool '\(params.name)'; the tools are \(Self.definitions.map(\.name).joined(separator: ", "))")
            }
        } catch let error as ArgumentError {
            return Self.toolError(error.message)
        } catch let error as any ReportableError {
            return Self.toolError("\(error.message) (\(error.code))")
        }
    }

    private func search(_ arguments: [String: Value]) async throws -> CallTool.Result {
        let text = try Self.string(arguments, "query")
        guard !text.allSatisfy(\.isWhitespace) else { throw ArgumentError("'query' is empty: say what to look for") }
        guard text.count <= ChatRequest.maxMessageLength else {
            throw ArgumentError("'query' is longer than \(ChatRequest.maxMessageLength) characters")
        }
        let limit = try Self.integer(arguments, "limit", default: 5, range: 1...50)
        let modeName = try Self.optionalString(arguments, "mode") ?? "hybrid"
        guard let mode = SearchMode(rawValue: modeName) else { throw ArgumentError("'mode' is hybrid, keyword or vector, not '\(modeName)'") }
        var query = KnowledgeQuery(text: text, mode: mode, limit: limit)
        if mode != .keyword {
            query.vector = try await server.embedder.embed(text)
            query.model = server.embedder.model
        }
        let hits = try await server.store.search(query)
        let lines = hits.enumerated().map { index, hit in
            let heading = hit.chunk.headings.last.map { " — \($0)" } ?? ""
            let passage = (hit.snippet ?? String(hit.chunk.text.prefix(300))).replacingOccurrences(of: "\n", with: " ")
            return "\(index + 1). \(hit.chunk.documentTitle)\(heading) [\(hit.chunk.id)]\n   \(passage)"
        }
        let text_ = hits.isEmpty ? "No passage matches '\(text)'." : lines.joined(separator: "\n")
        return .init(
            content: [.text(text: text_, annotations: nil, _meta: nil)],
            structuredContent: .object(["results": .array(hits.map { Value(json: $0.json) })]), isError: false)
    }

    private func ask(
        _ arguments: [String: Value], progressToken: ProgressToken?,
        notify: @escaping @Sendable (Message<ProgressNotification>) async throws -> Void
    ) async throws -> CallTool.Result {
        let message = try Self.string(arguments, "message")
        let sessionId = try Self.optionalString(arguments, "sessionId")
        let request = ChatRequest(message: message, sessionId: sessionId)
        do {
            try request.validate()
        } catch {
            throw ArgumentError(error.message)
        }
        let outcome = await server.pipeline.run(request) { event in
            guard let progressToken, case .stage(let stage) = event else { return }
            let status = stage.status == .active ? stage.stage.stageName : "\(stage.stage.rawValue) done"
            try? await notify(ProgressNotification.message(
                .init(progressToken: progressToken, progress: Double(stage.progress), total: 100, message: status)))
        }
        switch outcome {
        case .completed(let payload):
            var content: [Tool.Content] = [.text(text: payload.message, annotations: nil, _meta: nil)]
            if let page = payload.generatedPage, let title = page["title"]?.stringValue {
                content.append(.text(
                    text: "Page: \(page["type"]?.stringValue ?? "page") “\(title)” (\(page["sections"]?.arrayValue?.count ?? 0) sections); session \(payload.session["id"]?.stringValue ?? "")",
                    annotations: nil, _meta: nil))
            }
            let structured: Value? = Value(json: payload.json)  // typed, or the SDK's throwing generic init is chosen
            return .init(content: content, structuredContent: structured, isError: false)
        case .failed(let error):
            return Self.toolError("\(error.error) (\(error.code))")
        case .cancelled:
            throw CancellationError()
        }
    }

    private func persona(_ arguments: [String: Value]) async throws -> CallTool.Result {
        let id = try Self.string(arguments, "sessionId")
        guard RandomID.isValidSessionID(id) else { throw ArgumentError("'sessionId' is not a session id: use the id ask returned") }
        guard let session = try await server.store.session(id: id) else { throw ArgumentError("no session with id '\(id)'") }
        let persona = session.persona.json
        let signals = session.json["signals"] ?? .array([])
        let body = JSONValue.object([("sessionId", .string(id)), ("persona", persona), ("signals", signals)])
        let structured: Value? = Value(json: body)
        return .init(
            content: [.text(text: body.serialized(), annotations: nil, _meta: nil)], structuredContent: structured,
            isError: false)
    }

    private func render(_ arguments: [String: Value]) throws -> CallTool.Result {
        guard let value = arguments["page"] else { throw ArgumentError("'page' is required: pass ask's generatedPage") }
        guard case .object = value else { throw ArgumentError("'page' must be an object (a page spec), not \(value.json.typeName)") }
        let page: PageSpec
        do {
            page = try PageSpec(json: value.json)
        } catch {
            throw ArgumentError("the page is not valid: \(error.description)")
        }
        let html = PageRenderer.html(page, brand: server.brand)
        return .init(content: [.text(text: html, annotations: nil, _meta: nil)], isError: false)
    }

    func resources() async throws -> [Resource] {
        try await server.store.documents(sourcePrefix: nil).map { document in
            Resource(
                name: document.title, uri: Self.resourcePrefix + Self.encode(document.id),
                description: "\(document.kind.rawValue), \(document.chunks) chunk\(document.chunks == 1 ? "" : "s")",
                mimeType: "text/markdown")
        }
    }

    func read(uri: String) async throws -> Resource.Content {
        guard uri.hasPrefix(Self.resourcePrefix), let id = String(uri.dropFirst(Self.resourcePrefix.count)).removingPercentEncoding,
            !id.isEmpty
        else { throw MCPError.invalidParams("unknown resource '\(uri)'; knowledge documents are \(Self.resourcePrefix){documentId}") }
        let chunks = try await server.store.documentChunks(id: id)
        guard let first = chunks.first else { throw MCPError.invalidParams("no knowledge document with id '\(id)'") }
        let text = "# \(first.documentTitle)\n\n" + chunks.map(\.text).joined(separator: "\n\n")
        return .text(text, uri: uri, mimeType: "text/markdown")
    }

    // MARK: - Arguments

    static func toolError(_ message: String) -> CallTool.Result {
        .init(content: [.text(text: message, annotations: nil, _meta: nil)], isError: true)
    }

    static func string(_ arguments: [String: Value], _ name: String) throws -> String {
        guard let value = arguments[name] else { throw ArgumentError("'\(name)' is required") }
        guard let text = value.stringValue else { throw ArgumentError("'\(name)' must be a string, not \(value.json.typeName)") }
        return text
    }

    static func optionalString(_ arguments: [String: Value], _ name: String) throws -> String? {
        guard let value = arguments[name], value != .null else { return nil }
        guard let text = value.stringValue else { throw ArgumentError("'\(name)' must be a string, not \(value.json.typeName)") }
        return text
    }

    static func integer(_ arguments: [String: Value], _ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let value = arguments[name], value != .null else { return fallback }
        let number: Int? = switch value {
        case .int(let n): n
        case .double(let d) where d.rounded() == d && abs(d) < 1e15: Int(d)
        default: nil
        }
        guard let number, range.contains(number) else {
            throw ArgumentError("'\(name)' must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    static func encode(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? id
    }
}
