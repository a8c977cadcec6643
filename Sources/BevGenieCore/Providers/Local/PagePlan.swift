/// The recipes of `LocalPageBuilder`: for one request, which documents the page is built from and how their
/// structures — or their plain prose — become sections.
///
/// One page, one topic: every section comes from `material`, the documents that answer the question (the
/// retrieved hits' top documents), never from a document that merely shares a word or a kind with it. Within
/// those documents a section reads structure first (a labelled list, numbered steps, a table, a quote block, a
/// question heading) and prose second (topic sentences, sentences with figures, "first… then…", questions in
/// the text, "…," says Name), so a corpus of ordinary paragraphs builds pages as well as the starter does.
struct PagePlan {
    let context: ResponseContext
    let brand: Brand
    /// The pain point the page is about: this message's strongest signal, else the persona's, else the top hit's.
    let focus: PainPoint?
    let questionTerms: Set<String>
    /// The documents that answer the question, best first, each as its chunks in order.
    let material: [[KnowledgeChunk]]

    /// How close to the best hit a document's best hit must score to be part of the page.
    static let materialScoreRatio = 0.5
    static let maxMaterialDocuments = 4

    static func make(context: ResponseContext, store: any KnowledgeStore, brand: Brand) async throws -> PagePlan {
        var fromHits: PainPoint?
        if [.painPoint, .information].contains(context.intent.intent), let top = context.knowledge.first?.chunk,
            [.painPoint, .feature, .caseStudy, .industry].contains(top.kind)
        {
            fromHits = top.topics.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
        }
        let focus = context.signals.first?.painPoint ?? context.persona.topPainPoints(limit: 1).first ?? fromHits

        var order: [String] = []
        var best: [String: Double] = [:]
        for hit in context.knowledge where best[hit.chunk.documentId] == nil {
            order.append(hit.chunk.documentId)
            best[hit.chunk.documentId] = hit.score
        }
        let top = context.knowledge.first?.score ?? 0
        let questionTerms = Set(TextAnalysis.terms(context.message))
        var material: [[KnowledgeChunk]] = []
        var primaryCoverage = 0
        var titleCoverage: [Int] = []
        for id in order where best[id]! >= top * materialScoreRatio && material.count < maxMaterialDocuments {
            let chunks = try await store.documentChunks(id: id).sorted { $0.ordinal < $1.ordinal }
            guard !chunks.isEmpty else { continue }
            // A document beside the best one must be as much about the question as it is: fused search scores
            // are close together, and a document that shares one word ("cost") with the question is not about
            // it ("How much does your consulting cost?" is not answered by the price list of the spirits).
            let coverage = questionTerms.filter { term in chunks.contains { $0.terms.contains(term) } }.count
            if material.isEmpty {
                primaryCoverage = coverage
            } else if coverage < max(1, primaryCoverage) {
                continue
            }
            material.append(chunks)
            titleCoverage.append(Set(TextAnalysis.terms(chunks[0].documentTitle)).intersection(questionTerms).count
                + coverage)
        }
        // The page is built on the document most about the question: its words in the title and text, then rank.
        if let best = titleCoverage.indices.max(by: { (titleCoverage[$0], $1) < (titleCoverage[$1], $0) }), best > 0 {
            material.insert(material.remove(at: best), at: 0)
        }
        return PagePlan(
            context: context, brand: brand, focus: focus, questionTerms: questionTerms, material: material)
    }

    func subtitle(for type: PageType) -> String {
        var parts = [type.label]
        if let role = context.persona.role { parts[0] += " for \(role.label)" }
        if let focus, type != .demoRequest { parts.append(focus.label.prefix(1).uppercased() + focus.label.dropFirst()) }
        return parts.joined(separator: " · ")
    }

