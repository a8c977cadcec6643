/// Makes an embedder from its command-line name.
public enum EmbedderFactory {
    public enum Failure: ReportableError, CustomStringConvertible {
        /// The name is neither `builtin` nor `openai:MODEL`.
        case unknown(String)
        public var description: String {
            switch self {
            case .unknown(let name): return "unknown embedder '\(name)': use builtin or openai:MODEL"
            }
        }
        public var category: ErrorCategory { .badRequest }
        public var code: String { "unknown_embedder" }
        public var message: String { description }
    }

    /// The embedder for a knowledge base that has no vectors yet.
    public static func defaultEmbedder(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> any Embedder
    {
        HashingEmbedder()
    }

    public static func make(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> any Embedder
    {
        if name == "builtin" || name == HashingEmbedder().model { return HashingEmbedder() }
        if name.hasPrefix("openai:"), name.count > "openai:".count {
            return try OpenAIEmbedder(model: String(name.dropFirst("openai:".count)), environment: environment)
        }
        throw Failure.unknown(name)
    }
}

import Foundation
