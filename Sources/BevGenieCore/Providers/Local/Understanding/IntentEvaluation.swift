import Foundation

/// A labelled visitor message of the sets under Examples/eval (`intents*.jsonl`).
public struct LabelledIntent: Sendable {
    public var message: String
    public var intent: Intent
    public var painPoints: [PainPoint]
    public var role: Role?
    /// The set's own grouping ("negation", "injection", …) when it has one.
    public var kind: String?

    public init(message: String, intent: Intent, painPoints: [PainPoint] = [], role: Role? = nil, kind: String? = nil) {
        self.message = message
        self.intent = intent
        self.painPoints = painPoints
        self.role = role
        self.kind = kind
    }

    /// Reads one JSON object per line: `{"message","intent","painPoints","role"?,"kind"?}`.
    public static func load(path: String) throws -> [LabelledIntent] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var items: [LabelledIntent] = []
        for (number, line) in text.split(separator: "\n").enumerated() where !line.trimmed().isEmpty {
            let json = try JSONParser.parse(String(line))
            guard let message = json["message"]?.stringValue,
                let intent = json["intent"]?.stringValue.flatMap(Intent.init(rawValue:))
            else { throw EvaluationError.badLine(path: path, line: number + 1) }
            items.append(LabelledIntent(
                message: message, intent: intent,
                painPoints: json["painPoints"]?.arrayValue?.compactMap { $0.stringValue.flatMap(PainPoint.init) } ?? [],
                role: json["role"]?.stringValue.flatMap(Role.init), kind: json["kind"]?.stringValue))
        }
        return items
    }
}

/// Problems reading a labelled set.
public enum EvaluationError: Error, CustomStringConvertible {
    /// A line without a message or with an unknown intent.
    case badLine(path: String, line: Int)

    public var description: String {
        switch self {
        case .badLine(let path, let line): return "\(path):\(line): needs \"message\" and a known \"intent\""
        }
    }
}

/// How a classifier agrees with one labelled set: accuracy, the confusion matrix and the misses.
public struct IntentEvaluation: Sendable {
    public var total = 0
    public var correct = 0
    /// label → decided → count.
    public var confusion: [Intent: [Intent: Int]] = [:]
    public var misses: [(label: Intent, decided: Intent, message: String)] = []
    /// Per `kind`: (correct, total).
    public var byKind: [String: (correct: Int, total: Int)] = [:]

    public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }

    /// Of the messages labelled out_of_scope, the share decided out_of_scope.
    public var refusalRate: Double {
        let row = confusion[.outOfScope] ?? [:]
        let count = row.values.reduce(0, +)
        return count == 0 ? 0 : Double(row[.outOfScope] ?? 0) / Double(count)
    }

    /// Of the messages labelled in scope, the share wrongly decided out_of_scope.
    public var falseRefusalRate: Double {
        var refused = 0, count = 0
        for (label, row) in confusion where label != .outOfScope {
            count += row.values.reduce(0, +)
            refused += row[.outOfScope] ?? 0
        }
        return count == 0 ? 0 : Double(refused) / Double(count)
    }

    public static func run(_ set: [LabelledIntent], classifier: any IntentClassifier) async throws -> IntentEvaluation {
        var evaluation = IntentEvaluation()
        for item in set {
            let decided = try await classifier.classify(item.message).intent
            evaluation.total += 1
            evaluation.confusion[item.intent, default: [:]][decided, default: 0] += 1
            let right = decided == item.intent
            if right { evaluation.correct += 1 } else { evaluation.misses.append((item.intent, decided, item.message)) }
            if let kind = item.kind {
                let current = evaluation.byKind[kind] ?? (0, 0)
                evaluation.byKind[kind] = (current.correct + (right ? 1 : 0), current.total + 1)
            }
        }
        return evaluation
    }
}
