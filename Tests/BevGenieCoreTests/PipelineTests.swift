import Foundation
import Testing

@testable import BevGenieCore

@Suite struct PipelineTests {
    @Test(arguments: questionsByIntent)
    func eventsComeInContractOrderWithMonotonicProgress(_ expected: Intent, _ question: String) async throws {
        try await withStore { store, directory in
            let (events, outcome) = await ask(question, store: store)
            guard case .completed(let complete) = outcome else {
                Issue.record("run failed: \(outcome)")
                return
            }

            // Stages in order, each active then complete, with the contract's progress points (docs/EVENTS.md).
            let stages = events.compactMap { if case .stage(let s) = $0 { return s } else { return nil } }
            let expectedStages = StageID.allCases.flatMap { [($0, StageEvent.Status.active), ($0, .complete)] }
            #expect(stages.map { "\($0.stage)/\($0.status)" } == expectedStages.map { "\($0.0)/\($0.1)" })
            #expect(stages.map(\.progress) == [10, 20, 30, 40, 50, 60, 70, 80, 85, 95])
            var progress = 0
            for event in events {
                let value: Int? = switch event {
                case .stage(let s): s.progress
                case .complete(let c): c.progress
                default: nil
                }
                if let value {
                    #expect(value >= progress, "progress went backwards")
                    progress = value
                }
            }
            #expect(progress == 100)
            if case .complete = events.last {} else { Issue.record("complete is not the last event") }

            // Stage 1 decided the intent a person would pick.
            let intent = stages.first { $0.stage == .intent && $0.status == .complete }?.result
            #expect(intent?["intent"]?.stringValue == expected.rawValue, "\(question)")

            // The answer streamed as deltas is the complete message.
            let deltas = events.compactMap { if case .delta(_, let text) = $0 { return text } else { return nil } }
            #expect(!deltas.isEmpty)
            #expect(deltas.joined() == complete.message)

            // Deltas come inside the response stage; sections inside the page stage, before the page event.
            let names = events.map(\.name)
            let responseActive = stages.firstIndex { $0.stage == .response }!
            _ = responseActive
            if let firstDelta = names.firstIndex(of: "delta"), let lastSection = names.lastIndex(of: "section"),
                let page = names.firstIndex(of: "page")
            {
                #expect(firstDelta < lastSection && lastSection < page)
            }

            let pageResult = stages.last?.result
            if let pageType = expected.pageType {
                #expect(pageResult?["pageType"]?.stringValue == pageType.rawValue)
                #expect(complete.generatedPage?["type"]?.stringValue == pageType.rawValue)
                let sections = events.filter { $0.name == "section" }.count
                #expect(sections == complete.generatedPage?["sections"]?.arrayValue?.count)
            } else {
                #expect(pageResult?["skipped"]?.boolValue == true)
                #expect(complete.generatedPage == nil)
                #expect(!names.contains("page"))
            }
        }
    }

