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

    @Option(help: ArgumentHelp(
        "A provider's time limit, repeatable: idle=90 (every provider), anthropic.total=300, openai.connect=5 "
            + "(seconds; defaults connect 10, idle 30, total 120; also BEVGENIE_OPENAI_IDLE_TIMEOUT=90 or the "
            + "config file's \"openai\": {\"timeouts\": {\"idle\": 90}}).",
        valueName: "[provider.]limit=seconds"))
    var timeout: [String] = []

    @Option(help: ArgumentHelp(
        "How long model retries may keep a visitor waiting, repeatable: stage=20 run=60 (the defaults). A "
            + "provider asking to wait longer than is left falls back (--fallback local) or fails at once "
            + "(also BEVGENIE_STAGE_WAIT_BUDGET, BEVGENIE_RUN_WAIT_BUDGET, config \"waitBudget\").",
        valueName: "stage|run=seconds"))
    var waitBudget: [String] = []

    enum Fallback: String, ExpressibleByArgument, CaseIterable { case none, local }

    /// Adds these choices to the options of an environment.
    func apply(to options: inout BevGenieEnvironment.EnvironmentOptions) {
        options.intentModel = intentModel
        options.responseModel = responseModel
        options.pageModel = pageModel
        options.fallbackToLocal = fallback == .local
        options.limits = ModelLimits.Overrides(timeouts: timeout, waitBudget: waitBudget)
    }
}
