import BevGenieCore
import CEmbeddingKernels
import Foundation
import Testing

@testable import SentenceEmbedding

/// Every precision of the linear layers (`BertEncoder.Precision`) against the reference, where this CPU runs it:
/// the default path is already checked by ReferenceEmbeddingTests; this keeps the others honest too, and checks
/// the bfloat16 and panel products on shapes the model never uses (every tail of their register blocks).
@Suite struct PrecisionTests {
    static let availablePrecisions = BertEncoder.Precision.allCases.filter(\.isAvailable)

    @Test(arguments: availablePrecisions)
    func eachPrecisionMatchesTheReference(precision: BertEncoder.Precision) async throws {
        let location = ModelLocation.resolve()
        try location.check()
        let sentences = try ReferenceEmbeddingTests.fixture().sentences
        // On the model's queue, as MiniLMEmbedder runs it: the tests sharing this process need the pool's threads.
        let (chosen, together, each) = try await ModelQueue.run {
            let model = try SentenceEmbeddingModel(directory: location.directory, precision: precision)
            return (model.encoder.precision, model.embed(sentences.map(\.text)), sentences.map { model.embed([$0.text])[0] })
        }
        #expect(chosen == precision)
        for (sentence, (batched, alone)) in zip(sentences, zip(together, each)) {
            let similarity = ReferenceEmbeddingTests.cosine(alone, sentence.embedding)
            #expect(similarity >= 0.999, "\(precision): \(sentence.text.debugDescription): cosine \(similarity)")
            #expect(ReferenceEmbeddingTests.cosine(alone, batched) >= 0.99999, "\(precision): batched differs from alone")
        }
    }

