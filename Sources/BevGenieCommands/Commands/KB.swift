import ArgumentParser
import BevGenieCore
import Foundation

extension BevGenieCLI {
    struct KB: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "kb",
            abstract: "Manage the knowledge base: import, search, list, show, remove, stats.",
            discussion: """
                Examples:
                  bevgenie kb import docs/ faq.jsonl products.csv
                  bevgenie kb search "label approval" --mode keyword
                  bevgenie kb list --source docs/
                  bevgenie kb rm --source docs/old/
                """,
            subcommands: [Import.self, Search.self, List.self, Show.self, Remove.self, Stats.self])
    }
}

/// `--embedder` and `--model-dir`, shared by the commands that embed text.
struct EmbedderOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "builtin (offline, the default), minilm (all-MiniLM-L6-v2 in process; scripts/bootstrap installs it) or "
                + "openai:MODEL (OPENAI_API_KEY, OPENAI_BASE_URL).", valueName: "embedder"))
    var embedder: String = "builtin"

    @Option(help: ArgumentHelp(
        "The minilm model's directory (default: $BEVGENIE_MODEL_DIR, else ~/.local/share/bevgenie/models/all-MiniLM-L6-v2).",
        valueName: "path"))
    var modelDir: String?

    func make() throws -> any Embedder {
        try EmbedderFactory.make(embedder, modelDirectory: modelDir)
    }
}

/// `--format text|ndjson`, for the kb commands.
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case text, ndjson, json
}
