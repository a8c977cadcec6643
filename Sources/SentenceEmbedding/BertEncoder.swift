import CBLAS
import CEmbeddingKernels
import Foundation

/// A BERT encoder's forward pass: embeddings (word + position + token type, LayerNorm), then per layer
/// self-attention and a GELU feed-forward block, each with a residual connection and LayerNorm; then mean pooling
/// over each text's tokens and L2 normalisation (sentence-transformers' Pooling + Normalize modules).
///
/// Batches are packed, not padded: the texts' tokens lie back to back in one matrix, every linear layer is one
/// matrix product over all of them, and attention runs per text over that text's tokens only. This gives exactly
/// what padding to the longest text plus an attention mask gives for the real tokens (padded rows never reach
/// the pooled vector, and masked keys get zero weight), without computing the padding.
///
/// Precision of the linear layers, by measurement (`bevgenie bench embed --precision`, and the reference tests):
/// - `bfloat16` where the CPU has AVX-512 BF16 (this project's AMD EPYC does): weights rounded to bfloat16 once at
///   load, activations rounded as they enter each product, products accumulated in float32 (`vdpbf16ps`, our
///   kernel in CEmbeddingKernels). Against the float32 reference (sentence-transformers) every test sentence
///   keeps a cosine ≥ 0.99996 (ReferenceEmbeddingTests demand 0.999; float32 gives 1.000000). It halves the
///   memory a question's pass reads (21 MB, which stays in L3 between questions; 42 MB of float32 weights did
///   not) and doubles the products per instruction: the six layers' products for 28 tokens (a question) took
///   3.4 ms of CPU against OpenBLAS's 8.1 ms in float32 (whose kernels on this CPU are AVX2 "Haswell"), for 256
///   tokens 20 ms against 57 ms; a whole 26-token question 3.7 ms of CPU against 10.6 ms (2 threads, loaded
///   machine). float32 weights kept in place are shared page cache; the bfloat16 copy is 21 MB of private
///   memory, and the float32 pages are released, so resident memory with the model fell (101 → 63 MB).
/// - `bfloat16Weights` where the CPU has AVX2 and FMA but not AVX-512 BF16 (an AMD EPYC Zen 3 host of this
///   project): the weights rounded to bfloat16 once at load and packed into panels of 16 output columns
///   (`BFloat16Panels`), activations and accumulation in float32, our kernel (`bg_embed_linear_panels`). OpenBLAS
///   repacks each weight matrix on every product, which for a question's 26 rows is a third of its time; the
///   panels are read in place, at half the bytes. A 26-token question took 7.4–8.1 ms against float32's 12.5–12.9 ms
///   (`bench embed`, same run), the pipeline's p50 12.8 ms against 17.6 ms (`bench pipeline`); chunks of 109 tokens
///   run at OpenBLAS's speed (0.97×). Cosine to the reference ≥ 0.99998. The cost: packing adds ~14 ms to a model
///   load, which a one-shot `bevgenie ask` process pays (its p50 135 → 155 ms) and a server pays once.
/// - `float32` elsewhere, through OpenBLAS's `cblas_sgemm`. int8 is not used: PyTorch's dynamic int8 moved
///   ~80-word chunks' vectors to a cosine of 0.85 (min) / 0.93 (mean) against float32, far below the 0.999
///   retrieval and the reference tests need.
/// The attention scores, softmax, LayerNorm, GELU and pooling stay float32 in both.
public struct BertEncoder: Sendable {
    /// A weight tensor read in place from the mapped safetensors file (no copy: the 42 MB of encoder weights
    /// are page cache that every process running the model shares), or copied when it is not aligned there.
    /// `@unchecked Sendable` is safe: the pointer is into a read-only mapping kept alive by the encoder's
    /// `weights` (or into `copy`, kept alive here), and nothing ever writes through it.
    struct Tensor: @unchecked Sendable {
        let pointer: UnsafePointer<Float>
        let info: SafeTensorsFile.TensorInfo
        private let copy: [Float]?

        init(_ file: SafeTensorsFile, _ name: String, shape: [Int]) throws {
            let info = try file.info(name, float32Shape: shape)
            self.info = info
            if let mapped = file.mappedFloats(info) {
                pointer = mapped
                copy = nil
            } else {
                let floats = try file.floats(name, shape: shape)
                copy = floats
                // An array's storage does not move while it is not mutated; `copy` is never mutated.
                pointer = floats.withUnsafeBufferPointer { $0.baseAddress! }
            }
        }
    }

