import BevGenieCore
import Foundation
import SentenceEmbedding

/// `bench intent --train` and `--cross-validate`: the intent head's training and the honest choice of its settings.
///
/// Both learn only from the exemplars and the tuning sets (intents.jsonl, intents-scope.jsonl); the held-out sets
/// are read only to leave out the few messages they share with a tuning set (`IntentHead.trainingSet`).
extension BevGenieCLI.Bench.Intent {
    static let headSource = "Sources/BevGenieCore/Providers/Local/Understanding/IntentHead+MiniLM.swift"

    func tuningItems() throws -> [LabelledIntent] {
        try IntentHead.tuningFiles.flatMap { try LabelledIntent.load(path: evalDir + "/" + $0) }
    }

    /// Trains the head on everything allowed and writes the generated Swift file.
    func trainHead(embedder: any Embedder, to out: Terminal) async throws {
        guard embedder.model == MiniLMEmbedder.modelName else {
            throw CommandFailure("--train needs --embedder minilm (the shipped head is for \(MiniLMEmbedder.modelName))", exitCode: 2)
        }
        let examples = try IntentHead.trainingSet(evalDirectory: evalDir)
        let head = try await IntentHead.train(examples, embedder: embedder)
        let command = "bevgenie bench intent --embedder minilm --train"
        try head.swiftSource(command: command).write(toFile: output, atomically: true, encoding: .utf8)
        out.write("trained the intent head on \(examples.count) messages; wrote \(output) (rebuild to use it)\n")
    }

