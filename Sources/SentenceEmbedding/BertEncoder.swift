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
    /// One transformer layer's weights; query, key and value are stacked into one `3H×H` matrix so that one
    /// product computes all three.
    struct Layer: Sendable {
        var qkvWeight: [Float]
        var qkvBias: [Float]
        var attentionOutputWeight: [Float]
        var attentionOutputBias: [Float]
        var attentionNormGamma: [Float]
        var attentionNormBeta: [Float]
        var intermediateWeight: [Float]
        var intermediateBias: [Float]
        var outputWeight: [Float]
        var outputBias: [Float]
        var outputNormGamma: [Float]
        var outputNormBeta: [Float]
    }

    public let configuration: BertConfiguration
    /// The word-embedding table stays in the mapped file: only the rows of tokens actually seen become resident.
    private let weights: SafeTensorsFile
    private let wordEmbeddings: SafeTensorsFile.TensorInfo
    /// Position embedding plus the token-type-0 embedding, summed once at load (every text is one segment).
    private let positionAndType: [Float]
    private let embeddingNormGamma: [Float]
    private let embeddingNormBeta: [Float]
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
        embeddingNormGamma = try tensor("embeddings.LayerNorm.weight", [h])
        embeddingNormBeta = try tensor("embeddings.LayerNorm.bias", [h])
        layers = try (0..<configuration.layerCount).map { index in
            let base = "encoder.layer.\(index)."
            let query = try tensor(base + "attention.self.query.weight", [h, h])
            let key = try tensor(base + "attention.self.key.weight", [h, h])
            let value = try tensor(base + "attention.self.value.weight", [h, h])
            let queryBias = try tensor(base + "attention.self.query.bias", [h])
            let keyBias = try tensor(base + "attention.self.key.bias", [h])
            let valueBias = try tensor(base + "attention.self.value.bias", [h])
            return Layer(
                qkvWeight: query + key + value,
                qkvBias: queryBias + keyBias + valueBias,
                attentionOutputWeight: try tensor(base + "attention.output.dense.weight", [h, h]),
                attentionOutputBias: try tensor(base + "attention.output.dense.bias", [h]),
                attentionNormGamma: try tensor(base + "attention.output.LayerNorm.weight", [h]),
                attentionNormBeta: try tensor(base + "attention.output.LayerNorm.bias", [h]),
                intermediateWeight: try tensor(base + "intermediate.dense.weight", [ff, h]),
                intermediateBias: try tensor(base + "intermediate.dense.bias", [ff]),
                outputWeight: try tensor(base + "output.dense.weight", [h, ff]),
                outputBias: try tensor(base + "output.dense.bias", [h]),
                outputNormGamma: try tensor(base + "output.LayerNorm.weight", [h]),
                outputNormBeta: try tensor(base + "output.LayerNorm.bias", [h]))
        }
    }

    /// One L2-normalised mean-pooled vector per token sequence (each already `[CLS] … [SEP]`, from the same
    /// vocabulary; tokens past the model's positions are dropped, an id outside the vocabulary reads row 0).
    public func embed(_ sequences: [[Int32]]) -> [[Float]] {
        let h = configuration.hiddenSize, ff = configuration.intermediateSize
        let heads = configuration.headCount, d = configuration.headSize
        let lengths = sequences.map { min($0.count, configuration.maxPositions) }
        let total = lengths.reduce(0, +)
        guard total > 0 else { return sequences.map { _ in [Float](repeating: 0, count: h) } }
        var starts: [Int] = []
        var running = 0
        for length in lengths { starts.append(running); running += length }
        let longest = lengths.max() ?? 0

        let x = UnsafeMutablePointer<Float>.allocate(capacity: total * h)
        let qkv = UnsafeMutablePointer<Float>.allocate(capacity: total * 3 * h)
        let context = UnsafeMutablePointer<Float>.allocate(capacity: total * h)
        let intermediate = UnsafeMutablePointer<Float>.allocate(capacity: total * ff)
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: longest * longest)
        defer {
            x.deallocate(); qkv.deallocate(); context.deallocate(); intermediate.deallocate(); scores.deallocate()
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
        embeddingNormGamma.withUnsafeBufferPointer { gamma in
            embeddingNormBeta.withUnsafeBufferPointer { beta in
                TensorKernels.layerNorm(x, rows: total, width: h, gamma: gamma.baseAddress!, beta: beta.baseAddress!,
                                        epsilon: configuration.layerNormEpsilon)
            }
        }

        let scale = 1 / Float(d).squareRoot()
        for layer in layers {
            // Query, key, value for every token: one product.
            layer.qkvBias.withUnsafeBufferPointer { TensorKernels.fillRows(qkv, rows: total, width: 3 * h, with: $0.baseAddress!) }
            layer.qkvWeight.withUnsafeBufferPointer {
                TensorKernels.linear(x, rows: total, inputs: h, weight: $0.baseAddress!, outputs: 3 * h, into: qkv, accumulate: true)
            }
            // Attention, per text and head, over that text's tokens.
            for sequence in sequences.indices {
                let n = lengths[sequence]
                let base = qkv + starts[sequence] * 3 * h
                for head in 0..<heads {
                    let query = base + head * d, key = base + h + head * d, value = base + 2 * h + head * d
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(n), Int32(d), scale,
                                query, Int32(3 * h), key, Int32(3 * h), 0, scores, Int32(n))
                    TensorKernels.softmax(scores, rows: n, width: n, stride: n)
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(d), Int32(n), 1,
                                scores, Int32(n), value, Int32(3 * h), 0, context + starts[sequence] * h + head * d, Int32(h))
                }
            }
            // Output projection onto (residual + bias), then LayerNorm; the result replaces x.
            layer.attentionOutputBias.withUnsafeBufferPointer { bias in
                // intermediate is free here: use its first total×h floats for the sum.
                TensorKernels.addRows(x, bias: bias.baseAddress!, rows: total, width: h, into: intermediate)
            }
            layer.attentionOutputWeight.withUnsafeBufferPointer {
                TensorKernels.linear(context, rows: total, inputs: h, weight: $0.baseAddress!, outputs: h, into: intermediate, accumulate: true)
            }
            x.update(from: intermediate, count: total * h)
            layer.attentionNormGamma.withUnsafeBufferPointer { gamma in
                layer.attentionNormBeta.withUnsafeBufferPointer { beta in
                    TensorKernels.layerNorm(x, rows: total, width: h, gamma: gamma.baseAddress!, beta: beta.baseAddress!,
                                            epsilon: configuration.layerNormEpsilon)
                }
            }
            // Feed-forward: GELU(x·W1ᵀ + b1)·W2ᵀ + b2 + x, then LayerNorm.
            layer.intermediateBias.withUnsafeBufferPointer { TensorKernels.fillRows(intermediate, rows: total, width: ff, with: $0.baseAddress!) }
            layer.intermediateWeight.withUnsafeBufferPointer {
                TensorKernels.linear(x, rows: total, inputs: h, weight: $0.baseAddress!, outputs: ff, into: intermediate, accumulate: true)
            }
            TensorKernels.gelu(intermediate, count: total * ff)
            layer.outputBias.withUnsafeBufferPointer { TensorKernels.addRows(x, bias: $0.baseAddress!, rows: total, width: h, into: context) }
            layer.outputWeight.withUnsafeBufferPointer {
                TensorKernels.linear(intermediate, rows: total, inputs: ff, weight: $0.baseAddress!, outputs: h, into: context, accumulate: true)
            }
            x.update(from: context, count: total * h)
            layer.outputNormGamma.withUnsafeBufferPointer { gamma in
                layer.outputNormBeta.withUnsafeBufferPointer { beta in
                    TensorKernels.layerNorm(x, rows: total, width: h, gamma: gamma.baseAddress!, beta: beta.baseAddress!,
                                            epsilon: configuration.layerNormEpsilon)
                }
            }
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
