/// One labelled question of an answer-quality set (`Examples/quality/sets/*.jsonl`).
///
/// An answerable question names the document and the exact sentence that answers it, and optionally the figure or
/// phrase inside that sentence that states the answer (`key`). A `not_covered` question asks about a `named` thing
/// the knowledge never mentions; an `off_topic` one is about something else entirely.
public struct QualityQuestion: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case figure, yesNo = "yes_no", steps, roleFit = "role_fit", explanation
        case notCovered = "not_covered", offTopic = "off_topic"

        /// Whether the knowledge holds the answer.
        public var isAnswerable: Bool { self != .notCovered && self != .offTopic }
    }

    public var question: String
    public var kind: Kind
    public var document: String?
    public var sentence: String?
    public var key: String?
    public var named: String?
    public var expectsPage: Bool

    public init(
        question: String, kind: Kind, document: String? = nil, sentence: String? = nil, key: String? = nil,
        named: String? = nil, expectsPage: Bool
    ) {
        self.question = question
        self.kind = kind
        self.document = document
        self.sentence = sentence
        self.key = key
        self.named = named
        self.expectsPage = expectsPage
    }

    /// Problems with a set's file, with the line they are on.
    public struct Failure: Error, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Reads one question per line; blank lines are skipped.
    public static func parse(jsonLines text: String) throws(Failure) -> [QualityQuestion] {
        var questions: [QualityQuestion] = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            let number = offset + 1
            let json: JSONValue
            do { json = try JSONParser.parse(String(line)) } catch {
                throw Failure(line: number, message: "not JSON: \(error)")
            }
            guard let question = json["question"]?.stringValue, !question.isEmpty else {
                throw Failure(line: number, message: "no \"question\"")
            }
            guard let name = json["type"]?.stringValue, let kind = Kind(rawValue: name) else {
                throw Failure(line: number, message: "\"type\" must be one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let item = QualityQuestion(
                question: question, kind: kind, document: json["document"]?.stringValue,
                sentence: json["sentence"]?.stringValue, key: json["key"]?.stringValue,
                named: json["named"]?.stringValue, expectsPage: json["page"]?.boolValue ?? kind.isAnswerable)
            if kind.isAnswerable, item.document == nil || item.sentence == nil {
                throw Failure(line: number, message: "an answerable question needs \"document\" and \"sentence\"")
            }
            if let key = item.key, let sentence = item.sentence, !sentence.contains(key) {
                throw Failure(line: number, message: "\"key\" is not part of \"sentence\"")
            }
            questions.append(item)
        }
        return questions
    }
}
