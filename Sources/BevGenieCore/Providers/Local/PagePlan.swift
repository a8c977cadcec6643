/// The recipes of `LocalPageBuilder`: for one request, which documents each page type is built from and how their
/// structures become sections.
struct PagePlan {
    let type: PageType
    let context: ResponseContext
    let store: any KnowledgeStore
    /// The pain point the page is about: this message's strongest signal, else the persona's, else the top hit's.
    let focus: PainPoint?
    let questionTerms: Set<String>

    static func make(type: PageType, context: ResponseContext, store: any KnowledgeStore) async throws -> PagePlan {
        // The top hit decides the topic only for a problem or a topical question ("what are depletions?"), and only
        // when that hit is itself about a topic; "what is BevGenie?" is about the whole platform.
        var fromHits: PainPoint?
        if [.painPoint, .information].contains(context.intent.intent), let top = context.knowledge.first?.chunk,
            [.painPoint, .feature, .caseStudy, .industry].contains(top.kind)
        {
            fromHits = top.topics.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
        }
        let focus = context.signals.first?.painPoint ?? context.persona.topPainPoints(limit: 1).first ?? fromHits
        return PagePlan(
            type: type, context: context, store: store, focus: focus,
            questionTerms: Set(TextAnalysis.terms(context.message)))
    }

    func subtitle(for type: PageType) -> String {
        var parts = [type.label]
        if let role = context.persona.role { parts[0] += " for \(role.label)" }
        if let focus, type != .demoRequest { parts.append(focus.label.prefix(1).uppercased() + focus.label.dropFirst()) }
        return parts.joined(separator: " · ")
    }

    // MARK: - Recipes

    func solutionBrief(into draft: inout PageDraft) async throws {
        // Built on the pain-point document for the focus; an information question builds on its best hit instead.
        var primary = try await bestDocument(kinds: [.painPoint], topics: focus.map { [$0] } ?? [])
        if context.intent.intent == .information, let top = context.knowledge.first,
            top.chunk.kind != .painPoint || focus == nil
        {
            primary = try await store.documentChunks(id: top.chunk.documentId)
        }
        if primary.isEmpty, let top = context.knowledge.first {
            primary = try await store.documentChunks(id: top.chunk.documentId)
        }
        try await draft.add(hero(from: primary), from: primary)

        let problemWords = ["sign", "symptom", "problem", "why", "challenge", "cost", "risk", "happen", "pitfall", "mistake"]
        let helpWords = ["help", "solution", "what it does", "how bevgenie", "capabilit", "feature", "module"]
        var problems = items(primary.filter { $0.heading(matches: problemWords) }, limit: 4)
            ?? items(primary, limit: 4, skipping: helpWords)
        if problems == nil {
            // The document the question landed on lists no problems: take them from the pain-point document
            // closest to the question.
            let painDocument = try await bestDocument(kinds: [.painPoint], topics: focus.map { [$0] } ?? [])
            problems = items(painDocument.filter { $0.heading(matches: problemWords) }, limit: 4)
            primary += painDocument
        }
        try await draft.add(problems.map { .painPoints(.init(heading: $0.heading, items: $0.items)) }, from: primary)

        var features = items(primary.filter { $0.heading(matches: helpWords) }, limit: 5)
        if features == nil {
            let featureDocs = try await bestDocument(kinds: [.feature], topics: focus.map { [$0] } ?? [])
            features = items(featureDocs.filter { $0.heading(matches: ["what it does"]) }, limit: 5)
                ?? items(featureDocs, limit: 5)
            primary += featureDocs
        }
        if features == nil { features = items(context.knowledge.map(\.chunk), limit: 4) }
        try await draft.add(features.map { .features(.init(heading: $0.heading, items: $0.items)) },
                            from: primary + context.knowledge.map(\.chunk))

        let story = try await bestDocument(kinds: [.caseStudy], topics: focus.map { [$0] } ?? [])
        try await draft.add(metrics(from: story, limit: 3), from: story)
        try await draft.add(testimonial(from: story), from: story)
        try await addCallToAction(to: &draft)
    }

    func featureShowcase(into draft: inout PageDraft) async throws {
        let primary = try await bestDocument(kinds: [.feature], topics: focus.map { [$0] } ?? [], preferHits: true)
        try await draft.add(hero(from: primary), from: primary)
        let capabilities = items(primary.filter { $0.heading(matches: ["what it does", "capabilit", "feature"]) }, limit: 6)
            ?? items(primary, limit: 6)
        try await draft.add(capabilities.map { .features(.init(heading: $0.heading, items: $0.items)) }, from: primary)
        try await draft.add(steps(from: primary), from: primary)
        let topic = primary.first?.topics.max { $0.value < $1.value }?.key ?? focus
        let story = try await bestDocument(kinds: [.caseStudy], topics: topic.map { [$0] } ?? [])
        try await draft.add(metrics(from: story, limit: 3), from: story)
        try await draft.add(try await faq(limit: 3), from: try await faqChunks())
        try await addCallToAction(to: &draft)
    }