    /// The sections of a page of `type` from the material, none of them sent yet.
    func sections(for type: PageType) -> PageDraft {
        var draft = PageDraft()
        let documents = ordered(preferring: Self.preferredKinds[type] ?? [])
        guard let primary = documents.first else { return draft }
        let all = documents.flatMap { $0 }
        // Required sections may draw on every answering document; optional ones (a figure, a quote, an FAQ on a
        // solution brief) only on the primary one, so they stay on the page's topic.
        let required = Set(type.requiredSections)
        func scope(_ section: SectionType) -> [[KnowledgeChunk]] { required.contains(section) ? documents : [primary] }
        func chunks(_ section: SectionType) -> [KnowledgeChunk] { scope(section).flatMap { $0 } }
        draft.add(hero(from: primary), from: primary)
        switch type {
        case .solutionBrief:
            draft.add(problemItems(in: documents, used: &draft.usedText), from: all)
            draft.add(featureItems(in: documents, limit: 5, used: &draft.usedText), from: all)
            draft.add(metrics(from: chunks(.metrics), limit: 3, used: &draft.usedText), from: all)
            draft.add(testimonial(from: chunks(.testimonial)), from: all)
        case .featureShowcase:
            draft.add(featureItems(in: documents, limit: 6, used: &draft.usedText), from: all)
            draft.add(steps(from: scope(.steps), used: &draft.usedText), from: all)
            draft.add(metrics(from: chunks(.metrics), limit: 3, used: &draft.usedText), from: all)
            draft.add(faq(in: chunks(.faq), limit: 3, used: &draft.usedText), from: all)
        case .comparison:
            draft.add(comparisonTable(in: all), from: all)
            draft.add(featureItems(in: documents, limit: 5, headingWords: ["different", "why", "advantage"],
                                   used: &draft.usedText), from: all)
            draft.add(faq(in: chunks(.faq), limit: 3, used: &draft.usedText), from: all)
        case .caseStudy:
            draft.add(metrics(from: all, limit: 4, used: &draft.usedText), from: all)
            draft.add(testimonial(from: chunks(.testimonial)), from: all)
            draft.add(steps(from: scope(.steps), used: &draft.usedText), from: all)
        case .roiCalculator:
            draft.add(metrics(from: all, limit: 4, used: &draft.usedText), from: all)
            draft.add(steps(from: documents, used: &draft.usedText), from: all)
            draft.add(faq(in: chunks(.faq), limit: 3, used: &draft.usedText), from: all)
        case .demoRequest:
            draft.add(steps(from: documents, used: &draft.usedText), from: all)
            draft.add(faq(in: chunks(.faq), limit: 4, used: &draft.usedText), from: all)
        }
        draft.add(callToAction(for: type, from: all), from: all)
        return draft
    }

    /// Which document a page of each type is built on, when the answering documents include one of that kind.
    static let preferredKinds: [PageType: [DocumentKind]] = [
        .solutionBrief: [.painPoint], .featureShowcase: [.feature], .comparison: [.comparison],
        .caseStudy: [.caseStudy], .roiCalculator: [.pricing], .demoRequest: [.demo],
    ]

    /// The material with the first document of one of `kinds` moved to the front (the page's primary document);
    /// otherwise as ranked. Only a document that answers the question can lead, whatever its kind.
    private func ordered(preferring kinds: [DocumentKind]) -> [[KnowledgeChunk]] {
        guard let index = material.firstIndex(where: { kinds.contains($0[0].kind) }), index > 0 else { return material }
        // A document of the right kind leads only when it answers nearly as well as the best one.
        var documents = material
        documents.insert(documents.remove(at: index), at: 0)
        return documents
    }

    // MARK: - Hero

    private func hero(from chunks: [KnowledgeChunk]) -> PageSection? {
        guard let first = chunks.first else { return nil }
        let title = first.documentTitle
        for chunk in chunks {
            for sentence in ProseReader.sentences([chunk]) where sentence.text != title && sentence.text.count >= 20 {
                guard !sentence.text.hasSuffix("?"), !Quotable.refersToItsPage(sentence.text) else { continue }
                return .hero(.init(headline: title, subheadline: sentence.text, sources: [chunk.id]))
            }
        }
        return .hero(.init(headline: title, subheadline: nil, sources: [first.id]))
    }

    // MARK: - Key points

    static let problemHeadingWords = ["sign", "symptom", "problem", "why", "challenge", "cost", "risk", "happen",
                                      "pitfall", "mistake"]
    static let helpHeadingWords = ["help", "solution", "what it does", "how bevgenie", "capabilit", "feature", "module"]

    /// Problems: a labelled list under a problem heading, else sentences of the material that state a problem.
    private func problemItems(in documents: [[KnowledgeChunk]], used: inout Set<String>) -> PageSection? {
        for document in documents {
            if let found = items(document.filter { $0.heading(matches: Self.problemHeadingWords) }, limit: 4, used: &used) {
                return .painPoints(.init(heading: found.heading, items: found.items))
            }
        }
        let points = rankedKeyPoints(documents).filter { $0.isProblem && !used.contains($0.description) }.prefix(4)
        guard !points.isEmpty else { return nil }
        for point in points { used.insert(point.description) }
        return .painPoints(.init(heading: "What gets in the way", items: points.map {
            .init(title: $0.title, description: $0.description, source: $0.chunk.id)
        }))
    }

