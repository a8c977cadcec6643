import Foundation

/// How long a provider's transfers may take, per provider: `--timeout openai.idle=90`, the environment
/// (`BEVGENIE_OPENAI_IDLE_TIMEOUT=90`) or the config file (`"openai": {"timeouts": {"idle": 90}}`), in that order.
///
/// A CPU-served model may need minutes for a page; a hosted one that sends nothing for 30 s has stalled. The
/// defaults suit hosted APIs; a local server usually wants a longer `total`.
public struct ProviderTimeouts: Sendable, Equatable {
    public var connect: Duration = .seconds(10)
    public var idle: Duration = .seconds(30)
    public var total: Duration = .seconds(120)

    public init() {}

    public subscript(kind: HTTPTimeout) -> Duration {
        get {
            switch kind {
            case .connect: return connect
            case .idle: return idle
            case .total: return total
            }
        }
        set {
            switch kind {
            case .connect: connect = newValue
            case .idle: idle = newValue
            case .total: total = newValue
            }
        }
    }
}

/// How long retries may keep a visitor waiting: a retry whose wait (the provider's `retry-after`, or the
/// backoff) would end after the stage's or the run's budget is not made; the stage then falls back at once
/// (`--fallback local`) or fails with a retryable error that carries the wait.
///
/// Set with `--wait-budget stage=20 --wait-budget run=60`, `BEVGENIE_STAGE_WAIT_BUDGET` /
/// `BEVGENIE_RUN_WAIT_BUDGET`, or the config file's `"waitBudget": {"stage": 20, "run": 60}` (seconds).
public struct WaitBudget: Sendable, Equatable {
    /// From the start of the stage.
    public var stage: Duration = .seconds(20)
    /// From the start of the run.
    public var run: Duration = .seconds(60)

    public init() {}

    /// The deadline for the end of any retry wait, from when the stage and the run started.
    func deadline(_ window: RetryWindow) -> ContinuousClock.Instant {
        min(window.stageStart + stage, window.runStart + run)
    }
}

/// When the current run and stage started, for the wait budget. The pipeline sets it around each stage
/// (`Pipeline.stage`); a model used on its own counts from the call.
public struct RetryWindow: Sendable {
    public var runStart: ContinuousClock.Instant
    public var stageStart: ContinuousClock.Instant

    public init(runStart: ContinuousClock.Instant, stageStart: ContinuousClock.Instant) {
        self.runStart = runStart
        self.stageStart = stageStart
    }

    @TaskLocal public static var current: RetryWindow?
}

/// Every model limit as configured: each provider's timeouts and the wait budget.
public struct ModelLimits: Sendable, Equatable {
    public var openAI = ProviderTimeouts()
    public var anthropic = ProviderTimeouts()
    public var waitBudget = WaitBudget()

    public init() {}

