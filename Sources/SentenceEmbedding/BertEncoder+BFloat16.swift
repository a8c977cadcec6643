import CEmbeddingKernels
import Foundation

extension BertEncoder {
    /// The forward pass with the linear layers in bfloat16 (`BFloat16Weights`, `bg_embed_linear_bf16`): the same
    /// steps as the float32 pass, with query, key and value as one product, and each product's bias and residual
    /// added as it stores its result.
    func embedBFloat16(_ sequences: [[Int32]], weights packed: BFloat16Weights, parallelism: Int) -> [[Float]] {
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
        // receives each residual block's output before the two swap, `rounded` is a product's input in bfloat16.
        var x = UnsafeMutablePointer<Float>.allocate(capacity: total * h)
        var spare = UnsafeMutablePointer<Float>.allocate(capacity: total * h)
        let queryKeyValue = UnsafeMutablePointer<Float>.allocate(capacity: total * 3 * h)
        let context = UnsafeMutablePointer<Float>.allocate(capacity: total * h)
        let intermediate = UnsafeMutablePointer<Float>.allocate(capacity: total * ff)
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: (d + 1) * ((longest + 15) / 16 * 16))
        let rounded = UnsafeMutablePointer<UInt16>.allocate(capacity: total * max(h, ff))
        defer {
            for buffer in [x, spare, queryKeyValue, context, intermediate, scratch] { buffer.deallocate() }
            rounded.deallocate()
        }

        embedTokens(sequences, lengths: lengths, starts: starts, into: x)
        let epsilon = configuration.layerNormEpsilon
        let scale = 1 / Float(d).squareRoot()
        let w = packed.storage
        for (index, layer) in layers.enumerated() {
            let offsets = packed.layers[index]
            // Query, key and value for every token: one total × 3h product.
            bg_embed_to_bf16(x, total * h, rounded)
            offsets.queryKeyValueBias.withUnsafeBufferPointer { bias in
                TensorKernels.linearBFloat16(rounded, rows: total, inputs: h, weight: w + offsets.queryKeyValue, outputs: 3 * h,
                                             bias: bias.baseAddress!, residual: nil, into: queryKeyValue, parallelism: parallelism)
            }
            // Attention, per text and head, over that text's tokens only (float32).
            let stride = 3 * h
            for sequence in sequences.indices {
                let n = lengths[sequence]
                let rows = starts[sequence]
                for head in 0..<heads {
                    bg_embed_attention(queryKeyValue + rows * stride + head * d, Int32(stride), Int32(n), Int32(d), Int32(h), Int32(2 * h),
                                       scale, context + rows * h + head * d, Int32(h), scratch)
                }
            }
            // Output projection + bias + residual, then LayerNorm.
            bg_embed_to_bf16(context, total * h, rounded)
            TensorKernels.linearBFloat16(rounded, rows: total, inputs: h, weight: w + offsets.attentionOutput, outputs: h,
                                         bias: layer.attentionOutputBias.pointer, residual: x, into: spare, parallelism: parallelism)
            swap(&x, &spare)
            bg_embed_layer_norm(x, Int32(total), Int32(h), layer.attentionNormGamma.pointer, layer.attentionNormBeta.pointer, epsilon)
            // Feed-forward: GELU(x·W1ᵀ + b1)·W2ᵀ + b2 + x, then LayerNorm.
            bg_embed_to_bf16(x, total * h, rounded)
            TensorKernels.linearBFloat16(rounded, rows: total, inputs: h, weight: w + offsets.intermediate, outputs: ff,
                                         bias: layer.intermediateBias.pointer, residual: nil, into: intermediate, parallelism: parallelism)
            bg_embed_gelu_to_bf16(intermediate, total * ff, rounded)
            TensorKernels.linearBFloat16(rounded, rows: total, inputs: ff, weight: w + offsets.output, outputs: h,
                                         bias: layer.outputBias.pointer, residual: x, into: spare, parallelism: parallelism)
            swap(&x, &spare)
            bg_embed_layer_norm(x, Int32(total), Int32(h), layer.outputNormGamma.pointer, layer.outputNormBeta.pointer, epsilon)
        }
        return pool(x, lengths: lengths, starts: starts)
    }
}
