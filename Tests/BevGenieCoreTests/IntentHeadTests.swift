import Foundation
import SentenceEmbedding
import Testing

@testable import BevGenieCore

/// The trained intent head: the shipped weights are what training produces today, its training messages are not
/// copied from any evaluation set, and the classifier with the model keeps negated requests from winning.
@Suite struct IntentHeadTests {
    static func set(_ name: String) throws -> [LabelledIntent] {
        try LabelledIntent.load(path: packageRoot + "/Examples/eval/" + name)
    }

    static let tuningSets = IntentHead.tuningFiles
    static let heldOutSets = IntentHead.heldOutFiles

    /// Retrains from the committed training data (the same call `bench intent --train` makes) and compares.
    @Test func shippedHeadIsWhatTrainingProduces() async throws {
        // Fails loudly, naming the install command, when the model is not installed.
        let embedder = try MiniLMEmbedder()
        let shipped = try #require(
            IntentHead.shipped(for: embedder.model),
            "no shipped head: run `bevgenie bench intent --embedder minilm --train` and rebuild")
        let trained = try await IntentHead.train(
            try IntentHead.trainingSet(evalDirectory: packageRoot + "/Examples/eval"), embedder: embedder)
        #expect(trained.regression.classes == shipped.regression.classes)
        #expect(trained.regression.dimensions == shipped.regression.dimensions)
        let scale = trained.regression.weights.map(abs).max() ?? 1
        let worst = zip(trained.regression.weights, shipped.regression.weights).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst <= 0.01 * scale,
                "the shipped head differs from training (max |Δw| \(worst), max |w| \(scale)): run `bevgenie bench intent --embedder minilm --train`")
        let probes = ["our distributor ignores our brand", "how much does it cost", "what's the weather in Boston"]
        for (probe, vector) in zip(probes, try await embedder.embed(probes)) {
            let a = trained.probabilities(vector), b = shipped.probabilities(vector)
            for intent in Intent.allCases { #expect(abs(a[intent] - b[intent]) <= 0.01, "\(probe): \(intent)") }
        }
    }

    /// The head learns: trained on two separable clusters it tells them apart, and a point between them is unsure.
    @Test func softmaxRegressionSeparatesClasses() {
        var inputs: [[Float]] = []
        var labels: [Int] = []
        for index in 0..<40 {
            let jitter = Float(index % 7) * 0.01
            inputs.append([1, jitter, 0])
            labels.append(0)
            inputs.append([0, jitter, 1])
            labels.append(1)
        }
        let head = SoftmaxRegression.train(inputs: inputs, labels: labels, classes: 2,
                                           training: .init(l2: 1e-3, steps: 300, learningRate: 2))
        #expect(head.probabilities([1, 0, 0])[0] > 0.9)
        #expect(head.probabilities([0, 0, 1])[1] > 0.9)
        #expect(abs(head.probabilities([0.5, 0, 0.5])[0] - 0.5) < 0.1)
    }

    /// The head's training messages are written for it, not copied from a held-out set, nor from the tuning sets
    /// (those are added by name in `IntentHead.trainingSet`).
    @Test func trainingMessagesAreNotInTheEvaluationSets() throws {
        var evaluated = Set<String>()
        for name in Self.tuningSets + Self.heldOutSets {
            for item in try Self.set(name) { evaluated.insert(TextAnalysis.words(item.message).joined(separator: " ")) }
        }
        let copied = IntentTrainingExemplars.all.filter { evaluated.contains(TextAnalysis.words($0.1).joined(separator: " ")) }
        #expect(copied.isEmpty, "\(copied.map(\.1))")
        let heldOut = try Self.heldOutSets.flatMap { try Self.set($0) }.map(\.message)
        let trainedOn = Set(try IntentHead.trainingSet(evalDirectory: packageRoot + "/Examples/eval").map(\.1))
        #expect(heldOut.filter(trainedOn.contains).isEmpty)
    }

    @Test func thirdHoldoutIsLargeAndCoversEveryCategory() throws {
        let set = try Self.set("intents-holdout-3.jsonl")
        #expect(set.count >= 150)
        let kinds = Dictionary(grouping: set, by: { $0.kind ?? "" }).mapValues(\.count)
        for kind in ["offtopic", "injection", "smalltalk", "negation", "typo", "multi", "role"] {
            #expect(kinds[kind, default: 0] > 0, "\(kind)")
        }
        for intent in Intent.allCases { #expect(set.contains { $0.intent == intent }, "\(intent)") }
    }

    /// With the model and its head, a negated request never wins and the message stays in scope.
    @Test(arguments: ScopeTests.negatedRequests)
    func negatedRequestsDoNotWinWithTheModel(_ message: String, _ negated: Intent) async throws {
        let classifier = HybridIntentClassifier(embedder: try MiniLMEmbedder())
        #expect(classifier.head != nil)
        let decision = try await classifier.classify(message)
        #expect(decision.intent != negated, "\(message) → \(decision.intent)")
        #expect(decision.intent != .outOfScope)
    }
}
