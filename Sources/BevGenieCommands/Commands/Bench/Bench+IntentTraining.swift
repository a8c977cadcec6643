import BevGenieCore
import Foundation
import SentenceEmbedding

/// `bench intent --train` and `--cross-validate`: the intent head's training and the honest choice of its settings.
///
/// Both read only the tuning sets (intents.jsonl, intents-scope.jsonl) plus the exemplars; the held-out sets are
/// never loaded here.
extension BevGenieCLI.Bench.Intent {
    static let tuningFiles = ["intents.jsonl", "intents-scope.jsonl"]
    static let headSource = "Sources/BevGenieCore/Providers/Local/Understanding/IntentHead+MiniLM.swift"

    func tuningItems() throws -> [LabelledIntent] {
        try Self.tuningFiles.flatMap { try LabelledIntent.load(path: evalDir + "/" + $0) }
    }

    /// Trains the head on everything allowed and writes the generated Swift file.
    func trainHead(embedder: any Embedder, to out: Terminal) async throws {
        guard embedder.model == MiniLMEmbedder.modelName else {
            throw CommandFailure("--train needs --embedder minilm (the shipped head is for \(MiniLMEmbedder.modelName))", exitCode: 2)
        }
        let examples = IntentHead.trainingSet(tuning: try tuningItems())
        let head = try await IntentHead.train(examples, embedder: embedder)
        let command = "bevgenie bench intent --embedder minilm --train"
        try head.swiftSource(command: command).write(toFile: output, atomically: true, encoding: .utf8)
        out.write("trained the intent head on \(examples.count) messages; wrote \(output) (rebuild to use it)\n")
    }

    /// k-fold cross-validation over the tuning sets: each fold's head is trained without that fold, and the
    /// classifier's thresholds are measured on the out-of-fold readings.
    func crossValidate(embedder: any Embedder, to out: Terminal) async throws {
        let tuning = try tuningItems()
        let base = IntentHead.trainingSet(tuning: [])
        let texts = (base.map(\.1) + tuning.map(\.message)).map(IntentHead.embeddingText)
        out.write("embedding \(texts.count) messages…\n")
        let vectors = try await embedder.embed(texts)
        let baseVectors = Array(vectors[0..<base.count])
        let tuningVectors = Array(vectors[base.count...])
        let folds = 5

        for l2 in [Float(1e-4), 3e-4, 1e-3, 3e-3] {
            var settings = IntentHead.training
            settings.l2 = l2
            let readings = outOfFold(base: base, baseVectors: baseVectors, tuning: tuning, tuningVectors: tuningVectors,
                                     folds: folds, model: embedder.model, training: settings)
            let alone = zip(tuning, readings).filter { $0.0.intent == $0.1.top()?.intent }.count
            let hybrid = HybridIntentClassifier(embedder: nil)
            let combined = zip(tuning, readings).filter { hybrid.decide($0.0.message, head: $0.1).intent == $0.0.intent }.count
            out.write(String(format: "l2 %.0e: head alone %d/%d = %.1f%%, hybrid (default thresholds) %d/%d = %.1f%%\n",
                             Double(l2), alone, tuning.count, Double(alone) * 100 / Double(tuning.count), combined,
                             tuning.count, Double(combined) * 100 / Double(tuning.count)))
        }

        let readings = outOfFold(base: base, baseVectors: baseVectors, tuning: tuning, tuningVectors: tuningVectors,
                                 folds: folds, model: embedder.model, training: IntentHead.training)
        var results: [(Int, HybridIntentClassifier.HeadThresholds)] = []
        for outOfScope in [0.4, 0.5, 0.6, 0.7] {
            for keepsInScope in [0.5, 0.6, 0.7, 0.8] {
                for lexiconVeto in [0.0, 0.02, 0.05, 0.1, 0.2] {
                    for overrules in [0.3, 0.4, 0.5, 0.6, 0.7] {
                        for overrulesGreeting in [0.6, 0.7, 0.8, 0.9, 1.01] {
                            var limits = HybridIntentClassifier.HeadThresholds()
                            limits.outOfScope = outOfScope
                            limits.keepsInScope = keepsInScope
                            limits.lexiconVeto = lexiconVeto
                            limits.overrules = overrules
                            limits.overrulesGreeting = overrulesGreeting
                            var classifier = HybridIntentClassifier(embedder: nil)
                            classifier.headThresholds = limits
                            let right = zip(tuning, readings)
                                .filter { classifier.decide($0.0.message, head: $0.1).intent == $0.0.intent }.count
                            results.append((right, limits))
                        }
                    }
                }
            }
        }
        results.sort { $0.0 > $1.0 }
        out.write("best thresholds on the out-of-fold readings of the tuning sets (\(tuning.count) messages):\n")
        for (right, limits) in results.prefix(12) {
            out.write(String(format: "  %d = %.1f%%: outOfScope %.2f keepsInScope %.2f lexiconVeto %.2f overrules %.2f overrulesGreeting %.2f\n",
                             right, Double(right) * 100 / Double(tuning.count), limits.outOfScope, limits.keepsInScope,
                             limits.lexiconVeto, limits.overrules, limits.overrulesGreeting))
        }
        let current = HybridIntentClassifier(embedder: nil)
        let misses = zip(tuning, readings).filter { current.decide($0.0.message, head: $0.1).intent != $0.0.intent }
        out.write("tuning misses with the current thresholds (out of fold): \(misses.count)\n")
        if self.misses {
            for (item, reading) in misses {
                let decided = current.decide(item.message, head: reading).intent
                let top = reading.top().map { String(format: "%@ %.2f", $0.intent.rawValue, $0.probability) } ?? "-"
                out.write("  \(item.intent.rawValue) ← \(decided.rawValue) [head: \(top)]: \(item.message)\n")
            }
        }
    }

    /// Per tuning item, the head's reading by a head trained without the item's fold.
    func outOfFold(base: [(BevGenieCore.Intent, String)], baseVectors: [[Float]], tuning: [LabelledIntent],
                   tuningVectors: [[Float]], folds: Int, model: String, training: SoftmaxRegression.Training)
        -> [IntentProbabilities]
    {
        var readings = [IntentProbabilities](repeating: IntentProbabilities([:]), count: tuning.count)
        for fold in 0..<folds {
            let train = tuning.indices.filter { $0 % folds != fold }
            let head = IntentHead.train(vectors: baseVectors + train.map { tuningVectors[$0] },
                                        labels: base.map(\.0) + train.map { tuning[$0].intent }, model: model,
                                        training: training)
            for index in tuning.indices where index % folds == fold {
                readings[index] = head.probabilities(tuningVectors[index])
            }
        }
        return readings
    }
}
