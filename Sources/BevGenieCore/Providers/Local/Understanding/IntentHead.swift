import Foundation
import SentenceEmbedding

/// A trained head over one embedding model's sentence vectors: the probability of each intent for a message.
///
/// Trained (`IntentHead.train`, run by `bevgenie bench intent --train`) on the vote's exemplars
/// (`IntentExemplars`), the head's own training messages (`IntentTrainingExemplars`) and the tuning sets
/// (Examples/eval/intents.jsonl, intents-scope.jsonl) — never on a held-out set. Each text is embedded the way
/// the classifier embeds a message: with its negated requests left out (`NegatedRequests`). The weights ship in
/// the binary (`IntentHead+MiniLM.swift`, generated; `IntentHeadTests` retrains and compares), so a process pays
/// nothing to load them. Only models with shipped weights have a head; with any other embedder the classifier
/// keeps the neighbour vote.
public struct IntentHead: Sendable {
    public let model: String
    public let regression: SoftmaxRegression
    /// The class order of `regression`.
    public static let labels: [Intent] = Intent.allCases

    public init(model: String, regression: SoftmaxRegression) {
        self.model = model
        self.regression = regression
    }

    /// The probability of each intent for the message whose vector is `vector`.
    public func probabilities(_ vector: [Float]) -> IntentProbabilities {
        let values = regression.probabilities(vector)
        return IntentProbabilities(Dictionary(uniqueKeysWithValues: zip(Self.labels, values)))
    }

    /// The shipped head for `model`, when there is one.
    public static func shipped(for model: String) -> IntentHead? {
        model == MiniLMEmbedder.modelName ? miniLM : nil
    }

    private static let miniLM: IntentHead? = decode(base64: miniLMBase64)

    // MARK: - Training

    /// The settings the shipped head was trained with. The L2 penalty is the one cross-validation preferred
    /// (`bench intent --cross-validate`: 92.6 % of 609 out-of-fold readings with 1e-4, 91.1 % with 1e-3).
    public static let training = SoftmaxRegression.Training(l2: 1e-4)

    /// What the head is trained on: every exemplar and the tuning sets' messages, labelled, except any message
    /// that also appears in a held-out set (`excluding`): a few short ones ("Can I get a demo?") are in both.
    public static func trainingSet(tuning: [LabelledIntent], excluding heldOut: Set<String> = []) -> [(Intent, String)] {
        let key = { (text: String) in TextAnalysis.words(text).joined(separator: " ") }
        let excluded = Set(heldOut.map(key))
        return (IntentExemplars.all + IntentTrainingExemplars.all + tuning.map { ($0.intent, $0.message) })
            .filter { !excluded.contains(key($0.1)) }
    }

    /// The tuning sets the head is trained on and the held-out sets it must never see, under Examples/eval.
    public static let tuningFiles = ["intents.jsonl", "intents-scope.jsonl"]
    public static let heldOutFiles = ["intents-holdout.jsonl", "intents-holdout-2.jsonl", "intents-holdout-3.jsonl"]

    /// The training set from the labelled sets in `evalDirectory`: the held-out sets are read only to leave their
    /// messages out.
    public static func trainingSet(evalDirectory: String) throws -> [(Intent, String)] {
        let tuning = try tuningFiles.flatMap { try LabelledIntent.load(path: evalDirectory + "/" + $0) }
        let heldOut = try heldOutFiles.flatMap { try LabelledIntent.load(path: evalDirectory + "/" + $0) }.map(\.message)
        return trainingSet(tuning: tuning, excluding: Set(heldOut))
    }

    /// The text the classifier embeds for `message`: without its negated requests.
    public static func embeddingText(_ message: String) -> String {
        NegatedRequests.masked(AnalyzedMessage(message)).text
    }

    /// Trains a head for `embedder`'s model on `examples`.
    public static func train(_ examples: [(Intent, String)], embedder: any Embedder,
                             training: SoftmaxRegression.Training = IntentHead.training) async throws -> IntentHead {
        let vectors = try await embedder.embed(examples.map { embeddingText($0.1) })
        return train(vectors: vectors, labels: examples.map(\.0), model: embedder.model, training: training)
    }

