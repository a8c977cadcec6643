import BevGenieCore
import Foundation
import MCP

/// bevgenie as a Model Context Protocol server (docs/FACES.md), for MCP hosts (Claude Desktop, IDEs, agents).
///
/// Tools: `search_knowledge` (the knowledge base, as `kb search`), `ask` (the whole pipeline: the answer, the
/// page and the session, with a progress notification per stage when the call carries a progress token),
/// `get_persona` (a session's persona) and `render_page` (a page spec to the HTML `page render` writes).
/// Resources: every knowledge document, `bevgenie://knowledge/{documentId}`, as Markdown.
/// A bad argument is a tool error (`isError: true` with the reason) the model can read and correct; only an
/// unknown tool or resource is a protocol error.
public struct BevGenieMCPServer: Sendable {
    public let store: any BevGenieStore
    public let pipeline: Pipeline
    public let embedder: any Embedder
    public let brand: Brand
    public let version: String

    public init(store: any BevGenieStore, pipeline: Pipeline, embedder: any Embedder, brand: Brand, version: String) {
        self.store = store
        self.pipeline = pipeline
        self.embedder = embedder
        self.brand = brand
        self.version = version
    }

    /// Serves over standard input and output until the client closes standard input.
    public func runOverStdio() async throws {
        let server = Server(
            name: "bevgenie", version: version, title: "BevGenie",
            instructions: """
                BevGenie answers questions about a sales-intelligence platform for the beverage-alcohol industry \
                and builds a landing page for each. Use `ask` for a visitor's question (pass the returned \
                session id back to continue a conversation), `search_knowledge` to look facts up, `get_persona` \
                for what a session has revealed, `render_page` to turn a page into HTML.
                """,
            capabilities: .init(resources: .init(subscribe: false, listChanged: false), tools: .init(listChanged: false)))
        let tools = MCPTools(server: self)
        await server.withMethodHandler(ListTools.self) { _ in .init(tools: MCPTools.definitions) }
        await server.withMethodHandler(CallTool.self) { [server] params in
            try await tools.call(params, notify: { try await server.notify($0) })
        }
        await server.withMethodHandler(ListResources.self) { _ in
            .init(resources: try await tools.resources(), nextCursor: nil)
        }
        await server.withMethodHandler(ReadResource.self) { params in
            .init(contents: [try await tools.read(uri: params.uri)])
        }
        try await server.start(transport: StdioTransport())
        await server.waitUntilCompleted()
        await server.stop()
    }
}