    /// One transformer layer's weights.
    struct Layer: Sendable {
        var query: Tensor, queryBias: Tensor
        var key: Tensor, keyBias: Tensor
        var value: Tensor, valueBias: Tensor
        var attentionOutput: Tensor, attentionOutputBias: Tensor
        var attentionNormGamma: Tensor, attentionNormBeta: Tensor
        var intermediate: Tensor, intermediateBias: Tensor
        var output: Tensor, outputBias: Tensor
        var outputNormGamma: Tensor, outputNormBeta: Tensor
    }

    /// How the linear layers multiply (see the type's doc comment).
    public enum Precision: String, Sendable, CaseIterable {
        /// bfloat16 weights and activations, float32 accumulation: AVX-512 BF16.
        case bfloat16
        /// bfloat16 weights, float32 activations and accumulation: AVX2 and FMA (`BFloat16Panels`).
        case bfloat16Weights = "bfloat16-weights"
        /// float32 through OpenBLAS.
        case float32

        /// The first this CPU runs of bfloat16, bfloat16-weights, float32; `BEVGENIE_EMBEDDING_PRECISION` (one of
        /// those names) overrides it, e.g. to compare them.
        public static var preferred: Precision {
            if let name = ProcessInfo.processInfo.environment["BEVGENIE_EMBEDDING_PRECISION"],
               let chosen = Precision(rawValue: name), chosen.isAvailable {
                return chosen
            }
            return allCases.first { $0.isAvailable } ?? .float32
        }

        /// Whether this CPU runs it (float32 runs everywhere).
        public var isAvailable: Bool {
            switch self {
            case .bfloat16: bg_embed_has_bf16_kernels() == 1
            case .bfloat16Weights: bg_embed_has_panel_kernels() == 1
            case .float32: true
            }
        }

        /// What does the products, as `bench embed` prints it.
        public var kernelDescription: String {
            switch self {
            case .bfloat16: "AVX-512 BF16 products, float32 accumulation"
            case .bfloat16Weights: "AVX2 FMA products over bfloat16 weight panels, float32 activations"
            case .float32: "OpenBLAS cblas_sgemm"
            }
        }
    }

    public let configuration: BertConfiguration
    public let precision: Precision
    /// The linear layers in bfloat16, when `precision` is `.bfloat16`.
    private let bfloat16: BFloat16Weights?
    /// The linear layers packed for the AVX2 kernel, when `precision` is `.bfloat16Weights`.
    private let panels: BFloat16Panels?
    /// The word-embedding table stays in the mapped file: only the rows of tokens actually seen become resident.
    let weights: SafeTensorsFile
    let wordEmbeddings: SafeTensorsFile.TensorInfo
    /// Position embedding plus the token-type-0 embedding, summed once at load (every text is one segment).
    let positionAndType: [Float]
    let embeddingNormGamma: Tensor
    let embeddingNormBeta: Tensor
    let layers: [Layer]

