import CEmbeddingKernels
import Dispatch

/// The encoder's linear-layer weights rounded once, at load, to bfloat16 and packed into the panels the AVX2
/// kernel reads (`bg_embed_pack_panels`: 16 output columns at a time, input-major), for CPUs without AVX-512 BF16.
/// 21 MB instead of the 42 MB of float32 a question's pass read through OpenBLAS, which also repacked every
/// weight matrix on every product.
///
/// `@unchecked Sendable` is safe: `storage` is written only in `init` (each layer's range by one thread),
/// read-only afterwards, and freed in `deinit` when no other reference exists.
final class BFloat16Panels: @unchecked Sendable {
    /// Where one layer's packed matrices start in `storage`.
    struct Layer: Sendable {
        let query: Int, key: Int, value: Int
        let attentionOutput: Int
        let intermediate: Int
        let output: Int
    }

    let storage: UnsafeMutablePointer<UInt16>
    let layers: [Layer]

    /// Whether matrices of these sizes can be packed: every output count a multiple of the panel width.
    static func fits(hidden h: Int, intermediate ff: Int) -> Bool {
        let width = Int(BG_EMBED_PANEL_WIDTH)
        return h % width == 0 && ff % width == 0
    }

    /// Packs `layers`' float32 matrices (hidden size `h`, intermediate size `ff`; `fits` must hold), one layer per
    /// thread, as `BFloat16Weights` does (the packing is bound by page faults, which two cores take in half the time).
    init(layers source: [BertEncoder.Layer], hidden h: Int, intermediate ff: Int) {
        precondition(Self.fits(hidden: h, intermediate: ff), "matrix sizes not a multiple of the panel width")
        let perLayer = 4 * h * h + ff * h + h * ff
        let storage = UnsafeMutablePointer<UInt16>.allocate(capacity: perLayer * source.count)
        self.storage = storage
        layers = source.indices.map { index in
            let start = index * perLayer
            return Layer(
                query: start, key: start + h * h, value: start + 2 * h * h, attentionOutput: start + 3 * h * h,
                intermediate: start + 4 * h * h, output: start + 4 * h * h + ff * h)
        }
        // Each iteration writes its own layer's range of `storage` (through `self`, which is Sendable; see above).
        DispatchQueue.concurrentPerform(iterations: source.count) { index in
            let layer = source[index], at = self.layers[index], storage = self.storage
            let (h32, ff32) = (Int32(h), Int32(ff))
            bg_embed_pack_panels(layer.query.pointer, h32, h32, storage + at.query)
            bg_embed_pack_panels(layer.key.pointer, h32, h32, storage + at.key)
            bg_embed_pack_panels(layer.value.pointer, h32, h32, storage + at.value)
            bg_embed_pack_panels(layer.attentionOutput.pointer, h32, h32, storage + at.attentionOutput)
            bg_embed_pack_panels(layer.intermediate.pointer, ff32, h32, storage + at.intermediate)
            bg_embed_pack_panels(layer.output.pointer, h32, ff32, storage + at.output)
        }
    }

    deinit { storage.deallocate() }
}
