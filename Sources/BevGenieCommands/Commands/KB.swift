import ArgumentParser
import BevGenieCore
import Foundation

extension BevGenieCLI {
    struct KB: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "kb",
            abstract: "Manage the knowledge base: import, search, list, show, remove, stats, restore-starter.",
            discussion: """
                Examples:
                  bevgenie kb import docs/ faq.jsonl products.csv
                  bevgenie kb search "label approval" --mode keyword
                  bevgenie kb list --source docs/
                  bevgenie kb rm --source docs/old/
                """,
            subcommands: [Import.self, Search.self, Reembed.self, List.self, Show.self, Remove.self, Stats.self, RestoreStarter.self])
    }
}

/// `--embedder` and `--model-dir`, shared by the commands that embed text.
struct EmbedderOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "builtin (offline hashing), minilm (all-MiniLM-L6-v2 in process; scripts/bootstrap installs it) or "
                + "openai:MODEL (OPENAI_API_KEY, OPENAI_BASE_URL); default: the model the knowledge base's vectors "
                + "were made with.", valueName: "embedder"))
    var embedder: String?

    @Option(help: ArgumentHelp(
        "The minilm model's directory (default: $BEVGENIE_MODEL_DIR, else ~/.local/share/bevgenie/models/all-MiniLM-L6-v2).",
        valueName: "path"))
    var modelDir: String?

    /// The environment of `database` with this embedder.
    func environment(_ database: DatabaseOptions) async throws -> BevGenieEnvironment {
        var options = database.environmentOptions
        options.embedder = embedder
        options.modelDirectory = modelDir
        return try await BevGenieEnvironment.open(options)
    }
}

/// `--format text|ndjson`, for the kb commands.
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case text, ndjson, json
}
