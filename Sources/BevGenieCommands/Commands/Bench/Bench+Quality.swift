import ArgumentParser
import BevGenieCore
import Foundation

extension BevGenieCLI.Bench {
    struct Quality: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "quality",
            abstract: "Measure answer and page quality on labelled corpora, through the real pipeline.",
            discussion: """
                For each corpus, imports its documents with `kb import`'s importer into a fresh temporary \
                database without the starter knowledge (the `starter` corpus is the built-in starter itself), runs \
                every labelled question of each half through the local pipeline, and prints per corpus and half: \
                the share of answers that state the labelled fact (the sentence or its key figure), the share of \
                questions calling for a page that got one, the share of pages citing only the corpus's own \
                documents, off-topic questions that got no page, and questions about things the knowledge does \
                not contain answered with a brief "not covered" instead of padding.

                Sets live in <sets>/sets/<corpus>-<half>.jsonl, documents in <sets>/<corpus>/ (see \
                Examples/quality/README.md). Tune only on the tuning half: `--half tuning`.

                Examples:
                  bevgenie bench quality
                  bevgenie bench quality --half tuning --misses
                  bevgenie bench quality --corpus prose --format json | jq '.results[].score.keyFact'
                """)

        enum Half: String, ExpressibleByArgument, CaseIterable {
            case tuning, heldout, both
        }

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        @Option(help: ArgumentHelp("The folder with the corpora and their question sets.", valueName: "dir"))
        var sets = "Examples/quality"

        @Option(help: "Corpora to run, comma-separated: prose, mixed, starter.")
        var corpus = "prose,mixed,starter"

        @Option(help: "Which half of each set: tuning, heldout or both.")
        var half: Half = .both

        @Option(help: "The embedder for import and questions (builtin or openai:MODEL).")
        var embedder = "builtin"

        @Option(help: "text (a table) or json.")
        var format: Format = .text

        @Flag(help: "Also print every question whose answer missed the labelled fact or the expected behaviour.")
        var misses = false

        @Flag(help: "Also print every question with its answer.")
        var answers = false

        func run() async throws {
            let corpora = corpus.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard !corpora.isEmpty else { throw CommandFailure("--corpus needs at least one name", exitCode: 2) }
            let embedderModel = try EmbedderFactory.make(embedder)
            let halves: [Half] = half == .both ? [.tuning, .heldout] : [half]
            let directory = NSTemporaryDirectory() + "bevgenie-bench-quality-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }

            let out = Terminal.standardOutput
            let started = ContinuousClock.now
            var results: [JSONValue] = []
            var report = ""
            if format == .text {
                out.write("bevgenie bench quality — \(BevGenieBuild.configuration) build, embedder \(embedderModel.model)\n\n")
                out.write(Self.header)
            }
            for name in corpora {
                let isStarter = name == "starter"
                let documents = sets + "/" + name
                if !isStarter, !FileManager.default.fileExists(atPath: documents) {
                    throw CommandFailure("no corpus at \(documents) (run from the repository root or pass --sets)", exitCode: 2)
                }
                let store = try SQLiteStore(path: directory + "/\(name).db", seedStarterKnowledge: isStarter)
                let userDocuments = isStarter
                    ? Set(StarterKnowledge.documents.map(\.id))
                    : try await QualityEvaluation.importCorpus([documents], store: store, embedder: embedderModel)
                let evaluation = QualityEvaluation(
                    pipeline: BevGenieCore.Pipeline.local(store: store, embedder: embedderModel), userDocuments: userDocuments)
                for half in halves {
                    let file = sets + "/sets/\(name)-\(half.rawValue).jsonl"
                    guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                        throw CommandFailure("cannot read \(file)", exitCode: 2)
                    }
                    let questions: [QualityQuestion]
                    do { questions = try QualityQuestion.parse(jsonLines: text) } catch {
                        throw CommandFailure("\(file): \(error)", exitCode: 2)
                    }
                    let outcomes = await evaluation.run(questions)
                    let score = QualityEvaluation.Score(outcomes)
                    results.append(.object([
                        ("corpus", .string(name)), ("half", .string(half.rawValue)), ("score", score.json),
                        ("misses", .array(outcomes.filter(Self.missed).map(Self.json))),
                    ]))
                    if format == .text {
                        out.write(Self.row(name, half.rawValue, score))
                        if misses || answers {
                            for outcome in outcomes where answers || Self.missed(outcome) {
                                report += Self.describe(outcome, corpus: name, half: half.rawValue)
                            }
                        }
                    }
                }
            }
            let seconds = (ContinuousClock.now - started).milliseconds / 1000
            if format == .json {
                out.write(JSONValue.object([
                    ("embedder", .string(embedderModel.model)), ("build", .string(BevGenieBuild.configuration)),
                    ("seconds", .rounded(seconds, places: 2)), ("results", .array(results)),
                ]).prettySerialized() + "\n")
            } else {
                out.write(String(format: "\n%.1f s\n", seconds))
                if !report.isEmpty { out.write("\n" + report) }
            }
        }

        static let header = BenchSupport.row(
            ["corpus", "half", "questions", "key fact", "page built", "own pages", "off-topic", "not covered"],
            first: 8, width: 12)

        static func row(_ corpus: String, _ half: String, _ score: QualityEvaluation.Score) -> String {
            func cell(_ part: Int, _ whole: Int) -> String {
                guard whole > 0 else { return "-" }
                return String(format: "%d/%d %3.0f%%", part, whole, 100 * Double(part) / Double(whole))
            }
            return BenchSupport.row(
                [corpus, half, "\(score.questions)", cell(score.factFound, score.answerable),
                 cell(score.pageBuilt, score.pageExpected), cell(score.pagesOwnOnly, score.pages),
                 cell(score.offTopicNoPage, score.offTopic), cell(score.notCoveredBrief, score.notCovered)],
                first: 8, width: 12)
        }

        static func missed(_ outcome: QualityEvaluation.Outcome) -> Bool {
            outcome.error != nil || outcome.factFound == false || outcome.saidNotCovered == false
                || (outcome.question.expectsPage && !outcome.pageBuilt)
                || (outcome.question.kind == .offTopic && outcome.pageBuilt)
                || outcome.pageCitesOnlyUserDocuments == false
        }

        static func json(_ outcome: QualityEvaluation.Outcome) -> JSONValue {
            .object([
                ("question", .string(outcome.question.question)), ("type", .string(outcome.question.kind.rawValue)),
                ("expected", .string(outcome.question.sentence ?? outcome.question.named)),
                ("answer", .string(outcome.answer)), ("pageBuilt", .bool(outcome.pageBuilt)),
                ("error", .string(outcome.error)),
            ])
        }

        static func describe(_ outcome: QualityEvaluation.Outcome, corpus: String, half: String) -> String {
            var flags: [String] = []
            if outcome.factFound == false { flags.append("fact missing") }
            if outcome.saidNotCovered == false { flags.append("not 'not covered'") }
            if outcome.question.expectsPage && !outcome.pageBuilt { flags.append("no page") }
            if outcome.question.kind == .offTopic && outcome.pageBuilt { flags.append("page for off-topic") }
            if outcome.pageCitesOnlyUserDocuments == false { flags.append("page cites other documents") }
            if let error = outcome.error { flags.append("error: \(error)") }
            var text = "── \(corpus)/\(half) [\(outcome.question.kind.rawValue)] \(outcome.question.question)"
            text += flags.isEmpty ? "\n" : "  ✗ \(flags.joined(separator: ", "))\n"
            if let expected = outcome.question.sentence ?? outcome.question.named { text += "   expected: \(expected)\n" }
            for line in outcome.answer.split(separator: "\n", omittingEmptySubsequences: false) { text += "   │ \(line)\n" }
            return text
        }
    }
}