    /// Loads the tensors of Hugging Face's `BertModel` (names as in all-MiniLM-L6-v2's `model.safetensors`;
    /// a `bert.` prefix, as in checkpoints saved from task models, is accepted too).
    public init(weights: SafeTensorsFile, configuration: BertConfiguration, precision: Precision = .preferred) throws {
        guard precision.isAvailable else {
            throw SentenceEmbeddingError.invalidConfiguration(path: weights.path, reason: "this CPU cannot run the \(precision.rawValue) kernels")
        }
        self.configuration = configuration
        let packable = BFloat16Panels.fits(hidden: configuration.hiddenSize, intermediate: configuration.intermediateSize)
        // A model whose sizes do not fall into whole panels runs in float32 instead of failing to load.
        self.precision = precision == .bfloat16Weights && !packable ? .float32 : precision
        self.weights = weights
        let prefix = weights.tensors["embeddings.word_embeddings.weight"] == nil && weights.tensors["bert.embeddings.word_embeddings.weight"] != nil
            ? "bert." : ""
        let h = configuration.hiddenSize, ff = configuration.intermediateSize
        func tensor(_ name: String, _ shape: [Int]) throws -> [Float] { try weights.floats(prefix + name, shape: shape) }
        wordEmbeddings = try weights.info(prefix + "embeddings.word_embeddings.weight", float32Shape: [configuration.vocabularySize, h])
        var positions = try tensor("embeddings.position_embeddings.weight", [configuration.maxPositions, h])
        let types = try tensor("embeddings.token_type_embeddings.weight", [configuration.typeVocabularySize, h])
        for index in positions.indices { positions[index] += types[index % h] }
        positionAndType = positions
        func mapped(_ name: String, _ shape: [Int]) throws -> Tensor { try Tensor(weights, prefix + name, shape: shape) }
        embeddingNormGamma = try mapped("embeddings.LayerNorm.weight", [h])
        embeddingNormBeta = try mapped("embeddings.LayerNorm.bias", [h])
        layers = try (0..<configuration.layerCount).map { index in
            let base = "encoder.layer.\(index)."
            return Layer(
                query: try mapped(base + "attention.self.query.weight", [h, h]),
                queryBias: try mapped(base + "attention.self.query.bias", [h]),
                key: try mapped(base + "attention.self.key.weight", [h, h]),
                keyBias: try mapped(base + "attention.self.key.bias", [h]),
                value: try mapped(base + "attention.self.value.weight", [h, h]),
                valueBias: try mapped(base + "attention.self.value.bias", [h]),
                attentionOutput: try mapped(base + "attention.output.dense.weight", [h, h]),
                attentionOutputBias: try mapped(base + "attention.output.dense.bias", [h]),
                attentionNormGamma: try mapped(base + "attention.output.LayerNorm.weight", [h]),
                attentionNormBeta: try mapped(base + "attention.output.LayerNorm.bias", [h]),
                intermediate: try mapped(base + "intermediate.dense.weight", [ff, h]),
                intermediateBias: try mapped(base + "intermediate.dense.bias", [ff]),
                output: try mapped(base + "output.dense.weight", [h, ff]),
                outputBias: try mapped(base + "output.dense.bias", [h]),
                outputNormGamma: try mapped(base + "output.LayerNorm.weight", [h]),
                outputNormBeta: try mapped(base + "output.LayerNorm.bias", [h]))
        }
        let matrices = layers.flatMap {
            [$0.query.info, $0.key.info, $0.value.info, $0.attentionOutput.info, $0.intermediate.info, $0.output.info]
        }
        if self.precision != .float32 { weights.populatePages(of: matrices) }
        bfloat16 = self.precision == .bfloat16 ? BFloat16Weights(layers: layers, hidden: h, intermediate: ff) : nil
        panels = self.precision == .bfloat16Weights ? BFloat16Panels(layers: layers, hidden: h, intermediate: ff) : nil
        // The float32 matrices are never read again: let their pages leave this process's resident memory.
        if self.precision != .float32 { weights.releasePages(of: matrices) }
    }

    /// One L2-normalised mean-pooled vector per token sequence (each already `[CLS] … [SEP]`, from the same
    /// vocabulary; tokens past the model's positions are dropped, an id outside the vocabulary reads row 0).
    public func embed(_ sequences: [[Int32]], parallelism: Int = 1) -> [[Float]] {
        if let bfloat16 { return embedBFloat16(sequences, weights: bfloat16, parallelism: parallelism) }
        let h = configuration.hiddenSize, ff = configuration.intermediateSize
        let heads = configuration.headCount, d = configuration.headSize
        let lengths = sequences.map { min($0.count, configuration.maxPositions) }
        let total = lengths.reduce(0, +)
        guard total > 0 else { return sequences.map { _ in [Float](repeating: 0, count: h) } }
        var starts: [Int] = []
        var running = 0
        for length in lengths { starts.append(running); running += length }
        let longest = lengths.max() ?? 0

        // Working memory for this call (so concurrent calls share nothing): x is the hidden state, `spare`
        // receives each residual block's output before the two swap.
        var x = UnsafeMutablePointer<Float>.allocate(capacity: total * h)
        var spare = UnsafeMutablePointer<Float>.allocate(capacity: total * h)
        let query = UnsafeMutablePointer<Float>.allocate(capacity: total * h)
        let key = UnsafeMutablePointer<Float>.allocate(capacity: total * h)
        let value = UnsafeMutablePointer<Float>.allocate(capacity: total * h)
        let context = UnsafeMutablePointer<Float>.allocate(capacity: total * h)
        let intermediate = UnsafeMutablePointer<Float>.allocate(capacity: total * ff)
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: longest * longest)
        defer {
            for buffer in [x, spare, query, key, value, context, intermediate, scores] { buffer.deallocate() }
        }

