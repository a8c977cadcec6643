/// Makes an embedder from its command-line name.
public enum EmbedderFactory {
    public enum Failure: Error, CustomStringConvertible {
        /// The name is neither `builtin`, `minilm` nor `openai:MODEL`.
        case unknown(String)
        public var description: String {
            switch self {
            case .unknown(let name): return "unknown embedder '\(name)': use builtin, minilm or openai:MODEL"
            }
        }
    }

    /// `modelDirectory` is `--model-dir` (for `minilm`; else `ModelLocation.resolve` looks it up).
    public static func make(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                            modelDirectory: String? = nil) throws -> any Embedder
    {
        if name == "builtin" || name == HashingEmbedder().model { return HashingEmbedder() }
        if name == "minilm" || name == MiniLMEmbedder.modelName {
            return try MiniLMEmbedder(location: .resolve(explicit: modelDirectory, environment: environment))
        }
        if name.hasPrefix("openai:"), name.count > "openai:".count {
            return try OpenAIEmbedder(model: String(name.dropFirst("openai:".count)), environment: environment)
        }
        throw Failure.unknown(name)
    }
}

import Foundation
