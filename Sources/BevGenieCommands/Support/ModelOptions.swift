import ArgumentParser
import BevGenieCore

/// `--intent-model`, `--response-model`, `--page-model`, `--fallback`: shared by `ask` and `serve`.
struct ModelOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Stage 1: local or a model (openai:MODEL, anthropic:MODEL).", valueName: "model"))
    var intentModel: String?

    @Option(help: ArgumentHelp(
        "Stage 4: local or a model (default: openai:gpt-4o when OPENAI_API_KEY is set, else local).", valueName: "model"))
    var responseModel: String?

    @Option(help: ArgumentHelp(
        "Stage 5: local or a model (default: anthropic:claude-sonnet-4-5 when ANTHROPIC_API_KEY is set, else local).",
        valueName: "model"))
    var pageModel: String?

    @Option(help: ArgumentHelp("When a model fails, finish the stage with this provider (local) or fail (none).",
                               valueName: "provider"))
    var fallback: Fallback = .none

    enum Fallback: String, ExpressibleByArgument, CaseIterable { case none, local }

    /// The pipeline these options describe over `store`.
    func pipeline(store: SQLiteStore, embedder: any Embedder) throws -> Pipeline {
        do {
            let catalog = try ModelCatalog()
            let choices = ModelChoices.resolve(
                catalog: catalog, intent: intentModel, response: responseModel, page: pageModel,
                fallbackToLocal: fallback == .local)
            return try Pipeline.configured(store: store, embedder: embedder, catalog: catalog, choices: choices)
        } catch {
            throw CommandFailure(error.description)
        }
    }
}
