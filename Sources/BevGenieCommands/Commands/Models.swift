import ArgumentParser
import BevGenieCore

extension BevGenieCLI {
    struct Models: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show which model providers are configured and which model each stage would use.",
            discussion: """
                Keys and base URLs come from OPENAI_API_KEY, OPENAI_BASE_URL (with /v1; e.g. Ollama's \
                http://localhost:11434/v1), ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL, or from \
                $XDG_CONFIG_HOME/bevgenie/config.json:
                  {"openai": {"apiKey": "...", "baseURL": "..."}, "anthropic": {"apiKey": "..."},
                   "models": {"response": "openai:gpt-4o", "page": "anthropic:claude-sonnet-4-5", "intent": "local"}}
                Keys are never printed.

                Embedding: the sentence-embedding model all-MiniLM-L6-v2, run in process, is looked for in \
                --model-dir, $BEVGENIE_MODEL_DIR, the config file's {"embedding": {"modelDir": "..."}}, then \
                $XDG_DATA_HOME/bevgenie/models/all-MiniLM-L6-v2 (~/.local/share/...); scripts/bootstrap installs it \
                there. Without it the built-in hashing embedder is used.

                Examples:
                  bevgenie models
                  bevgenie models --model-dir /opt/models/all-MiniLM-L6-v2
                """)

        @OptionGroup var models: ModelOptions

        @Option(help: ArgumentHelp("The embedding model's directory (default: as described above).", valueName: "path"))
        var modelDir: String?

        func run() throws {
            let catalog: ModelCatalog
            do {
                catalog = try ModelCatalog()
            } catch {
                throw CommandFailure(error.description)
            }
            let choices = ModelChoices.resolve(
                catalog: catalog, intent: models.intentModel, response: models.responseModel, page: models.pageModel,
                fallbackToLocal: models.fallback == .local)
            let out = Terminal.standardOutput
            out.write("Providers\n")
            out.write("  local      built in, offline — always available\n")
            out.write("  openai     key \(catalog.openAI.apiKey == nil ? "not set" : "set"), base URL \(catalog.openAI.baseURL)\n")
            out.write("  anthropic  key \(catalog.anthropic.apiKey == nil ? "not set" : "set"), base URL \(catalog.anthropic.baseURL)\n")
            out.write("  config     \(catalog.configPath)\(catalog.configLoaded ? "" : " (not present)")\n\n")
            out.write("Stages\n")
            for (stage, choice) in [("intent", choices.intent), ("response", choices.response), ("page", choices.page)] {
                var status = ""
                do {
                    _ = try catalog.model(choice)
                } catch {
                    status = "  — unusable: \(error.description)"
                }
                out.write("  \(stage.padding(toLength: 9, withPad: " ", startingAt: 0)) \(choice)\(status)\n")
            }
            out.write("  fallback  \(choices.fallbackToLocal ? "local" : "none")\n")
            writeEmbeddingSection(to: out)
        }
    }
}
