import Foundation
import Testing

@testable import BevGenieCore

/// The craft distillery's plain-prose notes (Tests/Fixtures/prose: no front matter, no labelled lists, mostly no
/// headings), imported with the real importer into a fresh store: the starter goes, and every page type is built
/// from ordinary paragraphs.
let proseFixtures = packageRoot + "/Tests/Fixtures/prose"

/// A store holding only the prose fixtures (the import removes the starter, as `kb import` does).
func withProseStore<T>(_ body: (SQLiteStore) async throws -> T) async throws -> T {
    try await withTemporaryDirectory { directory in
        let store = try SQLiteStore(path: directory.file("prose.db"))
        let summary = try await KnowledgeImporter(store: store, embedder: HashingEmbedder()).run(paths: [proseFixtures]) { _ in }
        #expect(summary.inserted == 8, "the prose fixtures are missing: \(proseFixtures)")
        return try await body(store)
    }
}

/// A page of `type` for `question`, with the intent forced so that each type can be asked for.
func page(_ type: PageType, for question: String, store: SQLiteStore, brand: Brand = .bevGenie) async throws -> PageSpec? {
    var context = try await responseContext(question, store: store)
    context.intent = IntentDecision(intent: context.intent.intent, confidence: context.intent.confidence, pageType: type)
    let answer = ResponseOutput(text: "", citations: [], tokens: nil)
    return try await LocalPageBuilder(store: store, brand: brand).page(type: type, context: context, answer: answer) { _ in }
}

/// Every section's text is in the chunk it cites (titles may have their first letter capitalised), every cited
/// chunk is a stored chunk of a user document, and metrics state figures.
func expectTraceable(_ page: PageSpec, store: SQLiteStore) async throws {
    #expect(PageValidator.validate(page.json).isEmpty, "\(PageValidator.validate(page.json))")
    var chunks: [String: KnowledgeChunk] = [:]
    for source in page.sources {
        #expect(!source.documentId.hasPrefix("starter") && !source.title.contains(source.chunkId))
        chunks[source.chunkId] = try await store.documentChunks(id: source.documentId).first { $0.id == source.chunkId }
        #expect(chunks[source.chunkId] != nil, "source \(source.chunkId) does not exist")
    }
    let documents = try await store.documents(sourcePrefix: nil)
    #expect(documents.allSatisfy { !StarterKnowledge.isStarter(source: $0.source) })
    func check(_ text: String, _ id: String, _ what: String, caseInsensitive: Bool = false) {
        guard let chunk = chunks[id] else {
            Issue.record("\(what) cites \(id), which is not in sources")
            return
        }
        var haystack = normalized(chunk.plainText + " " + chunk.headingPath), needle = normalized(text)
        if caseInsensitive { (haystack, needle) = (haystack.lowercased(), needle.lowercased()) }
        #expect(haystack.contains(needle), "\(what) '\(text)' is not in \(id)")
    }
    for section in page.sections {
        switch section {
        case .hero(let hero):
            #expect(hero.headline == chunks[hero.sources[0]]?.documentTitle)
            if let sub = hero.subheadline { check(sub, hero.sources[0], "hero") }
        case .painPoints(let list), .features(let list), .steps(let list):
            for item in list.items {
                check(item.description, item.source, "item")
                if !item.title.hasPrefix("Step ") { check(item.title, item.source, "item title", caseInsensitive: true) }
            }
        case .metrics(let metrics):
            for metric in metrics.items {
                let statesAFigure = metric.value.contains { $0.isNumber }
                #expect(statesAFigure, "metric '\(metric.value)' states no figure")
                #expect(metric.label.contains(metric.value), "the label '\(metric.label)' is not the figure's sentence")
                check(metric.label, metric.source, "metric")
            }
        case .testimonial(let quote):
            check(quote.quote, quote.source, "quote")
            check(quote.author, quote.source, "author")
        case .faq(let faq):
            for entry in faq.items {
                check(entry.question, entry.source, "question")
                check(entry.answer, entry.source, "answer")
            }
        case .comparison(let table):
            for cell in table.columns + table.rows.flatMap({ [$0.label] + $0.values }) { check(cell, table.source, "cell") }
        case .cta(let cta):
            if let description = cta.description { check(description, cta.sources[0], "call to action") }
        }
    }
}

@Suite struct ProsePageTests {
    @Test func titlesComeFromTheTextNotTheFileName() async throws {
        try await withProseStore { store in
            let titles = try await store.documents(sourcePrefix: nil).map(\.title)
            #expect(!titles.contains { $0.lowercased().contains("tastings roi") || $0.lowercased() == "pricing" })
            #expect(titles.contains("Finding a distributor"), "the first line of a .txt is its title: \(titles)")
            #expect(titles.contains("Private barrel program"), "the first heading of a .md is its title: \(titles)")
            #expect(titles.contains("Tastings are the cheapest way"), "a first sentence gives a short title: \(titles)")
            #expect(titles.contains("Getting a new label approved"), "\(titles)")
        }
    }

