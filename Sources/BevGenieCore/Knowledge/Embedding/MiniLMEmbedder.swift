import Foundation
import SentenceEmbedding

/// all-MiniLM-L6-v2 run in process (the `SentenceEmbedding` module): 384-dimensional unit vectors whose
/// similarity follows meaning, not shared words, so a paraphrase finds its document.
///
/// Creating one only checks that the model's files are there; the weights load on the first `embed` and are
/// shared by every embedder of the same directory in the process.
public struct MiniLMEmbedder: Embedder {
    public static let modelName = "minilm:all-MiniLM-L6-v2"
    public let model = MiniLMEmbedder.modelName
    public let dimensions = 384
    public let location: ModelLocation

    /// Fails with the missing file and the command that installs it when the directory is incomplete.
    public init(location: ModelLocation = .resolve()) throws(ModelLocation.Failure) {
        try location.check()
        self.location = location
    }

    /// Loads the model now rather than on the first `embed` (for timing and early errors).
    @discardableResult
    public func load() throws -> SentenceEmbeddingModel {
        try SentenceEmbeddingModel.shared(directory: location.directory)
    }

    /// Loads (the first time) and runs the model on its own queue (`ModelQueue`), so a long batch never holds a
    /// thread of the cooperative pool that the rest of the process, a server's requests among it, runs on.
    public func embed(_ texts: [String]) async throws -> [[Float]] {
        try await ModelQueue.run { [self] in try load().embed(texts) }
    }
}
