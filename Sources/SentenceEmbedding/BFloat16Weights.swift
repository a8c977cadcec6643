import CEmbeddingKernels
import Dispatch

/// The encoder's linear-layer weights rounded once, at load, to bfloat16, in the layout the AVX-512 BF16 products
/// read (`bg_embed_linear_bf16`: out × in, as stored): per layer the query, key and value weights stacked into one
/// 1152 × 384 matrix (one product instead of three), then the attention output, intermediate and output weights.
/// 21 MB instead of 42 MB of float32, so a question's pass reads half the memory and all of it fits the 32 MB
/// L3 cache between questions (float32 did not, so every question streamed the weights from DRAM).
///
/// `@unchecked Sendable` is safe: `storage` is written only in `init` (each layer's range by one thread),
/// read-only afterwards, and freed in `deinit` when no other reference exists.
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

    /// Rounds `layers`' float32 matrices (hidden size `h`, intermediate size `ff`), one layer per thread: the
    /// rounding is bound by page faults (reading the mapped float32 file, writing 21 MB of fresh memory), and
    /// faults on two cores take half the wall time of one, which is what a `bevgenie ask` process waits for.
    init(layers source: [BertEncoder.Layer], hidden h: Int, intermediate ff: Int) {
        let perLayer = 3 * h * h + h * h + ff * h + h * ff
        count = perLayer * source.count
        let storage = UnsafeMutablePointer<UInt16>.allocate(capacity: count)
        self.storage = storage
        layers = source.enumerated().map { index, layer in
            var bias = [Float](repeating: 0, count: 3 * h)
            for column in 0..<h {
                bias[column] = layer.queryBias.pointer[column]
                bias[h + column] = layer.keyBias.pointer[column]
                bias[2 * h + column] = layer.valueBias.pointer[column]
            }
            let start = index * perLayer
            return Layer(
                queryKeyValue: start, attentionOutput: start + 3 * h * h, intermediate: start + 4 * h * h,
                output: start + 4 * h * h + ff * h, queryKeyValueBias: bias)
        }
        // Each iteration writes its own layer's range of `storage` (through `self`, which is Sendable; see above).
        DispatchQueue.concurrentPerform(iterations: source.count) { index in
            let layer = source[index], at = self.layers[index], storage = self.storage
            bg_embed_to_bf16(layer.query.pointer, h * h, storage + at.queryKeyValue)
            bg_embed_to_bf16(layer.key.pointer, h * h, storage + at.queryKeyValue + h * h)
            bg_embed_to_bf16(layer.value.pointer, h * h, storage + at.queryKeyValue + 2 * h * h)
            bg_embed_to_bf16(layer.attentionOutput.pointer, h * h, storage + at.attentionOutput)
            bg_embed_to_bf16(layer.intermediate.pointer, ff * h, storage + at.intermediate)
            bg_embed_to_bf16(layer.output.pointer, h * ff, storage + at.output)
        }
    }

    deinit { storage.deallocate() }
}
