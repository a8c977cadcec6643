import CBLAS
import Foundation

/// A sentence-transformers model directory (all-MiniLM-L6-v2: BERT, 6 layers, 384 dimensions, mean pooling,
/// L2-normalised) run in process: text → WordPiece ids → encoder → one unit vector per text.
///
/// Precision: the linear layers run in bfloat16 with float32 accumulation where the CPU has AVX-512 BF16, with
/// bfloat16 weights and float32 activations where it has AVX2 and FMA, else in float32 through OpenBLAS; int8 is
/// not used. Why, with the figures: `BertEncoder`'s doc comment.
///
/// Loading parses the vocabulary and maps the weights (rounding the linear layers to bfloat16 where that is the
/// precision), so a process loads a directory once:
/// `shared(directory:)`.
public struct SentenceEmbeddingModel: Sendable {
    /// The files a model directory must hold (others, such as `1_Pooling/config.json`, are read when present).
    public static let requiredFiles = ["config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json"]

    public let directory: String
    public let tokenizer: BertTokenizer
    public let encoder: BertEncoder
    public var dimensions: Int { encoder.configuration.hiddenSize }
    /// Tokens per forward pass when embedding many texts: bounds the working memory (≈ 16 KB per token).
    /// 1024 is as fast as 4096 (the products are already large enough to run at full speed) and keeps 40 MB
    /// less resident after a large import (`bench embed --batch-tokens`).
    public var batchTokenBudget = 1024
    /// Threads for the linear layers' products (split by output columns; see `TensorKernels.linear`). Setting
    /// up a model sets OpenBLAS's own thread pool to 1 thread, process-wide, so the two never stack.
    public var parallelism = ProcessInfo.processInfo.activeProcessorCount

    public init(directory: String, precision: BertEncoder.Precision = .preferred) throws {
        self.directory = directory
        for file in Self.requiredFiles where !FileManager.default.fileExists(atPath: directory + "/" + file) {
            throw SentenceEmbeddingError.unreadableFile(path: directory + "/" + file, reason: "missing")
        }
        let configuration = try BertConfiguration(path: directory + "/config.json")
        // sentence-transformers truncates to its max_seq_length (256 for this model), not the tokenizer's 512.
        var maxLength = min(configuration.maxPositions, 512)
        let sentenceConfigPath = directory + "/sentence_bert_config.json"
        if let data = FileManager.default.contents(atPath: sentenceConfigPath) {
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw SentenceEmbeddingError.invalidConfiguration(path: sentenceConfigPath, reason: "not a JSON object")
            }
            if let length = (object["max_seq_length"] as? NSNumber)?.intValue { maxLength = min(length, configuration.maxPositions) }
        }
        let poolingPath = directory + "/1_Pooling/config.json"
        if let data = FileManager.default.contents(atPath: poolingPath),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
           object["pooling_mode_mean_tokens"] as? Bool == false {
            throw SentenceEmbeddingError.invalidConfiguration(path: poolingPath, reason: "only mean pooling is supported")
        }
        tokenizer = try BertTokenizer(directory: directory, maxLength: maxLength)
        guard tokenizer.vocabularySize == configuration.vocabularySize else {
            throw SentenceEmbeddingError.invalidConfiguration(
                path: directory + "/vocab.txt",
                reason: "\(tokenizer.vocabularySize) tokens, config.json says vocab_size \(configuration.vocabularySize)")
        }
        BLASThreads.set(1)
        encoder = try BertEncoder(
            weights: try SafeTensorsFile(path: directory + "/model.safetensors"), configuration: configuration, precision: precision)
    }

    /// The token ids the model sees for `text` (`[CLS] … [SEP]`, truncated).
    public func tokenize(_ text: String) -> [Int32] { tokenizer.encode(text) }

    /// One unit vector per text, in order. Texts are run together, `batchTokenBudget` tokens per forward pass.
    public func embed(_ texts: [String]) -> [[Float]] {
        let sequences = texts.map(tokenizer.encode)
        var vectors: [[Float]] = []
        vectors.reserveCapacity(texts.count)
        var batch: [[Int32]] = []
        var tokens = 0
        for sequence in sequences {
            if !batch.isEmpty && tokens + sequence.count > batchTokenBudget {
                vectors.append(contentsOf: encoder.embed(batch, parallelism: parallelism))
                batch.removeAll(keepingCapacity: true)
                tokens = 0
            }
            batch.append(sequence)
            tokens += sequence.count
        }
        if !batch.isEmpty { vectors.append(contentsOf: encoder.embed(batch, parallelism: parallelism)) }
        return vectors
    }

    // MARK: - One instance per process

    /// The model of `directory`, loaded on first use and kept for the life of the process (a failed load is
    /// retried next time, so installing the model fixes a running server).
    public static func shared(directory: String) throws -> SentenceEmbeddingModel {
        try cache.model(directory: directory)
    }

    private static let cache = ModelCache()
}

/// Loaded models by directory. `@unchecked Sendable` is safe: `models` is only read or written under `lock`.
private final class ModelCache: @unchecked Sendable {
    private let lock = NSLock()
    private var models: [String: SentenceEmbeddingModel] = [:]

    func model(directory: String) throws -> SentenceEmbeddingModel {
        lock.lock()
        defer { lock.unlock() }
        if let model = models[directory] { return model }
        let model = try SentenceEmbeddingModel(directory: directory)
        models[directory] = model
        return model
    }
}
