import Foundation
import Testing

@testable import BevGenieCore

/// The local responder on knowledge of the user's own (the prose corpus, no starter), and on the starter.
@Suite struct LocalResponderTests {
    @Test func aPriceQuestionIsAnsweredWithTheUsersPrice() async throws {
        try await withCorpus("prose") { store, _ in
            let answer = try await answer("How much does your consulting cost?", store: store)
            let lead = try #require(answer.text.split(separator: "\n").first)
            #expect(lead.contains("$2,000 a month"), "lead: \(lead)")
            #expect(!answer.text.contains("$1,500") && !answer.text.contains("BevGenie"))
        }
    }

    @Test func aYesOrNoIsOnlyOneACitedSentenceSays() async throws {
        try await withCorpus("prose") { store, _ in
            let cited = try await answer("Can you guarantee our permits get approved, yes or no?", store: store)
            #expect(cited.text.hasPrefix("No, we cannot guarantee any permit or label approval"), "\(cited.text)")
            #expect(!cited.text.contains(AnswerWording().noPlainYesOrNo))
        }
        try await withCorpus("starter") { store, _ in
            // The starter promises no such result: no "yes", no "no", what it says instead.
            let uncited = try await answer("Do you guarantee a 40% sales lift within 60 days, yes or no?", store: store)
            #expect(uncited.text.hasPrefix(AnswerWording().noPlainYesOrNo), "\(uncited.text)")
            #expect(!uncited.citations.isEmpty)
        }
    }

    @Test(arguments: ["Do you ship to Alaska?", "How do you compare with Hood River Distillers?"])
    func aNamedThingTheKnowledgeLacksGetsOneSentence(_ question: String) async throws {
        try await withCorpus("prose") { store, _ in
            let answer = try await answer(question, store: store)
            #expect(answer.citations.isEmpty)
            #expect(TextAnalysis.sentences(answer.text).count == 1, "\(answer.text)")
            #expect(answer.text.contains(question.contains("Alaska") ? "Alaska" : "Hood River Distillers"))
            #expect(!answer.text.contains("Sources:"))
        }
    }

    @Test func aStepsQuestionGetsTheStepsInOrder() async throws {
        try await withCorpus("prose") { store, _ in
            let answer = try await answer("How do we get our label approved by the TTB?", store: store)
            let steps = answer.text.split(separator: "\n").filter { $0.first?.isNumber == true }
            #expect(steps.count == 3, "\(answer.text)")
            #expect(steps.first?.contains("First, we finish the label artwork") == true)
            #expect(steps.last?.contains("Finally, we wait for the examiner") == true)
        }
    }

    /// Over every tuning question of both corpora and the starter: whole sentences only, each verbatim in the
    /// chunk it cites, none twice, no page promised, no boilerplate.
    @Test(arguments: ["prose", "mixed", "starter"])
    func answersQuoteWholeSentencesVerbatimOnceEach(_ corpus: String) async throws {
        let questions = try loadSet(corpus, half: "tuning")
        try await withCorpus(corpus) { store, _ in
            for question in questions {
                let answer = try await answer(question.question, store: store)
                #expect(!answer.text.contains("below") && !answer.text.contains("Here is what"), "\(answer.text)")
                var quoted: [String] = []
                for line in answer.text.split(separator: "\n") {
                    for (text, number) in Self.citedPieces(String(line)) {
                        guard number >= 1, number <= answer.citations.count else {
                            Issue.record("citation [\(number)] out of range in: \(line)")
                            continue
                        }
                        let chunk = answer.citations[number - 1]
                        // An attributed quote is shown in quotation marks that its chunk's plain text leaves out.
                        func plain(_ text: String) -> String {
                            QualityEvaluation.normalized(text).replacingOccurrences(of: "\"", with: "")
                        }
                        #expect(plain(chunk.plainText).contains(plain(text)), "'\(text)' is not in \(chunk.id)")
                        let last = text.trimmingCharacters(in: CharacterSet(charactersIn: "\"\u{201D})")).last
                        let whole = last.map { ".!".contains($0) } ?? false || text.hasPrefix("\u{201C}")
                            || chunk.listItems.contains { $0.plainText == text }
                        #expect(whole, "fragment: '\(text)'")
                        #expect(!quoted.contains(text), "quoted twice: \(text)")
                        quoted.append(text)
                    }
                }
            }
        }
    }