    /// What the knowledge says on the question: a labelled list (under a "how it helps" heading first), else the
    /// material's key points not already on the page.
    private func featureItems(
        in documents: [[KnowledgeChunk]], limit: Int, headingWords: [String] = PagePlan.helpHeadingWords,
        used: inout Set<String>
    ) -> PageSection? {
        for document in documents {
            if let found = items(document.filter { $0.heading(matches: headingWords) }, limit: limit, used: &used) {
                return .features(.init(heading: found.heading, items: found.items))
            }
        }
        for document in documents {
            if let found = items(document, limit: limit, skipping: Self.problemHeadingWords, used: &used) {
                return .features(.init(heading: found.heading, items: found.items))
            }
        }
        let points = rankedKeyPoints(documents).filter { !used.contains($0.description) }.prefix(limit)
        guard !points.isEmpty else { return nil }
        for point in points { used.insert(point.description) }
        return .features(.init(heading: "Key points", items: points.map {
            .init(title: $0.title, description: $0.description, source: $0.chunk.id)
        }))
    }

    /// Key points of the material, the ones on the question first, then the primary document's in order.
    private func rankedKeyPoints(_ documents: [[KnowledgeChunk]]) -> [ProseReader.KeyPoint] {
        var points: [(point: ProseReader.KeyPoint, rank: Int)] = []
        let texts = documents.map { $0.map(\.plainText).joined(separator: "\n").lowercased() }
        for (documentRank, document) in documents.enumerated() {
            let elsewhere = texts.enumerated().filter { $0.offset != documentRank }.map(\.element).joined(separator: "\n")
            for point in ProseReader.keyPoints(document, question: questionTerms, elsewhere: elsewhere) {
                points.append((point, documentRank * 1000 + points.count))
            }
        }
        return points.sorted { a, b in
            let sa = questionTerms.intersection(a.point.terms).count, sb = questionTerms.intersection(b.point.terms).count
            return (sa, -a.rank) > (sb, -b.rank)
        }
        .map(\.point)
    }

    /// Up to `limit` labelled items from the first chunk that has at least two, headed by its section title.
    private func items(_ chunks: [KnowledgeChunk], limit: Int, skipping: [String] = [], used: inout Set<String>)
        -> (heading: String, items: [PageSection.Item])?
    {
        for chunk in chunks where !chunk.heading(matches: skipping) {
            let found = chunk.labelledItems.filter { !used.contains($0.text) }.prefix(limit).map {
                PageSection.Item(title: $0.label ?? "", description: $0.text, source: chunk.id)
            }
            if found.count >= 2 {
                for item in found { used.insert(item.description) }
                return (chunk.sectionTitle, Array(found))
            }
        }
        return nil
    }

    // MARK: - Steps, figures, questions, quotes

    /// Numbered items, else a "first… then… finally" passage.
    private func steps(from documents: [[KnowledgeChunk]], used: inout Set<String>) -> PageSection? {
        for chunk in documents.joined() {
            let ordered = chunk.orderedItems.prefix(8)
            guard ordered.count >= 2 else { continue }
            let items = ordered.enumerated().map { index, item in
                // An unlabelled step keeps its whole text as the description; its title is its position.
                PageSection.Item(title: item.label ?? "Step \(index + 1)", description: item.text, source: chunk.id)
            }
            return .steps(.init(heading: chunk.sectionTitle, items: items))
        }
        for document in documents {
            guard let sequence = ProseReader.sequence(document) else { continue }
            let items = sequence.prefix(8).enumerated().map { index, sentence in
                PageSection.Item(title: "Step \(index + 1)", description: sentence.text, source: sentence.chunk.id)
            }
            for item in items { used.insert(item.description) }
            return .steps(.init(heading: sequence[0].heading ?? "Step by step", items: items))
        }
        return nil
    }