    @Test func theDefaultIsTheFastestPrecisionTheCPURuns() {
        let expected: BertEncoder.Precision = BertEncoder.Precision.bfloat16.isAvailable
            ? .bfloat16 : BertEncoder.Precision.bfloat16Weights.isAvailable ? .bfloat16Weights : .float32
        #expect(BertEncoder.Precision.preferred == expected
                || ProcessInfo.processInfo.environment["BEVGENIE_EMBEDDING_PRECISION"] != nil)
        #expect(BertEncoder.Precision.float32.isAvailable)
    }

    /// `linearPanels` on odd shapes (rows not a multiple of 6, inputs of any count, one and two threads, columns in
    /// whole panels) against a float64 product of the same float32 activations and bfloat16-rounded weights, added
    /// onto what the output held.
    @Test(arguments: [(1, 1, 16), (7, 33, 48), (13, 129, 64), (26, 384, 1152), (29, 1536, 384)])
    func panelProductMatchesAPlainOne(shape: (Int, Int, Int)) throws {
        guard BertEncoder.Precision.bfloat16Weights.isAvailable else {
            #expect(bg_embed_has_panel_kernels() == 0)
            return
        }
        let (m, k, n) = shape
        var generator = SystemRandomNumberGenerator()
        let a = (0..<m * k).map { _ in Float.random(in: -1...1, using: &generator) }
        let w = (0..<n * k).map { _ in Float.random(in: -1...1, using: &generator) }
        let start = (0..<m * n).map { _ in Float.random(in: -1...1, using: &generator) }
        var panels = [UInt16](repeating: 0, count: n * k), roundedW = [UInt16](repeating: 0, count: n * k)
        bg_embed_pack_panels(w, Int32(n), Int32(k), &panels)
        bg_embed_to_bf16(w, w.count, &roundedW)
        // The packing is a permutation of the rounded weights: element (j, p) at panel j / 16, row p, lane j % 16.
        for j in 0..<n {
            for p in 0..<k where panels[(j / 16) * 16 * k + p * 16 + j % 16] != roundedW[j * k + p] {
                Issue.record("\(shape): weight (\(j), \(p)) packed to the wrong place")
                return
            }
        }
        func value(_ bits: UInt16) -> Double { Double(Float(bitPattern: UInt32(bits) << 16)) }
        for parallelism in [1, 2] {
            var c = start
            a.withUnsafeBufferPointer { a in
                panels.withUnsafeBufferPointer { panels in
                    TensorKernels.linearPanels(a.baseAddress!, rows: m, inputs: k, weight: panels.baseAddress!, outputs: n,
                                               into: &c, parallelism: parallelism)
                }
            }
            var worst = 0.0
            for i in 0..<m {
                for j in 0..<n {
                    var expected = Double(start[i * n + j])
                    for p in 0..<k { expected += Double(a[i * k + p]) * value(roundedW[j * k + p]) }
                    worst = max(worst, abs(expected - Double(c[i * n + j])))
                }
            }
            #expect(worst < 1e-3, "\(shape), \(parallelism) threads: worst error \(worst)")
        }
    }

    /// `linearBFloat16` on odd shapes (rows not a multiple of 6, columns not of 4, inputs not of 32, one and two
    /// threads) against a float64 product of the same bfloat16-rounded inputs, with bias and residual.
    @Test(arguments: [(1, 1, 1), (7, 33, 10), (13, 64, 129), (6, 384, 1152), (29, 1536, 384)])
    func bfloat16ProductMatchesAPlainOne(shape: (Int, Int, Int)) throws {
        guard BertEncoder.Precision.bfloat16.isAvailable else {
            #expect(bg_embed_has_bf16_kernels() == 0)
            return
        }
        let (m, k, n) = shape
        var generator = SystemRandomNumberGenerator()
        let a = (0..<m * k).map { _ in Float.random(in: -1...1, using: &generator) }
        let w = (0..<n * k).map { _ in Float.random(in: -1...1, using: &generator) }
        let bias = (0..<n).map { _ in Float.random(in: -1...1, using: &generator) }
        let residual = (0..<m * n).map { _ in Float.random(in: -1...1, using: &generator) }
        var roundedA = [UInt16](repeating: 0, count: m * k), roundedW = [UInt16](repeating: 0, count: n * k)
        bg_embed_to_bf16(a, a.count, &roundedA)
        bg_embed_to_bf16(w, w.count, &roundedW)
        func value(_ bits: UInt16) -> Double { Double(Float(bitPattern: UInt32(bits) << 16)) }
        for parallelism in [1, 2] {
            for withResidual in [false, true] {
                var c = [Float](repeating: .nan, count: m * n)
                roundedA.withUnsafeBufferPointer { a in
                    roundedW.withUnsafeBufferPointer { w in
                        residual.withUnsafeBufferPointer { r in
                            TensorKernels.linearBFloat16(a.baseAddress!, rows: m, inputs: k, weight: w.baseAddress!, outputs: n,
                                                         bias: bias, residual: withResidual ? r.baseAddress! : nil, into: &c,
                                                         parallelism: parallelism)
                        }
                    }
                }
                var worst = 0.0
                for i in 0..<m {
                    for j in 0..<n {
                        var expected = Double(bias[j]) + (withResidual ? Double(residual[i * n + j]) : 0)
                        for p in 0..<k { expected += value(roundedA[i * k + p]) * value(roundedW[j * k + p]) }
                        worst = max(worst, abs(expected - Double(c[i * n + j])))
                    }
                }
                #expect(worst < 1e-3, "\(shape), \(parallelism) threads, residual \(withResidual): worst error \(worst)")
            }
        }
    }

    /// Rounding to bfloat16 is to nearest, ties to even, on every length (the vector loop's tail included).
    @Test func roundingToBFloat16IsToNearestEven() {
        let values: [Float] = (0..<37).map { Float($0) * 1.000_123 - 18 } + [1 + 1.0 / 256, 1 + 3.0 / 256, -0.0, 65_504]
        var rounded = [UInt16](repeating: 0, count: values.count)
        bg_embed_to_bf16(values, values.count, &rounded)
        for (value, bits) in zip(values, rounded) {
            var u = value.bitPattern
            u &+= 0x7FFF &+ ((u >> 16) & 1)
            #expect(bits == UInt16(u >> 16), "\(value)")
        }
    }
}
