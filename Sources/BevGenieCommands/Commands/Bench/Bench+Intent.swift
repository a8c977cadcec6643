import ArgumentParser
import BevGenieCore
import Foundation

extension BevGenieCLI.Bench {
    struct Intent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "intent",
            abstract: "Measure stage 1: intent accuracy per labelled set, scope refusals, confusion, startup cost.",
            discussion: """
                Classifies every message of each labelled set (Examples/eval) and prints accuracy, the rate at \
                which out-of-scope messages (other subjects, small talk, prompt injection) are refused and \
                in-scope ones wrongly refused, accuracy per kind of message where the set labels it, and the \
                confusion matrix. Sets: tuning (intents.jsonl), scope (intents-scope.jsonl, the out-of-scope and \
                negation tuning slice), holdout (intents-holdout.jsonl), holdout-2 (intents-holdout-2.jsonl), \
                holdout-3 (intents-holdout-3.jsonl). The held-out sets are for reporting: never tune on them.

                Also times building the exemplar index for the embedder (once per process) and classifying one \
                message, in the same run as the lexicon alone.

                With --embedder minilm, stage 1 reads messages with the trained intent head. --train trains it \
                (exemplars, the head's training messages and the tuning sets; never a held-out message) and \
                writes the generated Swift file (--output); rebuild to use it. --cross-validate trains it 5 times, \
                each time without a fifth of that data, and ranks the classifier's thresholds on the readings of \
                the left-out messages: the honest way to choose them.

                Examples:
                  bevgenie bench intent
                  bevgenie bench intent --sets tuning,scope --misses
                  bevgenie bench intent --classifier lexicon
                  bevgenie bench intent --embedder minilm --cross-validate
                  bevgenie bench intent --embedder minilm --train
                """)

        @Option(help: "Sets to measure, comma-separated: tuning, scope, holdout, holdout-2, holdout-3.")
        var sets = "tuning,scope,holdout,holdout-2,holdout-3"

        @Option(help: "The classifier: hybrid (lexicon + exemplars + scope check, the default) or lexicon.")
        var classifier = "hybrid"

        @Option(help: ArgumentHelp("The embedder for the exemplar vote and the head: builtin, minilm or openai:MODEL.", valueName: "name"))
        var embedder = "builtin"

        @Option(help: ArgumentHelp("The folder holding the labelled sets.", valueName: "dir"))
        var evalDir = "Examples/eval"

        @Flag(help: "Print every message the classifier got wrong.")
        var misses = false

        @Flag(help: "Train the intent head (needs --embedder minilm) on the exemplars and the tuning sets, write --output.")
        var train = false

        @Flag(help: "Cross-validate the intent head on the tuning sets (5 folds) and rank the classifier's thresholds.")
        var crossValidate = false

        @Option(help: ArgumentHelp("Where --train writes the generated head.", valueName: "file"))
        var output = Self.headSource

        static let files = [
            "tuning": "intents.jsonl", "scope": "intents-scope.jsonl", "holdout": "intents-holdout.jsonl",
            "holdout-2": "intents-holdout-2.jsonl", "holdout-3": "intents-holdout-3.jsonl",
        ]

        func validate() throws {
            for name in sets.split(separator: ",") where Self.files[String(name)] == nil {
                throw ValidationError("unknown set '\(name)': use tuning, scope, holdout, holdout-2 or holdout-3")
            }
            guard ["hybrid", "lexicon"].contains(classifier) else {
                throw ValidationError("--classifier is hybrid or lexicon")
            }
        }

        func run() async throws {
            let out = Terminal.standardOutput
            let embedder = try EmbedderFactory.make(embedder)
            if train { return try await trainHead(embedder: embedder, to: out) }
            if crossValidate { return try await crossValidate(embedder: embedder, to: out) }
            let chosen: any IntentClassifier = classifier == "hybrid"
                ? HybridIntentClassifier(embedder: embedder) : LexiconOnly()
            out.write("bevgenie bench intent — \(BevGenieBuild.configuration) build, classifier \(classifier), "
                + "embedder \(embedder.model)\n\n")

            let clock = ContinuousClock()
            let buildStart = clock.now
            let index = try await ExemplarIndex(embedder: embedder)
            let buildMs = (clock.now - buildStart).milliseconds
            out.write(String(format: "exemplar index: %d exemplars embedded in %.1f ms (once per process and model)\n",
                             index.count, buildMs))
            let sample = "Our distributor reps ignore our brand. How do we get mindshare?"
            let hybrid = HybridIntentClassifier(embedder: embedder)
            _ = try await hybrid.classify(sample)
            let rounds = 200
            var start = clock.now
            for _ in 0..<rounds { _ = try await hybrid.classify(sample) }
            let hybridMs = (clock.now - start).milliseconds / Double(rounds)
            start = clock.now
            for _ in 0..<rounds { _ = try await LexiconOnly().classify(sample) }
            let lexiconMs = (clock.now - start).milliseconds / Double(rounds)
            out.write(String(format: "one message: hybrid %.3f ms, lexicon alone %.3f ms (ratio %.1f×)\n\n",
                             hybridMs, lexiconMs, hybridMs / max(lexiconMs, 0.0001)))

            for name in sets.split(separator: ",").map(String.init) {
                let path = evalDir + "/" + Self.files[name]!
                let items = try LabelledIntent.load(path: path)
                let evaluation = try await IntentEvaluation.run(items, classifier: chosen)
                out.write(String(format: "%@ (%@): %d/%d = %.1f%%", name, Self.files[name]!, evaluation.correct,
                                 evaluation.total, evaluation.accuracy * 100))
                if evaluation.confusion[.outOfScope] != nil {
                    out.write(String(format: ", out-of-scope refused %.1f%%", evaluation.refusalRate * 100))
                }
                out.write(String(format: ", in-scope wrongly refused %.1f%%\n", evaluation.falseRefusalRate * 100))
                if !evaluation.byKind.isEmpty {
                    let kinds = evaluation.byKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.correct)/\($0.value.total)" }
                    out.write("  by kind: " + kinds.joined(separator: ", ") + "\n")
                }
                Self.printConfusion(evaluation, to: out)
                if misses {
                    for miss in evaluation.misses {
                        out.write("  \(miss.label.rawValue) ← \(miss.decided.rawValue): \(miss.message)\n")
                    }
                }
                out.write("\n")
            }
        }

        /// Rows: the label; columns: what was decided (first four letters of each intent).
        static func printConfusion(_ evaluation: IntentEvaluation, to out: Terminal) {
            let intents = BevGenieCore.Intent.allCases
            let header = "  label \\ decided".padding(toLength: 20, withPad: " ", startingAt: 0)
                + intents.map { String($0.rawValue.prefix(5)).padding(toLength: 6, withPad: " ", startingAt: 0) }.joined()
            out.write(header + "\n")
            for label in intents {
                guard let row = evaluation.confusion[label] else { continue }
                let cells = intents.map { decided -> String in
                    let count = row[decided] ?? 0
                    return (count == 0 ? "." : String(count)).padding(toLength: 6, withPad: " ", startingAt: 0)
                }
                out.write(("  " + label.rawValue).padding(toLength: 20, withPad: " ", startingAt: 0) + cells.joined() + "\n")
            }
        }
    }
}

/// The lexicon alone, for comparison with the hybrid classifier.
private struct LexiconOnly: IntentClassifier {
    let name = "lexicon"
    func classify(_ message: String) async throws -> IntentDecision {
        LocalIntentClassifier().decide(AnalyzedMessage(message))
    }
}