    /// Metric bullets (`**31%** fewer…`), else sentences that state a figure, labelled by the sentence itself
    /// (what is measured, and whose figure it is, in the knowledge's own words).
    private func metrics(from chunks: [KnowledgeChunk], limit: Int, used: inout Set<String>) -> PageSection? {
        var items: [PageSection.Metric] = []
        var heading: String?
        for chunk in chunks {
            for item in chunk.metricItems where items.count < limit {
                items.append(.init(value: item.label ?? "", label: item.text, source: chunk.id))
                heading = heading ?? chunk.sectionTitle
            }
        }
        if !items.isEmpty, let heading { return .metrics(.init(heading: heading, items: items)) }
        var figures = ProseReader.figures(ProseReader.sentences(chunks))
        // The page's own document's figures when it states any: figures from the documents beside it only fill
        // a page whose primary document has none.
        if figures.contains(where: { $0.sentence.chunk.documentId == chunks.first?.documentId }) {
            figures = figures.filter { $0.sentence.chunk.documentId == chunks.first?.documentId }
        }
        // The page's own document first, then the figures closest to the question.
        let documentOrder = Dictionary(chunks.map(\.documentId).enumerated().map { ($1, $0) }, uniquingKeysWith: min)
        let ranked = figures.enumerated().sorted { a, b in
            let da = a.element.sentence.chunk.documentId == chunks.first?.documentId ? 0 : 1
            let db = b.element.sentence.chunk.documentId == chunks.first?.documentId ? 0 : 1
            let sa = questionTerms.intersection(a.element.sentence.terms).count
            let sb = questionTerms.intersection(b.element.sentence.terms).count
            return (-da, sa, -(documentOrder[a.element.sentence.chunk.documentId] ?? 0), -a.offset)
                > (-db, sb, -(documentOrder[b.element.sentence.chunk.documentId] ?? 0), -b.offset)
        }
        var values: Set<String> = []
        for (_, figure) in ranked where items.count < limit && !used.contains(figure.sentence.text) {
            guard values.insert(figure.value).inserted else { continue }
            used.insert(figure.sentence.text)
            items.append(.init(value: figure.value, label: figure.sentence.text, source: figure.sentence.chunk.id))
        }
        guard !items.isEmpty else { return nil }
        return .metrics(.init(heading: "By the numbers", items: items))
    }

    private func testimonial(from chunks: [KnowledgeChunk]) -> PageSection? {
        for chunk in chunks {
            if let quote = chunk.attributedQuote {
                return .testimonial(.init(quote: quote.text, author: quote.attribution, source: chunk.id))
            }
        }
        if let quote = ProseReader.attributedQuotes(chunks).first {
            return .testimonial(.init(quote: quote.quote, author: quote.author, source: quote.chunk.id))
        }
        return nil
    }

    /// Question headings with their answers and questions asked in the prose, the ones closest to the
    /// visitor's question first.
    private func faq(in chunks: [KnowledgeChunk], limit: Int, used: inout Set<String>) -> PageSection? {
        var entries: [(question: String, answer: String, chunk: KnowledgeChunk)] = chunks.compactMap { chunk in
            chunk.questionAndAnswer.map { ($0.question, $0.answer, chunk) }
        }
        entries += ProseReader.questions(chunks).map { ($0.question, $0.answer, $0.chunk) }
        var seen: Set<String> = []
        entries = entries.filter { seen.insert($0.question).inserted && !used.contains($0.answer) }
        guard !entries.isEmpty else { return nil }
        let scores = entries.map { questionTerms.intersection(TextAnalysis.terms($0.question + " " + $0.answer)).count }
        let ranked = entries.enumerated().sorted { a, b in (scores[a.offset], b.offset) > (scores[b.offset], a.offset) }
        let items = ranked.prefix(limit).map {
            PageSection.FAQ.Entry(question: $0.element.question, answer: $0.element.answer, source: $0.element.chunk.id)
        }
        for item in items { used.insert(item.answer) }
        return .faq(.init(heading: "Questions visitors ask", items: items))
    }

    private func comparisonTable(in chunks: [KnowledgeChunk]) -> PageSection? {
        guard let (chunk, table) = chunks.lazy.compactMap({ c in c.firstTable.map { (c, $0) } }).first,
            table.header.count >= 2, !table.rows.isEmpty
        else { return nil }
        let rows = table.rows.prefix(12).map { row in
            // Rows padded or cut to the header's width, so every row has one cell per column.
            var values = Array(row.dropFirst())
            while values.count < table.header.count - 1 { values.append("") }
            return PageSection.Comparison.Row(label: row.first ?? "", values: Array(values.prefix(table.header.count - 1)))
        }
        return .comparison(.init(heading: chunk.sectionTitle, columns: table.header, rows: Array(rows), source: chunk.id))
    }

    // MARK: - Call to action

    /// The brand's call to action for this page type (wording and link from the config), with the knowledge's
    /// own next-step sentence ("Email us to book a tasting") as its description when the material has one.
    private func callToAction(for type: PageType, from chunks: [KnowledgeChunk]) -> PageSection {
        let wording = brand.callToAction(for: type, topic: focus?.label)
        let next = ProseReader.nextStep(chunks)
        return .cta(.init(
            headline: wording.headline, description: next?.text, buttonLabel: wording.button, action: wording.action,
            sources: next.map { [$0.chunk.id] } ?? [], href: wording.url))
    }
}
