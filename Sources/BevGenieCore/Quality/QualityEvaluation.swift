import Foundation
import Synchronization

/// Answer and page quality on a labelled set, measured through the real pipeline.
///
/// Each question runs as a fresh conversation through `pipeline`; what the visitor would see (the answer text and
/// the page) is scored against the labels:
/// - key fact: the labelled sentence, or its key figure, appears in the answer (answerable questions);
/// - page built: a page came back for a question that calls for one, and it cites only the user's documents;
/// - off-topic: no page; not covered: the answer names the thing it could not find, quotes nothing, and takes at
///   most two sentences (a "not covered" line and what the knowledge does cover), instead of padding.
public struct QualityEvaluation: Sendable {
    /// What happened to one question.
    public struct Outcome: Sendable {
        public var question: QualityQuestion
        public var answer: String
        public var page: JSONValue?
        /// Answerable questions: whether the answer states the labelled fact.
        public var factFound: Bool?
        /// Pages built: whether every source is one of the user's documents.
        public var pageCitesOnlyUserDocuments: Bool?
        /// Not-covered questions: whether the answer said so briefly.
        public var saidNotCovered: Bool?
        /// Set when the run failed.
        public var error: String?

        public var pageBuilt: Bool { page != nil }
    }

    /// The rates over a set of outcomes, as counts so halves and corpora can be added up.
    public struct Score: Sendable, Equatable {
        public var questions = 0
        public var answerable = 0
        public var factFound = 0
        public var pageExpected = 0
        public var pageBuilt = 0
        public var pages = 0
        public var pagesOwnOnly = 0
        public var offTopic = 0
        public var offTopicNoPage = 0
        public var notCovered = 0
        public var notCoveredBrief = 0
        public var failed = 0

        public init(_ outcomes: [Outcome]) {
            for outcome in outcomes {
                questions += 1
                if outcome.error != nil { failed += 1 }
                let kind = outcome.question.kind
                if kind.isAnswerable {
                    answerable += 1
                    if outcome.factFound == true { factFound += 1 }
                }
                if outcome.question.expectsPage {
                    pageExpected += 1
                    if outcome.pageBuilt { pageBuilt += 1 }
                }
                if outcome.pageBuilt {
                    pages += 1
                    if outcome.pageCitesOnlyUserDocuments == true { pagesOwnOnly += 1 }
                }
                if kind == .offTopic {
                    offTopic += 1
                    if !outcome.pageBuilt { offTopicNoPage += 1 }
                }
                if kind == .notCovered {
                    notCovered += 1
                    if outcome.saidNotCovered == true { notCoveredBrief += 1 }
                }
            }
        }

        public static func rate(_ part: Int, _ whole: Int) -> Double? { whole == 0 ? nil : Double(part) / Double(whole) }
        public var factRate: Double? { Self.rate(factFound, answerable) }
        public var pageRate: Double? { Self.rate(pageBuilt, pageExpected) }
        public var ownPagesRate: Double? { Self.rate(pagesOwnOnly, pages) }
        public var offTopicRefusalRate: Double? { Self.rate(offTopicNoPage, offTopic) }
        public var notCoveredRate: Double? { Self.rate(notCoveredBrief, notCovered) }

        public var json: JSONValue {
            func rate(_ value: Double?) -> JSONValue { value.map { .rounded($0) } ?? .null }
            return .object([
                ("questions", .int(questions)), ("failed", .int(failed)),
                ("keyFact", .object([("found", .int(factFound)), ("of", .int(answerable)), ("rate", rate(factRate))])),
                ("pageBuilt", .object([("built", .int(pageBuilt)), ("of", .int(pageExpected)), ("rate", rate(pageRate))])),
                ("pagesCitingOnlyUserDocuments", .object([("pages", .int(pagesOwnOnly)), ("of", .int(pages)), ("rate", rate(ownPagesRate))])),
                ("offTopicNoPage", .object([("refused", .int(offTopicNoPage)), ("of", .int(offTopic)), ("rate", rate(offTopicRefusalRate))])),
                ("notCoveredBrief", .object([("brief", .int(notCoveredBrief)), ("of", .int(notCovered)), ("rate", rate(notCoveredRate))])),
            ])
        }
    }