    @Test func aSolutionBriefFromParagraphs() async throws {
        try await withProseStore { store in
            let built = try #require(try await page(.solutionBrief, for: "How do I find a distributor for my distillery?", store: store))
            #expect(built.type == .solutionBrief && built.note == nil)
            #expect(built.title == "Finding a distributor")
            guard case .painPoints(let problems)? = built.sections.first(where: { $0.type == .painPoints }) else {
                Issue.record("no pain points"); return
            }
            #expect(problems.items.contains { $0.description.contains("fewer than 500 cases") })
            guard case .testimonial(let quote)? = built.sections.first(where: { $0.type == .testimonial }) else {
                Issue.record("no testimonial from the attributed quote"); return
            }
            #expect(quote.author == "Dana Whitfield, head of sales at Still Hollow Distilling")
            // One topic: everything comes from the document that answers the question.
            #expect(Set(built.sources.map(\.documentId)).count == 1)
            try await expectTraceable(built, store: store)
        }
    }

    @Test func stepsFromFirstThenFinally() async throws {
        try await withProseStore { store in
            let built = try #require(try await page(.demoRequest, for: "What are the steps to get a label approved?", store: store))
            #expect(built.type == .demoRequest, "\(built.note ?? "")")
            guard case .steps(let steps)? = built.sections.first(where: { $0.type == .steps }) else {
                Issue.record("no steps"); return
            }
            #expect(steps.items.map(\.description.first) == ["F", "T", "N", "F"])
            #expect(steps.items.first?.description.hasPrefix("First, prepare the label artwork") == true)
            #expect(steps.items.last?.description.hasPrefix("Finally, print the approved label") == true)
            try await expectTraceable(built, store: store)
        }
    }

    @Test func anFAQFromQuestionsInTheText() async throws {
        try await withProseStore { store in
            let built = try #require(try await page(.featureShowcase, for: "What does your consulting include?", store: store))
            #expect(built.title == "Consulting for new distilleries")
            guard case .faq(let faq)? = built.sections.first(where: { $0.type == .faq }) else {
                Issue.record("no FAQ"); return
            }
            let include = try #require(faq.items.first { $0.question == "What does the retainer include?" })
            #expect(include.answer.hasPrefix("It includes a weekly call"))
            #expect(faq.items.contains { $0.question == "How much does consulting cost?" && $0.answer.contains("$2,000 a month") })
            try await expectTraceable(built, store: store)
        }
    }

    @Test func aCaseStudyFromAnAttributedQuoteAndItsFigures() async throws {
        try await withProseStore { store in
            let built = try #require(try await page(.caseStudy, for: "Do you have a customer story from The Copper Still bar?", store: store))
            #expect(built.type == .caseStudy)
            guard case .metrics(let metrics)? = built.sections.first(where: { $0.type == .metrics }),
                case .testimonial(let quote)? = built.sections.first(where: { $0.type == .testimonial })
            else { Issue.record("no metrics or testimonial"); return }
            #expect(metrics.items.first?.value == "120%")
            #expect(quote.author == "Maria Lopez, owner of The Copper Still")
            try await expectTraceable(built, store: store)
        }
    }

    @Test func pricesBecomeMetricsAndOnlyFiguresDo() async throws {
        try await withProseStore { store in
            let built = try #require(try await page(.roiCalculator, for: "How much does your consulting cost?", store: store))
            guard case .metrics(let metrics)? = built.sections.first(where: { $0.type == .metrics }) else {
                Issue.record("no metrics"); return
            }
            #expect(metrics.items.first?.value == "$2,000 a month")
            #expect(metrics.items.contains { $0.value == "4 to 6 months" })
            // No sentence without a figure, no year, no step number.
            #expect(!metrics.items.contains { ["2019", "1"].contains($0.value) })
            #expect(ProseReader.firstFigure(in: "We started in 2019 and moved in step 2 of the plan.") == nil)
            #expect(ProseReader.firstFigure(in: "Our first distributor signed us after we reached 40 accounts.") == "40 accounts")
            try await expectTraceable(built, store: store)
        }
    }

    @Test func theClosestTypeIsBuiltAndSaysSo() async throws {
        try await withProseStore { store in
            // Nothing in the prose is a comparison table, and the consulting notes have no steps for an ROI page.
            let comparison = try #require(try await page(.comparison, for: "How does your consulting compare?", store: store))
            #expect(comparison.type != .comparison)
            #expect(comparison.note?.contains("instead of a comparison") == true, "\(comparison.note ?? "no note")")
            try await expectTraceable(comparison, store: store)
            let roi = try #require(try await page(.roiCalculator, for: "How much does your consulting cost?", store: store))
            #expect(roi.type == .solutionBrief, "a solution brief from the passages there are")
            #expect(roi.note == "built a solution brief instead of a ROI calculator: the knowledge base has no steps for it")

            // Through the pipeline: the page stage and `complete` say what was built instead.
            let (events, outcome) = await ask("How much does your consulting cost?", store: store)
            guard case .completed(let complete) = outcome else { Issue.record("\(outcome)"); return }
            #expect(complete.pageNote != nil && complete.generatedPage?["type"]?.stringValue == "solution_brief")
            #expect(complete.json["pageNote"]?.stringValue == complete.pageNote)
            let pageStage = events.compactMap { event -> JSONValue? in
                if case .stage(let stage) = event, stage.stage == .page, stage.status == .complete { return stage.result }
                return nil
            }.first
            #expect(pageStage?["requestedType"]?.stringValue == "roi_calculator")
        }
    }

