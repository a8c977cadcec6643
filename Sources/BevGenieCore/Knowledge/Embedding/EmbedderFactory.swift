/// Makes an embedder from its command-line name.
public enum EmbedderFactory {
    public enum Failure: ReportableError, CustomStringConvertible {
        /// The name is neither `builtin`, `minilm` nor `openai:MODEL`.
        case unknown(String)
        public var description: String {
            switch self {
            case .unknown(let name): return "unknown embedder '\(name)': use builtin, minilm or openai:MODEL"
            }
        }
        public var category: ErrorCategory { .badRequest }
        public var code: String { "unknown_embedder" }
        public var message: String { description }
    }

    /// The embedder for a knowledge base that has no vectors yet: the sentence-embedding model when it is
    /// installed (it finds paraphrases; the hashing embedder only shared words), else the built-in one.
    public static func defaultEmbedder(
        environment: [String: String] = ProcessInfo.processInfo.environment, modelDirectory: String? = nil
    ) -> any Embedder {
        (try? MiniLMEmbedder(location: .resolve(explicit: modelDirectory, environment: environment)))
            ?? HashingEmbedder()
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