    /// k-fold cross-validation over everything the head may be trained on (the exemplars and the tuning sets):
    /// each fold's head is trained without that fold, and the classifier's thresholds are ranked on the
    /// out-of-fold readings. The exemplars count as much as the tuning sets: the lexicon was tuned on the tuning
    /// sets, so there it looks surer than it is on new messages; on the exemplars it was not.
    func crossValidate(embedder: any Embedder, to out: Terminal) async throws {
        let pool = try IntentHead.trainingSet(evalDirectory: evalDir).map { LabelledIntent(message: $0.1, intent: $0.0) }
        let tuningCount = try tuningItems().count
        let exemplarCount = IntentHead.trainingSet(tuning: []).count
        let tuning = pool[exemplarCount...]
        out.write("\(pool.count) messages: \(exemplarCount) exemplars, \(tuning.count) of the \(tuningCount) tuning-set messages (the others are also in a held-out set)\n")
        out.write("embedding \(pool.count) messages…\n")
        let vectors = try await embedder.embed(pool.map { IntentHead.embeddingText($0.message) })
        let folds = 5
        func report(_ label: String, _ decide: (Int) -> BevGenieCore.Intent) -> (Int, Int) {
            let right = pool.indices.map { decide($0) == pool[$0].intent }
            let exemplars = right[0..<exemplarCount].filter { $0 }.count
            let tuned = right[exemplarCount...].filter { $0 }.count
            out.write(String(format: "%@: exemplars %d/%d = %.1f%%, tuning sets %d/%d = %.1f%%\n", label, exemplars,
                             exemplarCount, Double(exemplars) * 100 / Double(exemplarCount), tuned, tuning.count,
                             Double(tuned) * 100 / Double(tuning.count)))
            return (exemplars, tuned)
        }
        let lexicon = HybridIntentClassifier(embedder: nil)
        _ = report("lexicon + scope check alone (no model)") { lexicon.decide(AnalyzedMessage(pool[$0].message), vote: nil).intent }

        var readings: [IntentProbabilities] = []
        for l2 in [Float(1e-4), 1e-3] {
            var settings = IntentHead.training
            settings.l2 = l2
            let fold = outOfFold(pool: pool, vectors: vectors, folds: folds, model: embedder.model, training: settings)
            if settings == IntentHead.training { readings = fold }
            _ = report(String(format: "head alone, l2 %.0e", Double(l2))) { fold[$0].top()?.intent ?? .information }
            _ = report(String(format: "hybrid (current thresholds), l2 %.0e", Double(l2))) {
                lexicon.decide(pool[$0].message, head: fold[$0]).intent
            }
        }
        guard !readings.isEmpty else { return }
        let lexicalReadings = pool.map { HybridIntentClassifier.LexicalReading(message: $0.message) }

        var results: [(Int, HybridIntentClassifier.HeadThresholds)] = []
        for outOfScope in [0.4, 0.5, 0.6, 0.7] {
            for keepsInScope in [0.5, 0.6, 0.7, 0.8] {
                for lexiconVeto in [0.0, 0.05, 0.1, 0.2, 0.3] {
                    for overrules in [0.3, 0.4, 0.5, 0.6, 0.7] {
                        for overrulesGreeting in [0.6, 0.8, 1.01] {
                            var limits = HybridIntentClassifier.HeadThresholds()
                            limits.outOfScope = outOfScope
                            limits.keepsInScope = keepsInScope
                            limits.lexiconVeto = lexiconVeto
                            limits.overrules = overrules
                            limits.overrulesGreeting = overrulesGreeting
                            var classifier = HybridIntentClassifier(embedder: nil)
                            classifier.headThresholds = limits
                            let right = pool.indices
                                .filter { classifier.decide(lexicalReadings[$0], head: readings[$0]).intent == pool[$0].intent }.count
                            results.append((right, limits))
                        }
                    }
                }
            }
        }
        results.sort { $0.0 > $1.0 }

        // The other design: one head over the sentence vector and the lexicon's reading together, so training
        // decides how far to trust the lexicon; only the fixed scope rules stand before it.
        for scale in [Float(0.5), 1, 2] {
            let joint = zip(vectors, lexicalReadings).map { $0.0 + $0.1.features.map { $0 * scale } }
            let fold = outOfFold(pool: pool, vectors: joint, folds: folds, model: embedder.model, training: IntentHead.training)
            _ = report(String(format: "joint head (lexicon features × %.1f)", Double(scale))) { index in
                lexicalReadings[index].forcedOutOfScope ? .outOfScope : (fold[index].top()?.intent ?? .information)
            }
        }

        out.write("best thresholds on the out-of-fold readings of all \(pool.count) messages:\n")
        for (right, limits) in results.prefix(10) {
            out.write(String(format: "  %d = %.1f%%: outOfScope %.2f keepsInScope %.2f lexiconVeto %.2f overrules %.2f overrulesGreeting %.2f\n",
                             right, Double(right) * 100 / Double(pool.count), limits.outOfScope, limits.keepsInScope,
                             limits.lexiconVeto, limits.overrules, limits.overrulesGreeting))
        }
        if self.misses {
            for index in pool.indices {
                let decided = lexicon.decide(pool[index].message, head: readings[index]).intent
                guard decided != pool[index].intent else { continue }
                let top = readings[index].top().map { String(format: "%@ %.2f", $0.intent.rawValue, $0.probability) } ?? "-"
                out.write("  \(pool[index].intent.rawValue) ← \(decided.rawValue) [head: \(top)]: \(pool[index].message)\n")
            }
        }
    }

    /// Per item of `pool`, the head's reading by a head trained without the item's fold.
    func outOfFold(pool: [LabelledIntent], vectors: [[Float]], folds: Int, model: String,
                   training: SoftmaxRegression.Training) -> [IntentProbabilities]
    {
        var readings = [IntentProbabilities](repeating: IntentProbabilities([:]), count: pool.count)
        for fold in 0..<folds {
            let train = pool.indices.filter { $0 % folds != fold }
            let head = IntentHead.train(vectors: train.map { vectors[$0] }, labels: train.map { pool[$0].intent },
                                        model: model, training: training)
            for index in pool.indices where index % folds == fold {
                readings[index] = head.probabilities(vectors[index])
            }
        }
        return readings
    }
}