    /// A `--timeout` or `--wait-budget` value that cannot be used.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public var setting: String
        public var reason: String
        public var description: String { "\(setting): \(reason)" }
    }

    /// Settings from the command line, overriding the environment and the config file.
    public struct Overrides: Sendable, Equatable {
        /// `--timeout [PROVIDER.]KIND=SECONDS`: `idle=90` (every provider), `anthropic.total=300`.
        public var timeouts: [String] = []
        /// `--wait-budget stage=SECONDS` / `run=SECONDS`.
        public var waitBudget: [String] = []

        public init(timeouts: [String] = [], waitBudget: [String] = []) {
            self.timeouts = timeouts
            self.waitBudget = waitBudget
        }
    }

    static let providers = ["openai", "anthropic"]

    /// The limits from the config file, then the environment, then the command line (each over the one before).
    public static func resolve(config: JSONValue, environment: [String: String], overrides: Overrides) throws(Failure)
        -> ModelLimits
    {
        var limits = ModelLimits()
        // The config file: "openai": {"timeouts": {...}}, "waitBudget": {...}.
        for provider in providers {
            for kind in HTTPTimeout.allCases {
                if let value = config[provider]?["timeouts"]?[kind.rawValue] {
                    try limits.setTimeout(provider, kind, seconds(value, "\(provider).timeouts.\(kind.rawValue)"))
                }
            }
        }
        for key in ["stage", "run"] {
            if let value = config["waitBudget"]?[key] {
                try limits.setBudget(key, seconds(value, "waitBudget.\(key)"))
            }
        }
        // The environment.
        for provider in providers {
            for kind in HTTPTimeout.allCases {
                let variable = "BEVGENIE_\(provider.uppercased())_\(kind.rawValue.uppercased())_TIMEOUT"
                if let text = environment[variable], !text.isEmpty {
                    try limits.setTimeout(provider, kind, seconds(text, variable))
                }
            }
        }
        for key in ["stage", "run"] {
            let variable = "BEVGENIE_\(key.uppercased())_WAIT_BUDGET"
            if let text = environment[variable], !text.isEmpty { try limits.setBudget(key, seconds(text, variable)) }
        }
        // The command line.
        for setting in overrides.timeouts {
            let (name, value) = try pair(setting, flag: "--timeout")
            let parts = name.split(separator: ".").map(String.init)
            let kindName = parts.last ?? ""
            guard let kind = HTTPTimeout(rawValue: kindName), parts.count <= 2 else {
                throw Failure(setting: "--timeout \(setting)", reason: "expected [openai.|anthropic.]connect|idle|total=SECONDS")
            }
            let targets = parts.count == 2 ? [parts[0]] : providers
            for provider in targets {
                guard providers.contains(provider) else {
                    throw Failure(setting: "--timeout \(setting)", reason: "unknown provider '\(provider)': use openai or anthropic")
                }
                try limits.setTimeout(provider, kind, seconds(value, "--timeout \(setting)"))
            }
        }
        for setting in overrides.waitBudget {
            let (name, value) = try pair(setting, flag: "--wait-budget")
            guard name == "stage" || name == "run" else {
                throw Failure(setting: "--wait-budget \(setting)", reason: "expected stage=SECONDS or run=SECONDS")
            }
            try limits.setBudget(name, seconds(value, "--wait-budget \(setting)"))
        }
        return limits
    }

    /// The timeouts of one provider by its catalogue name.
    public func timeouts(for provider: String) -> ProviderTimeouts {
        provider == "anthropic" ? anthropic : openAI
    }

    private mutating func setTimeout(_ provider: String, _ kind: HTTPTimeout, _ value: Duration) throws(Failure) {
        guard value > .zero else {
            throw Failure(setting: "\(provider) \(kind.rawValue) timeout", reason: "must be more than 0 seconds")
        }
        if provider == "anthropic" { anthropic[kind] = value } else { openAI[kind] = value }
    }

    private mutating func setBudget(_ key: String, _ value: Duration) throws(Failure) {
        if key == "stage" { waitBudget.stage = value } else { waitBudget.run = value }
    }

    private static func pair(_ setting: String, flag: String) throws(Failure) -> (String, String) {
        let parts = setting.split(separator: "=", maxSplits: 1).map { $0.trimmed() }
        guard parts.count == 2, !parts[0].isEmpty else {
            throw Failure(setting: "\(flag) \(setting)", reason: "expected NAME=SECONDS")
        }
        return (parts[0].lowercased(), parts[1])
    }

    private static func seconds(_ value: JSONValue, _ setting: String) throws(Failure) -> Duration {
        if let number = value.doubleValue { return try seconds(number, setting) }
        if let text = value.stringValue { return try seconds(text, setting) }
        throw Failure(setting: setting, reason: "expected a number of seconds")
    }

    private static func seconds(_ text: String, _ setting: String) throws(Failure) -> Duration {
        var text = text.trimmed().lowercased()
        if text.hasSuffix("s") { text.removeLast() }
        guard let number = Double(text) else {
            throw Failure(setting: setting, reason: "'\(text)' is not a number of seconds")
        }
        return try seconds(number, setting)
    }

    private static func seconds(_ number: Double, _ setting: String) throws(Failure) -> Duration {
        guard number.isFinite, number >= 0, number <= 86_400 else {
            throw Failure(setting: setting, reason: "expected 0 to 86400 seconds")
        }
        return .milliseconds(Int((number * 1000).rounded()))
    }
}
