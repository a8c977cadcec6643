import Foundation

/// Which models are configured, and how to reach them: keys and base URLs from the environment
/// (`OPENAI_API_KEY`, `OPENAI_BASE_URL`, `ANTHROPIC_API_KEY`, `ANTHROPIC_BASE_URL`) or from
/// `$XDG_CONFIG_HOME/bevgenie/config.json`, the environment winning. Keys are only ever sent to their provider:
/// never printed, logged or stored.
public struct ModelCatalog: Sendable {
    public struct Provider: Sendable {
        public var apiKey: String?
        public var baseURL: String
    }

    public var openAI: Provider
    public var anthropic: Provider
    /// Model choices from the config file's `models` object (`response`, `page`, `intent`).
    public var configuredModels: [String: String]
    /// Where the config file is looked for, and whether it was read.
    public var configPath: String
    public var configLoaded: Bool
    /// The config file's `brand` object over BevGenie's defaults.
    public var brand: Brand
    /// The config file's `knowledge.keepStarter`.
    public var keepStarter: Bool
    /// Each provider's timeouts and the retry wait budget (`ModelLimits`): flags over environment over file.
    public var limits: ModelLimits

    public static let defaultResponseModel = "openai:gpt-4o"
    public static let defaultPageModel = "anthropic:claude-sonnet-4-5"

    public enum Failure: ReportableError, CustomStringConvertible, Equatable {
        /// The name is not `local`, `openai:MODEL` or `anthropic:MODEL`.
        case unknownModel(String)
        /// The provider needs a key that is not configured.
        case missingKey(provider: String, variable: String)
        /// The config file is not valid JSON.
        case invalidConfig(path: String, reason: String)
        /// A timeout or wait budget (flag, environment or config file) that cannot be used.
        case invalidLimit(String)

        public var description: String {
            switch self {
            case .unknownModel(let name): return "unknown model '\(name)': use local, openai:MODEL or anthropic:MODEL"
            case .missingKey(let provider, let variable):
                return "\(provider) needs an API key: set \(variable) or add it to the config file"
            case .invalidConfig(let path, let reason): return "cannot read \(path): \(reason)"
            case .invalidLimit(let reason): return "invalid limit \(reason)"
            }
        }

        /// A configuration problem: the same request fails until the configuration changes.
        public var category: ErrorCategory { .badRequest }
        public var code: String {
            switch self {
            case .unknownModel: return "unknown_model"
            case .missingKey: return "missing_api_key"
            case .invalidConfig: return "invalid_config"
            case .invalidLimit: return "invalid_limit"
            }
        }
        public var message: String { description }
    }

    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        limits overrides: ModelLimits.Overrides = ModelLimits.Overrides()
    ) throws(Failure) {
        let config: ConfigFile
        do {
            config = try ConfigFile.load(environment: environment)
        } catch {
            throw .invalidConfig(path: error.path, reason: error.reason)
        }
        configPath = config.path
        configLoaded = config.loaded
        let file = config.json
        do {
            brand = try config.brand()
        } catch {
            throw .invalidConfig(path: config.path, reason: error.description)
        }
        keepStarter = config.keepStarter
        do {
            limits = try ModelLimits.resolve(config: config.json, environment: environment, overrides: overrides)
        } catch {
            throw .invalidLimit(error.description)
        }
        func value(_ variable: String, _ section: String, _ key: String) -> String? {
            if let env = environment[variable], !env.isEmpty { return env }
            return file[section]?[key]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        }
        openAI = Provider(
            apiKey: value("OPENAI_API_KEY", "openai", "apiKey"),
            baseURL: value("OPENAI_BASE_URL", "openai", "baseURL") ?? "https://api.openai.com/v1")
        anthropic = Provider(
            apiKey: value("ANTHROPIC_API_KEY", "anthropic", "apiKey"),
            baseURL: value("ANTHROPIC_BASE_URL", "anthropic", "baseURL") ?? "https://api.anthropic.com")
        configuredModels = (file["models"]?.objectValue ?? []).reduce(into: [:]) { result, pair in
            if let name = pair.1.stringValue { result[pair.0] = name }
        }
    }

    /// The model for a stage: the explicit choice, else the config file's, else the seed's default when its key
    /// is configured, else `local`.
    public func choice(for stage: String, explicit: String?) -> String {
        if let explicit { return explicit }
        if let configured = configuredModels[stage] { return configured }
        switch stage {
        case "response" where openAI.apiKey != nil: return Self.defaultResponseModel
        case "page" where anthropic.apiKey != nil: return Self.defaultPageModel
        default: return "local"
        }
    }

    /// The model for a name; nil for `local`.
    public func model(_ name: String) throws(Failure) -> (any ChatModel)? {
        if name == "local" { return nil }
        if name.hasPrefix("openai:"), name.count > 7 {
            // A local OpenAI-compatible server (Ollama, llama.cpp) needs no key; OpenAI itself does.
            if openAI.apiKey == nil, openAI.baseURL.contains("api.openai.com") {
                throw .missingKey(provider: "OpenAI", variable: "OPENAI_API_KEY")
            }
            var model = OpenAIChatModel(model: String(name.dropFirst(7)), baseURL: openAI.baseURL, apiKey: openAI.apiKey)
            model.transport.timeouts = limits.openAI
            model.transport.waitBudget = limits.waitBudget
            return model
        }
        if name.hasPrefix("anthropic:"), name.count > 10 {
            guard let key = anthropic.apiKey else { throw .missingKey(provider: "Anthropic", variable: "ANTHROPIC_API_KEY") }
            var model = AnthropicChatModel(model: String(name.dropFirst(10)), baseURL: anthropic.baseURL, apiKey: key)
            model.transport.timeouts = limits.anthropic
            model.transport.waitBudget = limits.waitBudget
            return model
        }
        throw .unknownModel(name)
    }
}
