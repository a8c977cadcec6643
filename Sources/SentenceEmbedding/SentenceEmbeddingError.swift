/// Why a model could not be loaded or run. Each message names the file at fault.
public enum SentenceEmbeddingError: Error, CustomStringConvertible, Equatable {
    /// A model file could not be opened or read.
    case unreadableFile(path: String, reason: String)
    /// A `.safetensors` file is truncated or its header does not describe its contents.
    case corruptSafeTensors(path: String, reason: String)
    /// The weights lack a tensor the architecture needs.
    case missingTensor(path: String, name: String)
    /// A JSON configuration or the vocabulary is malformed or lacks a needed entry.
    case invalidConfiguration(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason): return "cannot read \(path): \(reason)"
        case .corruptSafeTensors(let path, let reason): return "\(path) is not a valid safetensors file: \(reason)"
        case .missingTensor(let path, let name): return "\(path) has no tensor '\(name)'; is it a BERT model's weights?"
        case .invalidConfiguration(let path, let reason): return "\(path): \(reason)"
        }
    }
}