    @Test func theGreetingStaysAsItWas() async throws {
        try await withStore { store, _ in
            let answer = try await answer("Hi there!", store: store)
            #expect(answer.text.hasPrefix("Hello! I'm BevGenie's assistant. I answer from BevGenie's knowledge base"))
            #expect(answer.citations.isEmpty)
        }
    }

    @Test(arguments: [
        ("How much does your consulting cost?", AnswerType.figure(.money)),
        ("How long does label approval take?", .figure(.duration)),
        ("How many bottles does a barrel yield?", .figure(.count)),
        ("Do you ship to PO boxes?", .yesNo(explicit: false)),
        ("do you guarantee 50% in 30 days, yes or no?", .yesNo(explicit: true)),
        ("How do I book a private event?", .steps),
        ("Is this useful for a liquor-store owner?", .roleFit),
        ("Tell me about your barrel room", .explanation),
    ])
    func answerTypesFollowTheQuestionsWording(_ question: String, _ type: AnswerType) {
        #expect(AnswerType.detect(question) == type)
    }

    @Test func namesAreTheCapitalisedWordsInsideTheQuestion() {
        #expect(NamedThings.names(in: "Do you ship to Texas?") == ["Texas"])
        #expect(NamedThings.names(in: "How do you compare with Westward Whiskey, or Provi?") == ["Westward Whiskey", "Provi"])
        #expect(NamedThings.names(in: "What does it cost? I'm asking for Ridgeline.") == ["Ridgeline"])
        #expect(!NamedThings.mentions("We deliver in Providence.", "Provi"))
        #expect(NamedThings.mentions("Our Marionberry Gin sells for $38.", "marionberry gin"))
    }

    @Test func aQuoteCutAtItsInnerFullStopIsRejoined() {
        let sentences = TextAnalysis.sentences(
            "\"It changed our menu. Guests ask for it by name,\" says Maria Lopez. No. We never do that.")
        #expect(AnswerSentence.mended(sentences) == [
            "\"It changed our menu. Guests ask for it by name,\" says Maria Lopez.", "No. We never do that.",
        ])
    }

    /// "quoted text [n]" pieces of one answer line (a lead paragraph holds several, a bullet or step one).
    static func citedPieces(_ line: String) -> [(String, Int)] {
        var body = line
        if body.hasPrefix("- ") { body.removeFirst(2) }
        if let dot = body.firstIndex(of: "."), body[..<dot].allSatisfy(\.isNumber), !body[..<dot].isEmpty {
            body = String(body[body.index(after: dot)...])
        }
        guard let regex = try? NSRegularExpression(pattern: #"\s*(.+?)\s\[(\d+)\]"#) else { return [] }
        let range = NSRange(body.startIndex..., in: body)
        return regex.matches(in: body, range: range).compactMap { match in
            guard let text = Range(match.range(at: 1), in: body), let number = Range(match.range(at: 2), in: body) else { return nil }
            return (String(body[text]).trimmed(), Int(body[number]) ?? 0)
        }
    }
}

/// Runs stages 1–3 as the pipeline does, then the local responder with the pipeline's embedder and store.
func answer(_ question: String, store: SQLiteStore) async throws -> ResponseOutput {
    let intent = try await LocalIntentClassifier().classify(question)
    let signals = SignalDetector().painPointSignals(in: question)
    let persona = PersonaPolicy().updated(
        Persona(), with: signals, role: SignalDetector().roleSignal(in: AnalyzedMessage(question)), at: Date())
    let embedder = HashingEmbedder()
    let hits = try await KnowledgeRetriever(store: store, embedder: embedder).retrieve(
        message: question, intent: intent, persona: persona, signals: signals)
    let context = ResponseContext(
        message: question, intent: intent, persona: persona, signals: signals, knowledge: hits, history: [],
        embedder: embedder, store: store)
    return try await LocalResponder().respond(context) { _ in }
}