    /// Trains on vectors already computed (cross-validation reuses them).
    public static func train(vectors: [[Float]], labels: [Intent], model: String,
                             training: SoftmaxRegression.Training = IntentHead.training) -> IntentHead {
        let indices = labels.map { label in Self.labels.firstIndex(of: label)! }
        let regression = SoftmaxRegression.train(inputs: vectors, labels: indices, classes: Self.labels.count,
                                                 training: training)
        return IntentHead(model: model, regression: regression)
    }

    // MARK: - The shipped form

    private static let magic = Array("BGIH".utf8)

    /// `BGIH`, format 1, classes, dimensions, the model's name, then weights, biases and mean as float32, all
    /// little-endian; base64 so it can live in a Swift string literal.
    public func encoded() -> String {
        var bytes = Self.magic
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        append(UInt32(1))
        append(UInt32(regression.classes))
        append(UInt32(regression.dimensions))
        let name = Array(model.utf8)
        append(UInt16(name.count))
        bytes += name
        for value in regression.weights + regression.biases + regression.mean { append(value.bitPattern) }
        return Data(bytes).base64EncodedString()
    }

    static func decode(base64: String) -> IntentHead? {
        guard let data = Data(base64Encoded: base64) else { return nil }
        let bytes = [UInt8](data)
        var offset = 0
        func read<T: FixedWidthInteger>(_: T.Type) -> T? {
            let size = MemoryLayout<T>.size
            guard offset + size <= bytes.count else { return nil }
            var value: T = 0
            for index in 0..<size { value |= T(bytes[offset + index]) << (8 * index) }
            offset += size
            return value
        }
        guard bytes.count >= 4, Array(bytes[0..<4]) == magic else { return nil }
        offset = 4
        guard read(UInt32.self) == 1, let classes = read(UInt32.self).map(Int.init),
            let dimensions = read(UInt32.self).map(Int.init), let nameCount = read(UInt16.self).map(Int.init),
            classes == labels.count, offset + nameCount <= bytes.count
        else { return nil }
        let model = String(decoding: bytes[offset..<(offset + nameCount)], as: UTF8.self)
        offset += nameCount
        let count = classes * dimensions + classes + dimensions
        guard bytes.count - offset == count * 4 else { return nil }
        var values: [Float] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(Float(bitPattern: read(UInt32.self)!)) }
        let weights = Array(values[0..<(classes * dimensions)])
        let biases = Array(values[(classes * dimensions)..<(classes * dimensions + classes)])
        let mean = Array(values[(classes * dimensions + classes)...])
        return IntentHead(model: model, regression: SoftmaxRegression(
            classes: classes, dimensions: dimensions, weights: weights, biases: biases, mean: mean))
    }

    /// The generated Swift file that ships `self`.
    public func swiftSource(command: String) -> String {
        let encoded = encoded()
        var lines: [String] = []
        var start = encoded.startIndex
        while start < encoded.endIndex {
            let end = encoded.index(start, offsetBy: 116, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(String(encoded[start..<end]))
            start = end
        }
        return """
            // Generated by `\(command)`: the intent head trained over \(model) vectors
            // (\(regression.classes) intents × \(regression.dimensions) dimensions, float32). Do not edit.
            extension IntentHead {
                static let miniLMBase64 = \"\"\"
            \(lines.map { "        " + $0 }.joined(separator: "\n"))
                    \"\"\".filter { !$0.isWhitespace }
            }

            """
    }
}

/// The head's reading of one message.
public struct IntentProbabilities: Sendable, Equatable {
    public var values: [Intent: Double]

    public init(_ values: [Intent: Double]) { self.values = values }

    public subscript(intent: Intent) -> Double { values[intent] ?? 0 }

    /// The most probable intent outside `excluded`, with its probability.
    public func top(excluding excluded: Set<Intent> = []) -> (intent: Intent, probability: Double)? {
        values.filter { !excluded.contains($0.key) }
            .max { ($0.value, $1.key.priority) < ($1.value, $0.key.priority) }
            .map { ($0.key, $0.value) }
    }
}
