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

    /// Adds these choices to the options of an environment.
    func apply(to options: inout BevGenieEnvironment.EnvironmentOptions) {
        options.intentModel = intentModel
        options.responseModel = responseModel
        options.pageModel = pageModel
        options.fallbackToLocal = fallback == .local
    }
}
