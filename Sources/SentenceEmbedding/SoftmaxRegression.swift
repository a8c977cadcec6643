import CBLAS
import Foundation

/// A multinomial logistic regression over sentence vectors: a small trained head that maps an embedding to one of
/// a few classes with probabilities.
///
/// Why this and not nearest neighbours: a neighbour vote over a few hundred labelled sentences follows whichever
/// sentence happens to share the message's topic, while a linear head learns, from all of them at once, the
/// directions that separate the classes (in intent classification: what is being asked, across topics). It is
/// also cheap: one 384 × classes product per message.
///
/// Training is deterministic: full-batch gradient descent with momentum from zero weights, a fixed number of
/// steps, inputs centred on their mean, each class weighted by the inverse of its count (so a class with many
/// examples does not win by default), L2 penalty on the weights (not the biases). The products go through
/// OpenBLAS; a training run over ~1,000 sentences takes about a second.
public struct SoftmaxRegression: Sendable, Equatable {
    public let classes: Int
    public let dimensions: Int
    /// Row-major `classes × dimensions`.
    public var weights: [Float]
    public var biases: [Float]
    /// Subtracted from an input before the product (the training inputs' mean).
    public var mean: [Float]

    public init(classes: Int, dimensions: Int, weights: [Float], biases: [Float], mean: [Float]) {
        precondition(weights.count == classes * dimensions && biases.count == classes && mean.count == dimensions,
                     "head of \(classes) classes over \(dimensions) dimensions with mismatched parameters")
        self.classes = classes
        self.dimensions = dimensions
        self.weights = weights
        self.biases = biases
        self.mean = mean
    }

    /// Settings of one training run.
    public struct Training: Sendable, Equatable {
        /// Penalty on the squared weights, per unit of (class-weighted) training data.
        public var l2: Float = 1e-3
        public var steps = 1500
        public var learningRate: Float = 8
        public var momentum: Float = 0.9

        public init(l2: Float = 1e-3, steps: Int = 1500, learningRate: Float = 8, momentum: Float = 0.9) {
            self.l2 = l2
            self.steps = steps
            self.learningRate = learningRate
            self.momentum = momentum
        }
    }

    /// Trains on `inputs` (all of one dimension) labelled `labels` (each in `0..<classes`).
    public static func train(inputs: [[Float]], labels: [Int], classes: Int, training: Training = Training())
        -> SoftmaxRegression
    {
        precondition(!inputs.isEmpty && inputs.count == labels.count, "one label per input, at least one input")
        let n = inputs.count
        let d = inputs[0].count
        var mean = [Float](repeating: 0, count: d)
        for input in inputs {
            precondition(input.count == d, "inputs of different dimensions")
            for j in 0..<d { mean[j] += input[j] }
        }
        for j in 0..<d { mean[j] /= Float(n) }
        var x = [Float](repeating: 0, count: n * d)
        for (i, input) in inputs.enumerated() {
            for j in 0..<d { x[i * d + j] = input[j] - mean[j] }
        }
        // Each class weighs the same in total, whatever its count.
        var counts = [Int](repeating: 0, count: classes)
        for label in labels { counts[label] += 1 }
        let present = counts.filter { $0 > 0 }.count
        let sampleWeight = labels.map { Float(1) / Float(counts[$0] * present) }

        var w = [Float](repeating: 0, count: classes * d)
        var b = [Float](repeating: 0, count: classes)
        var velocityW = w
        var velocityB = b
        var logits = [Float](repeating: 0, count: n * classes)
        var gradW = w
        for _ in 0..<training.steps {
            // logits = x · wᵀ + b
            x.withUnsafeBufferPointer { xp in
                w.withUnsafeBufferPointer { wp in
                    logits.withUnsafeMutableBufferPointer { lp in
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(classes), Int32(d), 1,
                                    xp.baseAddress, Int32(d), wp.baseAddress, Int32(d), 0, lp.baseAddress, Int32(classes))
                    }
                }
            }
            var gradB = [Float](repeating: 0, count: classes)
            for i in 0..<n {
                let row = i * classes
                var largest = -Float.infinity
                for c in 0..<classes {
                    logits[row + c] += b[c]
                    largest = max(largest, logits[row + c])
                }
                var sum: Float = 0
                for c in 0..<classes {
                    logits[row + c] = expf(logits[row + c] - largest)
                    sum += logits[row + c]
                }
                // The gradient of the weighted cross-entropy with respect to the logits: (p − y) · weight.
                for c in 0..<classes {
                    let p = logits[row + c] / sum
                    logits[row + c] = (p - (labels[i] == c ? 1 : 0)) * sampleWeight[i]
                    gradB[c] += logits[row + c]
                }
            }
            // gradW = gᵀ · x + l2 · w
            gradW = w
            logits.withUnsafeBufferPointer { gp in
                x.withUnsafeBufferPointer { xp in
                    gradW.withUnsafeMutableBufferPointer { gw in
                        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(classes), Int32(d), Int32(n), 1,
                                    gp.baseAddress, Int32(classes), xp.baseAddress, Int32(d), training.l2,
                                    gw.baseAddress, Int32(d))
                    }
                }
            }
            for k in 0..<w.count {
                velocityW[k] = training.momentum * velocityW[k] - training.learningRate * gradW[k]
                w[k] += velocityW[k]
            }
            for c in 0..<classes {
                velocityB[c] = training.momentum * velocityB[c] - training.learningRate * gradB[c]
                b[c] += velocityB[c]
            }
        }
        return SoftmaxRegression(classes: classes, dimensions: d, weights: w, biases: b, mean: mean)
    }

    /// The probability of each class for `input`.
    public func probabilities(_ input: [Float]) -> [Double] {
        precondition(input.count == dimensions, "input of \(input.count) dimensions for a \(dimensions)-dimension head")
        var logits = [Double](repeating: 0, count: classes)
        weights.withUnsafeBufferPointer { w in
            for c in 0..<classes {
                var dot = Double(biases[c])
                let base = c * dimensions
                for j in 0..<dimensions { dot += Double(w[base + j]) * Double(input[j] - mean[j]) }
                logits[c] = dot
            }
        }
        let largest = logits.max() ?? 0
        let exps = logits.map { exp($0 - largest) }
        let sum = exps.reduce(0, +)
        return exps.map { $0 / sum }
    }
}