    func comparison(into draft: inout PageDraft) async throws {
        let primary = try await bestDocument(kinds: [.comparison], topics: [], preferHits: true)
        try await draft.add(hero(from: primary), from: primary)
        if let (chunk, table) = primary.lazy.compactMap({ c in c.firstTable.map { (c, $0) } }).first,
            table.header.count >= 2
        {
            let rows = table.rows.prefix(12).map { PageSection.Comparison.Row(label: $0[0], values: Array($0.dropFirst())) }
            let section = PageSection.comparison(.init(
                heading: chunk.sectionTitle, columns: table.header, rows: Array(rows), source: chunk.id))
            try await draft.add(section, from: [chunk])
        }
        let differences = items(primary.filter { $0.heading(matches: ["different", "why", "advantage"]) }, limit: 5)
            ?? items(primary, limit: 5)
        try await draft.add(differences.map { .features(.init(heading: $0.heading, items: $0.items)) }, from: primary)
        try await draft.add(try await faq(limit: 3), from: try await faqChunks())
        try await addCallToAction(to: &draft)
    }

    func caseStudy(into draft: inout PageDraft) async throws {
        let primary = try await bestDocument(kinds: [.caseStudy], topics: focus.map { [$0] } ?? [], preferHits: true)
        try await draft.add(hero(from: primary), from: primary)
        try await draft.add(metrics(from: primary, limit: 4), from: primary)
        try await draft.add(testimonial(from: primary), from: primary)
        try await draft.add(steps(from: primary), from: primary)
        try await addCallToAction(to: &draft)
    }

    func roiCalculator(into draft: inout PageDraft) async throws {
        let primary = try await bestDocument(kinds: [.pricing], topics: [], preferHits: true)
        let pricing = try await store.chunks(kinds: [.pricing], topics: [], limit: 60)
        try await draft.add(hero(from: primary), from: primary)
        // Figures: the pricing documents' own, then a customer's result for this visitor's pain point.
        let story = try await bestDocument(kinds: [.caseStudy], topics: focus.map { [$0] } ?? [])
        var figures = metrics(from: primary + pricing.filter { $0.documentId != primary.first?.documentId }, limit: 4)
        if case .metrics(var section)? = figures, section.items.count < 4,
            case .metrics(let more)? = metrics(from: story, limit: 4 - section.items.count)
        {
            section.items += more.items
            figures = .metrics(section)
        } else if figures == nil {
            figures = metrics(from: story, limit: 4)
        }
        try await draft.add(figures, from: primary + pricing + story)
        try await draft.add(steps(from: primary) ?? steps(from: pricing), from: primary + pricing)
        try await draft.add(faq(in: primary + pricing, limit: 3), from: primary + pricing)
        try await addCallToAction(to: &draft)
    }

    func demoRequest(into draft: inout PageDraft) async throws {
        let primary = try await bestDocument(kinds: [.demo], topics: [], preferHits: true)
        let demos = try await store.chunks(kinds: [.demo], topics: [], limit: 60)
        try await draft.add(hero(from: primary), from: primary)
        try await draft.add(steps(from: primary) ?? steps(from: demos), from: primary + demos)
        try await draft.add(faq(in: primary + demos, limit: 4), from: primary + demos)
        try await addCallToAction(to: &draft)
    }

    // MARK: - Sections

    private func hero(from chunks: [KnowledgeChunk]) -> PageSection? {
        guard let first = chunks.first else { return nil }
        let intro = chunks.first { $0.leadSentence != nil }
        return .hero(.init(
            headline: first.documentTitle, subheadline: intro?.leadSentence,
            sources: [intro?.id ?? first.id]))
    }

    /// Up to `limit` labelled items from the first chunk that has any, headed by that chunk's own section title.
    private func items(_ chunks: [KnowledgeChunk], limit: Int, skipping: [String] = [])
        -> (heading: String, items: [PageSection.Item])?
    {
        for chunk in chunks where !chunk.heading(matches: skipping) {
            let found = chunk.labelledItems.prefix(limit).map {
                PageSection.Item(title: $0.label ?? "", description: $0.text, source: chunk.id)
            }
            if found.count >= 2 { return (chunk.sectionTitle, Array(found)) }
        }
        return nil
    }

    private func steps(from chunks: [KnowledgeChunk]) -> PageSection? {
        for chunk in chunks {
            let ordered = chunk.orderedItems.prefix(8)
            guard ordered.count >= 2 else { continue }
            let items = ordered.enumerated().map { index, item in
                // An unlabelled step keeps its whole text as the description; its title is its position.
                PageSection.Item(title: item.label ?? "Step \(index + 1)", description: item.text, source: chunk.id)
            }
            return .steps(.init(heading: chunk.sectionTitle, items: items))
        }
        return nil
    }

