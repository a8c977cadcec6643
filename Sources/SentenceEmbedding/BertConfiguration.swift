import Foundation

/// The architecture numbers of a BERT encoder, from a model directory's `config.json` (Hugging Face's format).
public struct BertConfiguration: Sendable, Equatable {
    public var vocabularySize: Int
    public var hiddenSize: Int
    public var layerCount: Int
    public var headCount: Int
    public var intermediateSize: Int
    public var maxPositions: Int
    public var typeVocabularySize: Int
    public var layerNormEpsilon: Float

    public var headSize: Int { hiddenSize / headCount }

    public init(vocabularySize: Int = 30522, hiddenSize: Int = 384, layerCount: Int = 6, headCount: Int = 12,
                intermediateSize: Int = 1536, maxPositions: Int = 512, typeVocabularySize: Int = 2,
                layerNormEpsilon: Float = 1e-12) {
        self.vocabularySize = vocabularySize
        self.hiddenSize = hiddenSize
        self.layerCount = layerCount
        self.headCount = headCount
        self.intermediateSize = intermediateSize
        self.maxPositions = maxPositions
        self.typeVocabularySize = typeVocabularySize
        self.layerNormEpsilon = layerNormEpsilon
    }

    /// Reads `config.json`; refuses what this implementation does not run (another activation, relative
    /// positions, a hidden size the heads do not divide).
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SentenceEmbeddingError.unreadableFile(path: path, reason: "missing or unreadable")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw SentenceEmbeddingError.invalidConfiguration(path: path, reason: "not a JSON object")
        }
        func integer(_ key: String) throws -> Int {
            guard let value = (object[key] as? NSNumber)?.intValue, value > 0 else {
                throw SentenceEmbeddingError.invalidConfiguration(path: path, reason: "no positive integer '\(key)'")
            }
            return value
        }
        if let activation = object["hidden_act"] as? String, activation != "gelu" {
            throw SentenceEmbeddingError.invalidConfiguration(path: path, reason: "hidden_act '\(activation)' is not supported (only gelu)")
        }
        if let positions = object["position_embedding_type"] as? String, positions != "absolute" {
            throw SentenceEmbeddingError.invalidConfiguration(path: path, reason: "position_embedding_type '\(positions)' is not supported (only absolute)")
        }
        self.init(
            vocabularySize: try integer("vocab_size"), hiddenSize: try integer("hidden_size"),
            layerCount: try integer("num_hidden_layers"), headCount: try integer("num_attention_heads"),
            intermediateSize: try integer("intermediate_size"), maxPositions: try integer("max_position_embeddings"),
            typeVocabularySize: try integer("type_vocab_size"),
            layerNormEpsilon: (object["layer_norm_eps"] as? NSNumber)?.floatValue ?? 1e-12)
        guard hiddenSize % headCount == 0 else {
            throw SentenceEmbeddingError.invalidConfiguration(path: path, reason: "hidden_size \(hiddenSize) is not a multiple of num_attention_heads \(headCount)")
        }
    }
}
