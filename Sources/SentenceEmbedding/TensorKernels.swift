import CBLAS
import CEmbeddingKernels
import Foundation

/// The element-wise and row-wise steps of the forward pass, over raw row-major float buffers, plus the one
/// matrix product every linear layer uses. Written as plain loops over pointers so the optimiser vectorises them
/// and nothing allocates.
enum TensorKernels {
    /// `c[m×n] = a[m×k] · bᵀ (+ c when accumulating)`, where `b` is `n×k` as PyTorch stores a linear layer's
    /// weight. With `parallelism` > 1 the n outputs are split into that many column blocks, each one
    /// single-threaded OpenBLAS product on its own thread (OpenBLAS's own threads are set to 1): for the few
    /// rows of a question, OpenBLAS's internal threading spent more time synchronising than computing
    /// (`bench embed`: 2 threads cost twice the CPU of 1 for the same wall time), and under
    /// `concurrentPerform` the calling thread does every block itself when no other core is free.
    static func linear(_ a: UnsafePointer<Float>, rows m: Int, inputs k: Int, weight b: UnsafePointer<Float>, outputs n: Int,
                       into c: UnsafeMutablePointer<Float>, accumulate: Bool, parallelism: Int = 1) {
        let beta: Float = accumulate ? 1 : 0
        guard parallelism > 1, n >= 64 * parallelism else {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k), 1, a, Int32(k), b, Int32(k),
                        beta, c, Int32(n))
            return
        }
        let block = ((n + parallelism - 1) / parallelism + 15) / 16 * 16
        let operands = Operands(a: a, b: b, c: c)
        DispatchQueue.concurrentPerform(iterations: parallelism) { part in
            let start = part * block
            let count = min(block, n - start)
            guard count > 0 else { return }
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(count), Int32(k), 1, operands.a, Int32(k),
                        operands.b + start * k, Int32(k), beta, operands.c + start, Int32(n))
        }
    }

    /// `c[m×n] = a[m×k] · bᵀ + bias (+ residual, m×n)` with `a` and `b` in bfloat16 (`bg_embed_linear_bf16`), the
    /// n outputs split into `parallelism` column blocks as in `linear`.
    static func linearBFloat16(_ a: UnsafePointer<UInt16>, rows m: Int, inputs k: Int, weight b: UnsafePointer<UInt16>, outputs n: Int,
                               bias: UnsafePointer<Float>, residual: UnsafePointer<Float>?, into c: UnsafeMutablePointer<Float>,
                               parallelism: Int = 1) {
        guard parallelism > 1, n >= 64 * parallelism else {
            bg_embed_linear_bf16(a, Int32(m), Int32(k), b, Int32(n), bias, residual, 0, Int32(n), c)
            return
        }
        let block = ((n + parallelism - 1) / parallelism + 15) / 16 * 16
        let operands = BFloat16Operands(a: a, b: b, bias: bias, residual: residual, c: c)
        DispatchQueue.concurrentPerform(iterations: parallelism) { part in
            let start = part * block
            let end = min(start + block, n)
            guard end > start else { return }
            bg_embed_linear_bf16(operands.a, Int32(m), Int32(k), operands.b, Int32(n), operands.bias, operands.residual,
                                 Int32(start), Int32(end), operands.c)
        }
    }

    /// `c[m×n] += a[m×k] · bᵀ` with `b` packed into bfloat16 panels (`BFloat16Panels`, `bg_embed_linear_panels`),
    /// the n outputs split into `parallelism` column blocks of whole panels as in `linear`.
    static func linearPanels(_ a: UnsafePointer<Float>, rows m: Int, inputs k: Int, weight b: UnsafePointer<UInt16>, outputs n: Int,
                             into c: UnsafeMutablePointer<Float>, parallelism: Int = 1) {
        guard parallelism > 1, n >= 64 * parallelism else {
            bg_embed_linear_panels(a, Int32(m), Int32(k), b, Int32(n), 0, Int32(n), c)
            return
        }
        let block = ((n + parallelism - 1) / parallelism + 15) / 16 * 16
        let operands = PanelOperands(a: a, b: b, c: c)
        DispatchQueue.concurrentPerform(iterations: parallelism) { part in
            let start = part * block
            let end = min(start + block, n)
            guard end > start else { return }
            bg_embed_linear_panels(operands.a, Int32(m), Int32(k), operands.b, Int32(n), Int32(start), Int32(end), operands.c)
        }
    }

    /// `linearPanels`' buffers, handed to its blocks; safe for the reasons `Operands` is.
    private struct PanelOperands: @unchecked Sendable {
        let a: UnsafePointer<Float>
        let b: UnsafePointer<UInt16>
        let c: UnsafeMutablePointer<Float>
    }

    /// `linearBFloat16`'s buffers, handed to its blocks; safe for the reasons `Operands` is.
    private struct BFloat16Operands: @unchecked Sendable {
        let a: UnsafePointer<UInt16>
        let b: UnsafePointer<UInt16>
        let bias: UnsafePointer<Float>
        let residual: UnsafePointer<Float>?
        let c: UnsafeMutablePointer<Float>
    }

    /// The product's buffers, handed to the blocks of `linear`. `@unchecked Sendable` is safe: `a` and `b` are
    /// only read, each block writes its own disjoint columns of `c`, and `concurrentPerform` returns only when
    /// every block has finished, before the caller touches `c` again.
    private struct Operands: @unchecked Sendable {
        let a: UnsafePointer<Float>
        let b: UnsafePointer<Float>
        let c: UnsafeMutablePointer<Float>
    }

    /// Fills each of `rows` rows of `target` (width `width`) with `bias`: the start value a product accumulates on.
    @inline(__always)
    static func fillRows(_ target: UnsafeMutablePointer<Float>, rows: Int, width: Int, with bias: UnsafePointer<Float>) {
        for row in 0..<rows {
            (target + row * width).update(from: bias, count: width)
        }
    }

    /// `target[i] = a[i] + bias[i mod width]` for `rows` rows: residual plus bias, before a product adds onto it.
    @inline(__always)
    static func addRows(_ a: UnsafePointer<Float>, bias: UnsafePointer<Float>, rows: Int, width: Int,
                        into target: UnsafeMutablePointer<Float>) {
        for row in 0..<rows {
            let source = a + row * width
            let destination = target + row * width
            for column in 0..<width { destination[column] = source[column] + bias[column] }
        }
    }

    /// In-place LayerNorm of each row: (x − mean) / sqrt(var + eps) · gamma + beta, variance biased as PyTorch's.
    static func layerNorm(_ data: UnsafeMutablePointer<Float>, rows: Int, width: Int, gamma: UnsafePointer<Float>,
                          beta: UnsafePointer<Float>, epsilon: Float) {
        let scale = 1 / Float(width)
        for row in 0..<rows {
            let x = data + row * width
            var sum: Float = 0
            for column in 0..<width { sum += x[column] }
            let mean = sum * scale
            var squares: Float = 0
            for column in 0..<width {
                let centred = x[column] - mean
                squares += centred * centred
            }
            let inverse = 1 / (squares * scale + epsilon).squareRoot()
            for column in 0..<width { x[column] = (x[column] - mean) * inverse * gamma[column] + beta[column] }
        }
    }

    /// In-place softmax of each of `rows` rows of length `width` (stride `stride`), stabilised by the row's maximum.
    static func softmax(_ data: UnsafeMutablePointer<Float>, rows: Int, width: Int, stride: Int) {
        for row in 0..<rows {
            let x = data + row * stride
            var maximum = -Float.infinity
            for column in 0..<width { maximum = max(maximum, x[column]) }
            var sum: Float = 0
            for column in 0..<width {
                let value = expf(x[column] - maximum)
                x[column] = value
                sum += value
            }
            let inverse = 1 / sum
            for column in 0..<width { x[column] *= inverse }
        }
    }

    /// In-place exact GELU, x · Φ(x) = 0.5 · x · (1 + erf(x / √2)), as BERT's `gelu` (not the tanh approximation).
    static func gelu(_ data: UnsafeMutablePointer<Float>, count: Int) {
        let inverseRoot2: Float = 0.70710678118654752
        for index in 0..<count {
            let x = data[index]
            data[index] = 0.5 * x * (1 + erf(x * inverseRoot2))
        }
    }

    /// erf in float32 by a rational approximation on [−4, 4] (Eigen's and XLA's, within a few ulp of libm's
    /// `erff`; beyond ±4 erf is ±1 in float32). Only multiplies, adds and one divide, so the GELU loop
    /// vectorises, where a call to `erff` per element was a fifth of a question's time.
    @inline(__always)
    static func erf(_ value: Float) -> Float {
        let x = min(max(value, -4), 4)
        let x2 = x * x
        var p: Float = -2.72614225801306e-10
        p = p * x2 + 2.77068142495902e-08
        p = p * x2 - 2.10102402082508e-06
        p = p * x2 - 5.69250639462346e-05
        p = p * x2 - 7.34990630326855e-04
        p = p * x2 - 2.95459980854025e-03
        p = p * x2 - 1.60960333262415e-02
        p *= x
        var q: Float = -1.45660718464996e-05
        q = q * x2 - 2.13374055278905e-04
        q = q * x2 - 1.68282697438203e-03
        q = q * x2 - 7.37332916720468e-03
        q = q * x2 - 1.42647390514189e-02
        return p / q
    }
}