    public var pipeline: Pipeline
    /// The ids of the documents the answers and pages may cite.
    public var userDocuments: Set<String>

    /// `pipeline` runs without its page cache: every question is judged on a page built for it.
    public init(pipeline: Pipeline, userDocuments: Set<String>) {
        var pipeline = pipeline
        pipeline.pageCache = nil
        self.pipeline = pipeline
        self.userDocuments = userDocuments
    }

    /// Imports `paths` with the real importer and returns the ids of the documents stored.
    public static func importCorpus(_ paths: [String], store: any KnowledgeStore, embedder: any Embedder) async throws
        -> Set<String>
    {
        let collected = Collected()
        let summary = try await KnowledgeImporter(store: store, embedder: embedder).run(paths: paths) { event in
            switch event {
            case .document(_, let id, _, _, _): collected.add(id)
            case .skipped(let file, let line, let reason): collected.problem("\(file)\(line.map { ":\($0)" } ?? ""): \(reason)")
            default: break
            }
        }
        if let problem = collected.problems.first {
            throw QualityQuestion.Failure(line: 0, message: "import skipped \(summary.skipped) item(s): \(problem)")
        }
        return collected.ids
    }

    /// Runs every question, one fresh conversation each, in order.
    public func run(_ questions: [QualityQuestion]) async -> [Outcome] {
        var outcomes: [Outcome] = []
        for question in questions {
            let result = await pipeline.run(ChatRequest(message: question.question)) { _ in }
            switch result {
            case .completed(let payload):
                outcomes.append(judge(question, answer: payload.message, page: payload.generatedPage))
            case .failed(let error):
                var outcome = judge(question, answer: "", page: nil)
                outcome.error = error.error
                outcomes.append(outcome)
            case .cancelled:
                var outcome = judge(question, answer: "", page: nil)
                outcome.error = "cancelled"
                outcomes.append(outcome)
            }
        }
        return outcomes
    }

    /// Scores one answer and page against the question's labels.
    public func judge(_ question: QualityQuestion, answer: String, page: JSONValue?) -> Outcome {
        var outcome = Outcome(question: question, answer: answer, page: page)
        let text = Self.normalized(answer)
        if question.kind.isAnswerable, let sentence = question.sentence {
            outcome.factFound = text.contains(Self.normalized(sentence))
                || (question.key.map { text.contains(Self.normalized($0)) } ?? false)
        }
        if let page {
            let sources = page["sources"]?.arrayValue ?? []
            outcome.pageCitesOnlyUserDocuments = !sources.isEmpty && sources.allSatisfy {
                $0["documentId"]?.stringValue.map(userDocuments.contains) ?? false
            }
        }
        if question.kind == .notCovered {
            let quotesNothing = !answer.contains("[1]")
            let brief = TextAnalysis.sentences(answer.trimmed()).count <= 2
            let names = question.named.map { text.contains(Self.normalized($0)) } ?? true
            outcome.saidNotCovered = quotesNothing && brief && names
        }
        return outcome
    }

    /// Lowercased, Markdown emphasis and typographic quotes removed, whitespace collapsed: the form in which
    /// a quoted sentence is compared with its source.
    public static func normalized(_ text: String) -> String {
        let plain = text.replacingOccurrences(of: "**", with: "")
            .replacingOccurrences(of: "\u{201C}", with: "\"").replacingOccurrences(of: "\u{201D}", with: "\"")
            .replacingOccurrences(of: "\u{2019}", with: "'").replacingOccurrences(of: "\u{2018}", with: "'")
            .lowercased()
        return plain.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Import events arrive on a @Sendable closure: collected under a lock.
    private final class Collected: Sendable {
        private let state = Mutex<(ids: Set<String>, problems: [String])>(([], []))
        func add(_ id: String) { state.withLock { _ = $0.ids.insert(id) } }
        func problem(_ text: String) { state.withLock { $0.problems.append(text) } }
        var ids: Set<String> { state.withLock { $0.ids } }
        var problems: [String] { state.withLock { $0.problems } }
    }
}