        embedTokens(sequences, lengths: lengths, starts: starts, into: x)
        let epsilon = configuration.layerNormEpsilon
        let scale = 1 / Float(d).squareRoot()
        // c += a · weightᵀ: from the packed panels when there are some, else the float32 weights through OpenBLAS.
        func product(_ a: UnsafePointer<Float>, inputs k: Int, _ weight: Tensor, packedAt offset: Int?, outputs n: Int,
                     into c: UnsafeMutablePointer<Float>) {
            if let panels, let offset {
                TensorKernels.linearPanels(a, rows: total, inputs: k, weight: panels.storage + offset, outputs: n, into: c, parallelism: parallelism)
            } else {
                TensorKernels.linear(a, rows: total, inputs: k, weight: weight.pointer, outputs: n, into: c, accumulate: true, parallelism: parallelism)
            }
        }
        for (index, layer) in layers.enumerated() {
            let packed = panels?.layers[index]
            // Query, key, value for every token.
            for (weight, bias, offset, target) in [(layer.query, layer.queryBias, packed?.query, query), (layer.key, layer.keyBias, packed?.key, key),
                                                   (layer.value, layer.valueBias, packed?.value, value)] {
                TensorKernels.fillRows(target, rows: total, width: h, with: bias.pointer)
                product(x, inputs: h, weight, packedAt: offset, outputs: h, into: target)
            }
            // Attention, per text and head, over that text's tokens only.
            for sequence in sequences.indices {
                let n = lengths[sequence]
                let offset = starts[sequence] * h
                for head in 0..<heads {
                    let column = offset + head * d
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(n), Int32(d), scale,
                                query + column, Int32(h), key + column, Int32(h), 0, scores, Int32(n))
                    TensorKernels.softmax(scores, rows: n, width: n, stride: n)
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(d), Int32(n), 1,
                                scores, Int32(n), value + column, Int32(h), 0, context + column, Int32(h))
                }
            }
            // Output projection added onto residual + bias, then LayerNorm.
            TensorKernels.addRows(x, bias: layer.attentionOutputBias.pointer, rows: total, width: h, into: spare)
            product(context, inputs: h, layer.attentionOutput, packedAt: packed?.attentionOutput, outputs: h, into: spare)
            swap(&x, &spare)
            TensorKernels.layerNorm(x, rows: total, width: h, gamma: layer.attentionNormGamma.pointer, beta: layer.attentionNormBeta.pointer, epsilon: epsilon)
            // Feed-forward: GELU(x·W1ᵀ + b1)·W2ᵀ + b2 + x, then LayerNorm.
            TensorKernels.fillRows(intermediate, rows: total, width: ff, with: layer.intermediateBias.pointer)
            product(x, inputs: h, layer.intermediate, packedAt: packed?.intermediate, outputs: ff, into: intermediate)
            TensorKernels.gelu(intermediate, count: total * ff)
            TensorKernels.addRows(x, bias: layer.outputBias.pointer, rows: total, width: h, into: spare)
            product(intermediate, inputs: ff, layer.output, packedAt: packed?.output, outputs: h, into: spare)
            swap(&x, &spare)
            TensorKernels.layerNorm(x, rows: total, width: h, gamma: layer.outputNormGamma.pointer, beta: layer.outputNormBeta.pointer, epsilon: epsilon)
        }

        return pool(x, lengths: lengths, starts: starts)
    }

    /// The rows of the embedding layer: word + position + token type, then LayerNorm, one row per token.
    func embedTokens(_ sequences: [[Int32]], lengths: [Int], starts: [Int], into x: UnsafeMutablePointer<Float>) {
        let h = configuration.hiddenSize
        positionAndType.withUnsafeBufferPointer { positions in
            for (sequence, ids) in sequences.enumerated() {
                for position in 0..<lengths[sequence] {
                    let row = x + (starts[sequence] + position) * h
                    let id = Int(ids[position])
                    let vocabularyRow = (0..<configuration.vocabularySize).contains(id) ? id : 0
                    weights.copyFloats(wordEmbeddings, from: vocabularyRow * h, count: h, into: row)
                    let positionRow = positions.baseAddress! + position * h
                    for column in 0..<h { row[column] += positionRow[column] }
                }
            }
        }
        TensorKernels.layerNorm(x, rows: lengths.reduce(0, +), width: h, gamma: embeddingNormGamma.pointer,
                                beta: embeddingNormBeta.pointer, epsilon: configuration.layerNormEpsilon)
    }

    /// Mean over each text's tokens, then unit length.
    func pool(_ x: UnsafePointer<Float>, lengths: [Int], starts: [Int]) -> [[Float]] {
        let h = configuration.hiddenSize
        return lengths.indices.map { sequence in
            var pooled = [Float](repeating: 0, count: h)
            let n = lengths[sequence]
            guard n > 0 else { return pooled }
            for position in 0..<n {
                let row = x + (starts[sequence] + position) * h
                for column in 0..<h { pooled[column] += row[column] }
            }
            var norm: Float = 0
            for column in 0..<h {
                pooled[column] /= Float(n)
                norm += pooled[column] * pooled[column]
            }
            let inverse = 1 / max(norm.squareRoot(), 1e-12)
            for column in 0..<h { pooled[column] *= inverse }
            return pooled
        }
    }
}
