import Foundation

/// Stage 5 without a model: fills the page template for the page type from the knowledge base.
///
/// Each page type has a recipe — which kind of document to build on and which of its structures become which
/// section (a pain-point document's "signs" list becomes the pain points, a case study's metric bullets its
/// metrics, a comparison's table the comparison). Every headline, item, figure and quote is lifted verbatim from
/// a chunk and cites it; the only composed words are section headings, the page subtitle and button labels.
/// When the knowledge base has nothing for a required section, there is no page (`nil`) rather than filler.
public struct LocalPageBuilder: PageGenerator {
    public let name = "local"
    public let store: any KnowledgeStore

    public init(store: any KnowledgeStore) {
        self.store = store
    }

    public func page(
        type: PageType, context: ResponseContext, answer: ResponseOutput,
        emit: @escaping @Sendable (Int, PageSection) async throws -> Void
    ) async throws -> PageSpec? {
        let plan = try await PagePlan.make(type: type, context: context, store: store)
        var draft = PageDraft(emit: emit)
        switch type {
        case .solutionBrief: try await plan.solutionBrief(into: &draft)
        case .featureShowcase: try await plan.featureShowcase(into: &draft)
        case .comparison: try await plan.comparison(into: &draft)
        case .caseStudy: try await plan.caseStudy(into: &draft)
        case .roiCalculator: try await plan.roiCalculator(into: &draft)
        case .demoRequest: try await plan.demoRequest(into: &draft)
        }
        let present = Set(draft.sections.map { $0.type })
        guard type.requiredSections.allSatisfy({ present.contains($0) }), case .hero(let hero)? = draft.sections.first
        else {
            return nil
        }
        return PageSpec(
            id: "page_" + RandomID.hex(12), type: type, title: hero.headline, subtitle: plan.subtitle(for: type),
            sections: draft.sections, sources: draft.sources, generator: name, createdAt: Date().ISO8601Format())
    }
}

/// Sections as they are built: each is handed to `emit` at once (the client renders it progressively) and the
/// chunks it cites are collected for the page's `sources`.
struct PageDraft {
    let emit: @Sendable (Int, PageSection) async throws -> Void
    private(set) var sections: [PageSection] = []
    private(set) var sources: [PageSource] = []
    private var cited: Set<String> = []
    private var chunks: [String: KnowledgeChunk] = [:]

    init(emit: @escaping @Sendable (Int, PageSection) async throws -> Void) {
        self.emit = emit
    }

    /// Registers the chunks a section quotes (so they can be cited) and sends the section.
    mutating func add(_ section: PageSection?, from used: [KnowledgeChunk]) async throws {
        guard let section else { return }
        for chunk in used { chunks[chunk.id] = chunk }
        for id in section.citedChunkIds where cited.insert(id).inserted {
            guard let chunk = chunks[id] else { continue }
            sources.append(PageSource(documentId: chunk.documentId, chunkId: chunk.id, title: chunk.headingPath))
        }
        sections.append(section)
        try Task.checkCancellation()
        try await emit(sections.count - 1, section)
    }
}