    @Test(arguments: questionsByIntent.filter { $0.0.pageType != nil })
    func everyPageIsValidAndEveryClaimIsInItsCitedChunk(_ intent: Intent, _ question: String) async throws {
        try await withStore { store, directory in
            let (_, outcome) = await ask(question, store: store)
            guard case .completed(let complete) = outcome, let json = complete.generatedPage else {
                Issue.record("no page for \(question)")
                return
            }
            #expect(PageValidator.validate(json).isEmpty)
            let page = try PageSpec(json: json)
            #expect(page.type == intent.pageType)
            #expect(Set(page.sections.map(\.type)).isSuperset(of: page.type.requiredSections))

            var chunks: [String: KnowledgeChunk] = [:]
            for source in page.sources {
                let chunk = try await store.documentChunks(id: source.documentId).first { $0.id == source.chunkId }
                #expect(chunk != nil, "source \(source.chunkId) does not exist")
                chunks[source.chunkId] = chunk
            }
            func check(_ text: String, in chunkId: String, _ what: String, caseInsensitive: Bool = false) {
                guard let chunk = chunks[chunkId] else {
                    Issue.record("\(what) cites \(chunkId), which is not in sources")
                    return
                }
                var haystack = normalized(chunk.plainText + " " + chunk.headingPath), needle = normalized(text)
                if caseInsensitive { (haystack, needle) = (haystack.lowercased(), needle.lowercased()) }
                #expect(haystack.contains(needle), "\(what) '\(text)' is not in \(chunkId)")
            }
            for section in page.sections {
                switch section {
                case .hero(let hero):
                    #expect(hero.headline == chunks[hero.sources[0]]?.documentTitle)
                    if let sub = hero.subheadline { check(sub, in: hero.sources[0], "hero subheadline") }
                case .painPoints(let list), .features(let list), .steps(let list):
                    for item in list.items {
                        check(item.description, in: item.source, "item description")
                        // A title lifted from a sentence has its first letter capitalised.
                        if !item.title.hasPrefix("Step ") {
                            check(item.title.prefix(1).lowercased() + item.title.dropFirst(), in: item.source, "item title",
                                  caseInsensitive: true)
                        }
                    }
                case .metrics(let metrics):
                    // A bullet reads "value label"; a figure from prose is part of its sentence, the label.
                    for metric in metrics.items where !metric.label.contains(metric.value) {
                        check("\(metric.value) \(metric.label)", in: metric.source, "metric")
                    }
                    for metric in metrics.items where metric.label.contains(metric.value) {
                        check(metric.label, in: metric.source, "metric")
                    }
                case .comparison(let comparison):
                    for cell in comparison.columns + comparison.rows.flatMap({ [$0.label] + $0.values }) {
                        check(cell, in: comparison.source, "comparison cell")
                    }
                case .testimonial(let testimonial):
                    check(testimonial.quote, in: testimonial.source, "quote")
                    check(testimonial.author, in: testimonial.source, "quote author")
                case .faq(let faq):
                    for entry in faq.items {
                        check(entry.question, in: entry.source, "question")
                        check(entry.answer, in: entry.source, "answer")
                    }
                case .cta(let cta):
                    if let description = cta.description { check(description, in: cta.sources[0], "call to action") }
                }
            }
        }
    }

    @Test(arguments: questionsByIntent.filter { $0.0 != .greeting })
    func theAnswerQuotesOnlyWhatItCites(_ intent: Intent, _ question: String) async throws {
        try await withStore { store, directory in
            let context = try await responseContext(question, store: store)
            let answer = await LocalResponder().compose(context)
            #expect(!answer.citations.isEmpty, "no citations for \(question)")
            let text = answer.pieces.joined()
            for line in text.split(separator: "\n") where line.hasPrefix("- ") {
                // "- quoted text [n]"
                guard let open = line.lastIndex(of: "["), let number = Int(line[line.index(after: open)...].dropLast()) else {
                    Issue.record("bullet without citation: \(line)")
                    continue
                }
                let quoted = String(line.dropFirst(2)[..<open]).trimmed()
                let chunk = answer.citations[number - 1]
                #expect(normalized(chunk.plainText).contains(normalized(quoted)), "'\(quoted)' is not in \(chunk.id)")
            }
        }
    }

    @Test func personaScoresAccumulateAndDecayAcrossMessages() async throws {
        try await withStore { store, directory in
            let session = "persona-test"
            _ = await ask("Our distributor reps ignore our brand and we can't hold them accountable.", session: session, store: store)
            let first = try #require(try await store.session(id: session))
            let distributorAfterFirst = first.persona.score(.distributorPerformance)
            #expect(distributorAfterFirst > 0.5)
            #expect(first.persona.role == .supplier)

            _ = await ask("We also keep missing state price posting deadlines and TTB label approvals.", session: session, store: store)
            let second = try #require(try await store.session(id: session))
            #expect(second.persona.score(.compliance) > 0.5)
            #expect(second.persona.score(.distributorPerformance) < distributorAfterFirst, "older interest did not decay")
            #expect(second.persona.score(.distributorPerformance) > 0)

            _ = await ask("Back to distributors: how do I see which distributor reps are underperforming?", session: session, store: store)
            let third = try #require(try await store.session(id: session))
            #expect(third.persona.score(.distributorPerformance) > second.persona.score(.distributorPerformance))

            // Every signal is stored with the visitor's own words as evidence.
            let painSignals = third.signals.filter { $0.kind == "pain_point" }
            #expect(painSignals.contains { $0.value == "compliance" && $0.evidence.contains("price posting") })
            #expect(third.signals.contains { $0.kind == "role" && $0.value == "supplier" })
            #expect(third.messages.count == 6)
            #expect(third.messages.map(\.author) == [.user, .assistant, .user, .assistant, .user, .assistant])
        }
    }

