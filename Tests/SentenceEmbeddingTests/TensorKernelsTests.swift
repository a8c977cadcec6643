import Foundation
@testable import SentenceEmbedding
import Testing

/// The vectorisable erf behind GELU against libm's erff, over and beyond the range where it matters.
@Suite struct TensorKernelsTests {
    @Test func erfMatchesLibm() {
        var worst: Float = 0
        var x: Float = -6
        while x <= 6 {
            worst = max(worst, abs(TensorKernels.erf(x) - erff(x)))
            x += 0.001
        }
        #expect(worst < 1e-6, "largest difference \(worst)")
        #expect(TensorKernels.erf(0) == 0)
        #expect(TensorKernels.erf(40) == 1 && TensorKernels.erf(-40) == -1)
    }

    @Test func geluIsExactGELU() {
        var values: [Float] = [-3, -1, -0.5, 0, 0.5, 1, 3]
        let expected = values.map { 0.5 * $0 * (1 + erff($0 / Float(2).squareRoot())) }
        values.withUnsafeMutableBufferPointer { TensorKernels.gelu($0.baseAddress!, count: $0.count) }
        for (value, reference) in zip(values, expected) { #expect(abs(value - reference) < 1e-6) }
    }
}
