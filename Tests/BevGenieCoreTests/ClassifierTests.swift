import Foundation
import Testing

@testable import BevGenieCore

/// The labelled set in Examples/eval/intents.jsonl: messages a visitor might type, labelled by a person.
struct LabelledMessage: Sendable, CustomTestStringConvertible {
    var message: String
    var intent: Intent
    var painPoints: [PainPoint]
    var role: Role?
    var testDescription: String { message }

    static let all = load("intents.jsonl")
    /// Written independently of the classifier and never used to tune it: the honest figure.
    static let holdout = load("intents-holdout.jsonl")

    static func load(_ name: String) -> [LabelledMessage] {
        let text = try! String(contentsOfFile: packageRoot + "/Examples/eval/" + name, encoding: .utf8)
        return text.split(separator: "\n").map { line in
            let json = try! JSONParser.parse(String(line))
            return LabelledMessage(
                message: json["message"]!.stringValue!, intent: Intent(rawValue: json["intent"]!.stringValue!)!,
                painPoints: json["painPoints"]!.arrayValue!.compactMap { $0.stringValue.flatMap(PainPoint.init) },
                role: json["role"]?.stringValue.flatMap(Role.init))
        }
    }
}

@Suite struct ClassifierTests {
    /// Agreement with the labels across each set. The classifier is rules, not a model; the bar is that
    /// it picks what a person would pick for the large majority, and the failures are printed for inspection.
    @Test(arguments: [("tuning set", LabelledMessage.all, 0.9), ("held-out set", LabelledMessage.holdout, 0.72)])
    func intentAgreesWithPeople(_ name: String, _ set: [LabelledMessage], _ bar: Double) {
        let classifier = LocalIntentClassifier()
        var correct = 0
        var misses: [String] = []
        for item in set {
            let decision = classifier.decide(AnalyzedMessage(item.message))
            if decision.intent == item.intent {
                correct += 1
            } else {
                misses.append("  \(item.intent.rawValue) ← \(decision.intent.rawValue): \(item.message)")
            }
        }
        let accuracy = Double(correct) / Double(set.count)
        print("intent accuracy on the \(name): \(correct)/\(set.count) = \(String(format: "%.1f%%", accuracy * 100))")
        print(misses.joined(separator: "\n"))
        #expect(set.count >= 100)
        #expect(accuracy >= bar)
    }

    @Test func painPointsAndRolesAgreeWithPeople() {
        let detector = SignalDetector()
        var truePositives = 0, falsePositives = 0, falseNegatives = 0
        var roleCorrect = 0, roleLabelled = 0, roleWrong = 0
        var misses: [String] = []
        for item in LabelledMessage.all {
            let message = AnalyzedMessage(item.message)
            let found = Set(detector.painPointSignals(in: message).map(\.painPoint))
            let expected = Set(item.painPoints)
            truePositives += found.intersection(expected).count
            falsePositives += found.subtracting(expected).count
            falseNegatives += expected.subtracting(found).count
            if found != expected { misses.append("  \(expected.map(\.rawValue).sorted()) ← \(found.map(\.rawValue).sorted()): \(item.message)") }
            let role = detector.roleSignal(in: message)?.role
            if let labelled = item.role {
                roleLabelled += 1
                if role == labelled { roleCorrect += 1 }
            }
            if let role, role != item.role { roleWrong += 1 }
            if role != item.role { misses.append("  role \(item.role?.rawValue ?? "-") ← \(role?.rawValue ?? "-"): \(item.message)") }
        }
        let precision = Double(truePositives) / Double(max(1, truePositives + falsePositives))
        let recall = Double(truePositives) / Double(max(1, truePositives + falseNegatives))
        print(String(format: "pain points: precision %.2f, recall %.2f; roles: %d/%d found, %d wrong", precision, recall,
                     roleCorrect, roleLabelled, roleWrong))
        print(misses.joined(separator: "\n"))
        #expect(recall >= 0.75)
        #expect(precision >= 0.6)
        #expect(Double(roleCorrect) / Double(roleLabelled) >= 0.75)
        #expect(roleWrong <= 5)
    }

    @Test(arguments: [
        ("hi", Intent.greeting), ("thanks!", .greeting),
        ("hello, how much does it cost for 20 users?", .pricing),
        ("Our distributor reps ignore our brand. How do we get mindshare?", .painPoint),
        ("BevGenie vs Salesforce?", .comparison), ("can i get a demo", .demo),
        ("Does the Rep Copilot app work offline?", .feature), ("Show me a customer story from a brewery", .caseStudy),
        ("What's the difference between depletions and shipments?", .information),
    ])
    func obviousMessages(_ message: String, _ intent: Intent) async throws {
        #expect(try await LocalIntentClassifier().classify(message).intent == intent)
    }

    @Test func evidenceIsTheVisitorsOwnSentence() {
        let message = AnalyzedMessage("We're a craft brewery in Ohio. Our distributor reps ignore our brand. Help!")
        let signals = SignalDetector().painPointSignals(in: message)
        #expect(signals.first?.painPoint == .distributorPerformance)
        #expect(signals.first?.evidence == "Our distributor reps ignore our brand.")
        #expect(SignalDetector().roleSignal(in: message)?.role == .supplier)
    }
}
