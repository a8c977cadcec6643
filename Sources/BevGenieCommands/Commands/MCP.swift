import ArgumentParser
import BevGenieCore
import BevGenieMCP
import Foundation

extension BevGenieCLI {
    struct MCP: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mcp",
            abstract: "Serve the pipeline to MCP hosts over stdio (Model Context Protocol).",
            discussion: """
                Speaks MCP (JSON-RPC, one message per line) on stdin and stdout until stdin closes; warnings go \
                to stderr. An MCP host starts it as a subprocess.

                Tools:
                  search_knowledge  {"query", "limit"?, "mode"?}   passages from the knowledge base
                  ask               {"message", "sessionId"?}      answer + page + session, progress per stage
                  get_persona       {"sessionId"}                  a session's role, pain points and signals
                  render_page       {"page"}                       a page spec (ask's generatedPage) as HTML
                Resources: every knowledge document, as bevgenie://knowledge/{documentId} (Markdown).
                A bad argument is a tool error (isError) that says what to send instead.

                Examples:
                  bevgenie mcp
                  bevgenie mcp --db ./demo.db --response-model openai:gpt-4o-mini
                  A host's configuration (Claude Desktop, an IDE):
                    {"mcpServers": {"bevgenie": {"command": "bevgenie", "args": ["mcp"]}}}
                """)

        @OptionGroup var models: ModelOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            var options = database.environmentOptions
            models.apply(to: &options)
            let environment = try await BevGenieEnvironment.open(options)
            if let warning = environment.embedderWarning { Terminal.standardError.write("bevgenie: warning: \(warning)\n") }
            let server = BevGenieMCPServer(
                store: environment.store, pipeline: try environment.pipeline(), embedder: environment.embedder,
                brand: try ConfiguredBrand.load(), version: BevGenieVersion.string)
            do {
                try await server.runOverStdio()
            } catch {
                throw CommandFailure("the MCP server stopped: \(error)")
            }
        }
    }
}
