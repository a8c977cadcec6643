import CBLAS
import Foundation

/// A BERT encoder's forward pass in fp32: embeddings (word + position + token type, LayerNorm), then per layer
/// self-attention and a GELU feed-forward block, each with a residual connection and LayerNorm; then mean pooling
/// over each text's tokens and L2 normalisation (sentence-transformers' Pooling + Normalize modules).
///
/// Batches are packed, not padded: the texts' tokens lie back to back in one matrix, every linear layer is one
/// `cblas_sgemm` over all of them, and attention runs per text over that text's tokens only. This gives exactly
/// what padding to the longest text plus an attention mask gives for the real tokens (padded rows never reach
/// the pooled vector, and masked keys get zero weight), without computing the padding.
public struct BertEncoder: Sendable {
    /// A weight tensor read in place from the mapped safetensors file (no copy: the 42 MB of encoder weights
    /// are page cache that every process running the model shares), or copied when it is not aligned there.
    /// `@unchecked Sendable` is safe: the pointer is into a read-only mapping kept alive by the encoder's
    /// `weights` (or into `copy`, kept alive here), and nothing ever writes through it.
    struct Tensor: @unchecked Sendable {
        let pointer: UnsafePointer<Float>
        private let copy: [Float]?

        init(_ file: SafeTensorsFile, _ name: String, shape: [Int]) throws {
            let info = try file.info(name, float32Shape: shape)
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

    public let configuration: BertConfiguration
    /// The word-embedding table stays in the mapped file: only the rows of tokens actually seen become resident.
    private let weights: SafeTensorsFile
    private let wordEmbeddings: SafeTensorsFile.TensorInfo
    /// Position embedding plus the token-type-0 embedding, summed once at load (every text is one segment).
    private let positionAndType: [Float]
    private let embeddingNormGamma: Tensor
    private let embeddingNormBeta: Tensor
    private let layers: [Layer]

    /// Loads the tensors of Hugging Face's `BertModel` (names as in all-MiniLM-L6-v2's `model.safetensors`;
    /// a `bert.` prefix, as in checkpoints saved from task models, is accepted too).
    public init(weights: SafeTensorsFile, configuration: BertConfiguration) throws {
        self.configuration = configuration
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
    }

    /// One L2-normalised mean-pooled vector per token sequence (each already `[CLS] … [SEP]`, from the same
    /// vocabulary; tokens past the model's positions are dropped, an id outside the vocabulary reads row 0).
    public func embed(_ sequences: [[Int32]], parallelism: Int = 1) -> [[Float]] {
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

        // Embeddings.
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
        let epsilon = configuration.layerNormEpsilon
        TensorKernels.layerNorm(x, rows: total, width: h, gamma: embeddingNormGamma.pointer, beta: embeddingNormBeta.pointer, epsilon: epsilon)

        let scale = 1 / Float(d).squareRoot()
        for layer in layers {
            // Query, key, value for every token.
            for (weight, bias, target) in [(layer.query, layer.queryBias, query), (layer.key, layer.keyBias, key), (layer.value, layer.valueBias, value)] {
                TensorKernels.fillRows(target, rows: total, width: h, with: bias.pointer)
                TensorKernels.linear(x, rows: total, inputs: h, weight: weight.pointer, outputs: h, into: target, accumulate: true, parallelism: parallelism)
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
            TensorKernels.linear(context, rows: total, inputs: h, weight: layer.attentionOutput.pointer, outputs: h, into: spare, accumulate: true, parallelism: parallelism)
            swap(&x, &spare)
            TensorKernels.layerNorm(x, rows: total, width: h, gamma: layer.attentionNormGamma.pointer, beta: layer.attentionNormBeta.pointer, epsilon: epsilon)
            // Feed-forward: GELU(x·W1ᵀ + b1)·W2ᵀ + b2 + x, then LayerNorm.
            TensorKernels.fillRows(intermediate, rows: total, width: ff, with: layer.intermediateBias.pointer)
            TensorKernels.linear(x, rows: total, inputs: h, weight: layer.intermediate.pointer, outputs: ff, into: intermediate, accumulate: true, parallelism: parallelism)
            TensorKernels.gelu(intermediate, count: total * ff)
            TensorKernels.addRows(x, bias: layer.outputBias.pointer, rows: total, width: h, into: spare)
            TensorKernels.linear(intermediate, rows: total, inputs: ff, weight: layer.output.pointer, outputs: h, into: spare, accumulate: true, parallelism: parallelism)
            swap(&x, &spare)
            TensorKernels.layerNorm(x, rows: total, width: h, gamma: layer.outputNormGamma.pointer, beta: layer.outputNormBeta.pointer, epsilon: epsilon)
        }

        // Mean over each text's tokens, then unit length.
        return sequences.indices.map { sequence in
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