    private func metrics(from chunks: [KnowledgeChunk], limit: Int) -> PageSection? {
        var items: [PageSection.Metric] = []
        var heading: String?
        for chunk in chunks {
            for item in chunk.metricItems where items.count < limit {
                items.append(.init(value: item.label ?? "", label: item.text, source: chunk.id))
                heading = heading ?? chunk.sectionTitle
            }
        }
        guard !items.isEmpty, let heading else { return nil }
        return .metrics(.init(heading: heading, items: items))
    }

    private func testimonial(from chunks: [KnowledgeChunk]) -> PageSection? {
        for chunk in chunks {
            if let quote = chunk.attributedQuote {
                return .testimonial(.init(quote: quote.text, author: quote.attribution, source: chunk.id))
            }
        }
        return nil
    }

    /// Questions and answers from `chunks`, the ones closest to the visitor's question first.
    private func faq(in chunks: [KnowledgeChunk], limit: Int) -> PageSection? {
        let entries = chunks.compactMap { chunk in chunk.questionAndAnswer.map { (chunk, $0) } }
        guard !entries.isEmpty else { return nil }
        let scores = entries.map { questionTerms.intersection($0.0.terms).count }
        let ranked = entries.enumerated().sorted { a, b in (scores[a.offset], b.offset) > (scores[b.offset], a.offset) }
        let items = ranked.prefix(limit).map {
            PageSection.FAQ.Entry(question: $0.element.1.question, answer: $0.element.1.answer, source: $0.element.0.id)
        }
        return .faq(.init(heading: "Questions visitors ask", items: items))
    }

    private func faq(limit: Int) async throws -> PageSection? {
        faq(in: try await faqChunks(), limit: limit)
    }

    private func faqChunks() async throws -> [KnowledgeChunk] {
        try await store.chunks(kinds: [.faq], topics: focus.map { [$0] } ?? [], limit: 40)
    }

    private func addCallToAction(to draft: inout PageDraft) async throws {
        let demo = try await store.chunks(kinds: [.demo], topics: [], limit: 1)
        let headline: String
        var button = "Book a demo"
        var action = "demo"
        switch type {
        case .demoRequest: headline = "Book your demo"
        case .roiCalculator:
            headline = "Get an ROI estimate for your business"
            button = "Talk to sales"
            action = "pricing"
        case .caseStudy: headline = "See what BevGenie could do for you"
        case .solutionBrief:
            headline = focus.map { "See how BevGenie handles \($0.label)" } ?? "See BevGenie with your own data"
        case .featureShowcase, .comparison: headline = "See BevGenie with your own data"
        }
        let lead = demo.first?.leadSentence
        let section = PageSection.cta(.init(
            headline: headline, description: lead, buttonLabel: button, action: action,
            sources: lead == nil ? [] : demo.prefix(1).map(\.id)))
        try await draft.add(section, from: demo)
    }

    // MARK: - Choosing documents

    /// The chunks of the document of one of `kinds` that fits this request best: on the visitor's question (word
    /// overlap), among the retrieved hits, about `topics`, written for the visitor's role.
    private func bestDocument(kinds: [DocumentKind], topics: [PainPoint], preferHits: Bool = false) async throws
        -> [KnowledgeChunk]
    {
        let candidates = try await store.chunks(kinds: kinds, topics: topics, limit: 400)
        var byDocument: [String: [KnowledgeChunk]] = [:]
        var order: [String] = []
        for chunk in candidates {
            if byDocument[chunk.documentId] == nil { order.append(chunk.documentId) }
            byDocument[chunk.documentId, default: []].append(chunk)
        }
        guard !order.isEmpty else { return [] }
        let hitRank = Dictionary(
            context.knowledge.enumerated().map { ($0.element.chunk.documentId, $0.offset) }, uniquingKeysWith: min)
        func score(_ id: String) -> Double {
            let chunks = byDocument[id]!
            let meta = chunks[0]
            var score = 1.5 * overlap(meta.documentTitle)
            // Question words found anywhere in the document (membership tests, no union of the chunks' sets).
            score += 0.3 * Double(questionTerms.filter { term in chunks.contains { $0.terms.contains(term) } }.count)
            if let rank = hitRank[id] { score += (preferHits ? 3.0 : 1.0) / Double(rank + 1) }
            for topic in topics { score += 3 * (meta.topics[topic] ?? 0) }
            // A story or guide written for the visitor's own tier speaks to them; one for another tier less so.
            if let role = context.persona.role, !meta.roles.isEmpty { score += meta.roles.contains(role) ? 1 : -0.5 }
            return score
        }
        let scores = order.map(score)
        let best = scores.indices.max { (scores[$0], $1) < (scores[$1], $0) }!
        return byDocument[order[best]]!.sorted { $0.ordinal < $1.ordinal }
    }

    /// How many of the question's terms `text` contains.
    private func overlap(_ text: String) -> Double {
        guard !questionTerms.isEmpty else { return 0 }
        let terms = Set(TextAnalysis.terms(text))
        return Double(questionTerms.intersection(terms).count)
    }
}