    @Test func aNewSessionIsCreatedAndReportedWhenNoneIsGiven() async throws {
        try await withStore { store, directory in
            let (_, outcome) = await ask("What is BevGenie?", store: store)
            guard case .completed(let complete) = outcome, let id = complete.session["id"]?.stringValue else {
                Issue.record("no session in complete")
                return
            }
            #expect(complete.session["messageCount"]?.intValue == 2)
            let (_, second) = await ask("And what does it cost?", session: id, store: store)
            guard case .completed(let next) = second else { return }
            #expect(next.session["id"]?.stringValue == id)
            #expect(next.session["messageCount"]?.intValue == 4)
        }
    }

    @Test func badRequestsFailBeforeAnyWork() async throws {
        try await withStore { store, directory in
            for (message, code) in [("   ", "empty_message"), (String(repeating: "x", count: 4_001), "message_too_long")] {
                let (events, outcome) = await ask(message, store: store)
                #expect(events.count == 1)
                guard case .failed(let error) = outcome else {
                    Issue.record("expected a failure")
                    continue
                }
                #expect(error.code == code)
            }
            let (_, outcome) = await ask("hello", session: "bad id!", store: store)
            if case .failed(let error) = outcome { #expect(error.code == "invalid_session_id") } else { Issue.record("accepted") }
        }
    }

    @Test func runsAndStageTimingsAreRecorded() async throws {
        try await withStore { store, directory in
            _ = await ask("How much does it cost?", store: store)
            let (runs, timings) = try await store.runCounts()
            #expect(runs == 1)
            #expect(timings == 5)
        }
    }

    @Test func cancellationStopsTheRun() async throws {
        try await withStore { store, directory in
            let log = EventLog()
            let task = Task {
                await Pipeline.local(store: store).run(ChatRequest(message: "What is BevGenie?")) { event in
                    await log.append(event)
                    if event.name == "stage" { withUnsafeCurrentTask { $0?.cancel() } }
                }
            }
            let outcome = await task.value
            #expect(outcome == .cancelled)
            #expect(await log.events.count <= 2)
            #expect(!(await log.events.contains { $0.name == "complete" }))
        }
    }
}

/// Collapses whitespace and typographic quotes so verbatim checks ignore layout.
func normalized(_ text: String) -> String {
    text.replacingOccurrences(of: "\u{201C}", with: "\"").replacingOccurrences(of: "\u{201D}", with: "\"")
        .replacingOccurrences(of: "\"", with: "")
        .split(whereSeparator: \.isWhitespace).joined(separator: " ")
}

/// The context stage 4 would see for `question` in a new session.
func responseContext(_ question: String, store: SQLiteStore) async throws -> ResponseContext {
    let intent = try await LocalIntentClassifier().classify(question)
    let signals = SignalDetector().painPointSignals(in: question)
    let persona = PersonaPolicy().updated(Persona(), with: signals, role: SignalDetector().roleSignal(in: AnalyzedMessage(question)), at: Date())
    let hits = try await KnowledgeRetriever(store: store).retrieve(
        message: question, intent: intent, persona: persona, signals: signals)
    return ResponseContext(message: question, intent: intent, persona: persona, signals: signals, knowledge: hits, history: [])
}

extension SQLiteStore {
    func runCounts() throws -> (Int, Int) {
        (try db.queryRow("SELECT count(*) FROM runs")!.int(0), try db.queryRow("SELECT count(*) FROM stage_timings")!.int(0))
    }
}