    @Test func everyIntentGetsAPageFromProseAndItCitesOnlyTheUsersDocuments() async throws {
        try await withProseStore { store in
            let questions = [
                "How do I find a distributor?", "How long does label approval take?", "What is the private barrel program?",
                "How much does a case of rye cost wholesale?", "Can I book a private tasting?", "Do tastings pay off?",
            ]
            for question in questions {
                let (_, outcome) = await ask(question, store: store)
                guard case .completed(let complete) = outcome, let json = complete.generatedPage else {
                    Issue.record("no page for \(question)")
                    continue
                }
                try await expectTraceable(try PageSpec(json: json), store: store)
            }
        }
    }

    @Test func theCallToActionLeadsWhereTheBrandSays() async throws {
        try await withProseStore { store in
            let brand = try Brand(json: try JSONParser.parse(#"""
                {"companyName": "Still Hollow Distilling", "contactEmail": "hello@stillhollow.example",
                 "callsToAction": {"solution_brief": {"headline": "Plan your launch with {company}", "button": "Email us"}}}
                """#))
            let built = try #require(try await page(.solutionBrief, for: "How do I find a distributor?", store: store, brand: brand))
            guard case .cta(let cta)? = built.sections.last else { Issue.record("no call to action"); return }
            #expect(cta.headline == "Plan your launch with Still Hollow Distilling" && cta.buttonLabel == "Email us")
            #expect(cta.href == "mailto:hello@stillhollow.example")
            let html = PageRenderer.html(built)
            #expect(html.contains(#"<a class="button" href="mailto:hello@stillhollow.example""#))
            #expect(!html.contains("BevGenie") || html.contains("generated by"), "no BevGenie wording on the user's page")
            #expect(!html.contains(built.sources[0].chunkId + "</"), "chunk ids are not shown")
            // A page type without its own wording gets the plain wording for another company.
            let visit = try #require(try await page(.demoRequest, for: "Can I book a private tasting?", store: store, brand: brand))
            guard case .cta(let plain)? = visit.sections.last else { Issue.record("no call to action"); return }
            #expect(!plain.headline.contains("BevGenie") && !plain.buttonLabel.contains("demo"), "\(plain)")
            #expect(plain.description?.hasPrefix("Email hello@stillhollow.example") == true, "the knowledge's own next step")
        }
    }
}

@Suite struct BrandTests {
    @Test func defaultsAreBevGeniesAndTheConfigOverridesThem() throws {
        #expect(try Brand(json: nil) == .bevGenie)
        let demo = Brand.bevGenie.callToAction(for: .demoRequest, topic: nil)
        #expect(demo.button == "Book a demo" && demo.url == Brand.bevGenie.contactURL)
        let brand = try Brand(json: try JSONParser.parse(#"""
            {"assistantName": "Hollow", "companyName": "Still Hollow", "contactURL": "https://stillhollow.example/visit",
             "callsToAction": {"roi_calculator": {"button": "Get a quote", "url": "https://stillhollow.example/quote"}}}
            """#))
        #expect(brand.assistantName == "Hollow" && brand.companyName == "Still Hollow")
        #expect(brand.link(for: .solutionBrief) == "https://stillhollow.example/visit")
        #expect(brand.callToAction(for: .roiCalculator, topic: nil).url == "https://stillhollow.example/quote")
        #expect(brand.callToAction(for: .roiCalculator, topic: nil).button == "Get a quote")
    }

    @Test func badLinksAndFieldsAreClearErrors() throws {
        #expect(throws: Brand.Failure.badLink(field: "contactURL", value: "javascript:alert(1)")) {
            try Brand(json: try JSONParser.parse(#"{"contactURL": "javascript:alert(1)"}"#))
        }
        #expect(throws: Brand.Failure.badLink(field: "contactEmail", value: "not an address")) {
            try Brand(json: try JSONParser.parse(#"{"contactEmail": "not an address"}"#))
        }
        #expect(throws: Brand.Failure.unknownPageType("landing")) {
            try Brand(json: try JSONParser.parse(#"{"callsToAction": {"landing": {}}}"#))
        }
        #expect(throws: Brand.Failure.wrongType(field: "companyName", expected: "a string")) {
            try Brand(json: try JSONParser.parse(#"{"companyName": 3}"#))
        }
    }

    @Test func theValidatorRefusesAnUnsafeCallToActionLink() throws {
        for (href, ok) in [("https://x.example/a", true), ("mailto:a@b.example", true), ("javascript:alert(1)", false),
                           ("/relative", false), ("https://x.example/\"onmouseover=", false)]
        {
            let section = PageSection.cta(.init(headline: "h", description: nil, buttonLabel: "b", action: "demo", sources: [], href: href))
            let issues = PageValidator.validate(section: section.json, knownChunks: [])
            #expect(issues.isEmpty == ok, "\(href): \(issues)")
        }
    }
}
