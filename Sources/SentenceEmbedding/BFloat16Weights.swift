import CEmbeddingKernels

/// The encoder's linear-layer weights rounded once, at load, to bfloat16, in the layout the AVX-512 BF16 products
/// read (`bg_embed_linear_bf16`: out × in, as stored): per layer the query, key and value weights stacked into one
/// 1152 × 384 matrix (one product instead of three), then the attention output, intermediate and output weights.
/// 21 MB instead of 42 MB of float32, so a question's pass reads half the memory and all of it fits the 32 MB
/// L3 cache between questions (float32 did not, so every question streamed the weights from DRAM).
///
/// `@unchecked Sendable` is safe: `storage` is written only in `init`, read-only afterwards, and freed in `deinit`
/// when no other reference exists.
final class BFloat16Weights: @unchecked Sendable {
    /// Where one layer's matrices start in `storage`, and its stacked query/key/value bias.
    struct Layer: Sendable {
        let queryKeyValue: Int
        let attentionOutput: Int
        let intermediate: Int
        let output: Int
        let queryKeyValueBias: [Float]
    }

    let storage: UnsafeMutablePointer<UInt16>
    let count: Int
    let layers: [Layer]

    /// Rounds `layers`' float32 matrices (hidden size `h`, intermediate size `ff`).
    init(layers source: [BertEncoder.Layer], hidden h: Int, intermediate ff: Int) {
        let perLayer = 3 * h * h + h * h + ff * h + h * ff
        count = perLayer * source.count
        let storage = UnsafeMutablePointer<UInt16>.allocate(capacity: count)
        self.storage = storage
        var layers: [Layer] = []
        var offset = 0
        func append(_ tensor: BertEncoder.Tensor, _ elements: Int) -> Int {
            bg_embed_to_bf16(tensor.pointer, elements, storage + offset)
            defer { offset += elements }
            return offset
        }
        for layer in source {
            let qkv = append(layer.query, h * h)
            _ = append(layer.key, h * h)
            _ = append(layer.value, h * h)
            var bias = [Float](repeating: 0, count: 3 * h)
            for column in 0..<h {
                bias[column] = layer.queryBias.pointer[column]
                bias[h + column] = layer.keyBias.pointer[column]
                bias[2 * h + column] = layer.valueBias.pointer[column]
            }
            let attentionOutput = append(layer.attentionOutput, h * h)
            let intermediate = append(layer.intermediate, ff * h)
            let output = append(layer.output, h * ff)
            layers.append(Layer(queryKeyValue: qkv, attentionOutput: attentionOutput, intermediate: intermediate,
                                output: output, queryKeyValueBias: bias))
        }
        self.layers = layers
    }

    deinit { storage.deallocate() }
}
