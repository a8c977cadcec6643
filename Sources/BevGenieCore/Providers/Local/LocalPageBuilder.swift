import Foundation

/// Stage 5 without a model: fills the page template for the page type from the knowledge base.
///
/// Each page type has a recipe (`PagePlan`): which of the answering documents it is built on and which of their
/// structures or sentences become which section. Every headline, item, figure and quote is lifted verbatim from a
/// chunk and cites it; the only composed words are section headings, the page subtitle and the call to action's
/// wording, which comes from the brand configuration.
///
/// When the knowledge cannot fill the requested type's required sections (a price list with no figures for an
/// ROI calculator), the page is the closest type it can fill — a solution brief, else a feature showcase — and
/// `note` says so. Only when the knowledge has nothing on the question is there no page (`nil`).
public struct LocalPageBuilder: PageGenerator {
    public let name = "local"
    public let store: any KnowledgeStore
    /// Whose page it is: the call to action's wording and link.
    public var brand: Brand

    public init(store: any KnowledgeStore, brand: Brand = .bevGenie) {
        self.store = store
        self.brand = brand
    }

    /// The types to try for a requested one, closest first.
    static func candidates(for type: PageType) -> [PageType] {
        [type] + [.solutionBrief, .featureShowcase].filter { $0 != type }
    }

    public func page(
        type: PageType, context: ResponseContext, answer: ResponseOutput,
        emit: @escaping @Sendable (PageProgress) async throws -> Void
    ) async throws -> PageSpec? {
        let plan = try await PagePlan.make(context: context, store: store, brand: brand)
        // The sections are chosen before any is sent: a client that renders them as they arrive must never see the
        // start of a page of one type followed by the rest of another.
        var chosen: (type: PageType, draft: PageDraft)?
        var missing: [SectionType] = []
        for candidate in Self.candidates(for: type) {
            let draft = plan.sections(for: candidate)
            let present = Set(draft.sections.map(\.type))
            let lacking = candidate.requiredSections.filter { !present.contains($0) }
            if candidate == type { missing = lacking }
            if lacking.isEmpty {
                chosen = (candidate, draft)
                break
            }
        }
        guard let (pageType, draft) = chosen, case .hero(let hero)? = draft.sections.first else { return nil }
        for (index, section) in draft.sections.enumerated() {
            try Task.checkCancellation()
            try await emit(.section(index: index, section))
        }
        var page = PageSpec(
            id: "page_" + RandomID.hex(12), type: pageType, title: hero.headline, subtitle: plan.subtitle(for: pageType),
            sections: draft.sections, sources: draft.sources, generator: name, createdAt: Date().ISO8601Format())
        if pageType != type {
            page.note = Self.note(requested: type, built: pageType, missing: missing)
        }
        return page
    }

    /// Why the page is of another type, in one sentence a client can show.
    static func note(requested: PageType, built: PageType, missing: [SectionType]) -> String {
        let names = missing.map { $0.rawValue.replacingOccurrences(of: "_", with: " ") }
        return "built a \(built.phrase) instead of a \(requested.phrase): the knowledge base has no "
            + names.joined(separator: " or ") + " for it"
    }
}

/// Sections as they are chosen, with the chunks they cite collected for the page's `sources` and the text already
/// on the page (so no sentence appears twice).
struct PageDraft {
    private(set) var sections: [PageSection] = []
    private(set) var sources: [PageSource] = []
    /// Sentences and items already used by a section.
    var usedText: Set<String> = []
    private var cited: Set<String> = []
    private var chunks: [String: KnowledgeChunk] = [:]

    /// Adds a section and registers the chunks it quotes (so they can be cited).
    mutating func add(_ section: PageSection?, from used: [KnowledgeChunk]) {
        guard let section else { return }
        for chunk in used { chunks[chunk.id] = chunk }
        for id in section.citedChunkIds where cited.insert(id).inserted {
            guard let chunk = chunks[id] else { continue }
            sources.append(PageSource(documentId: chunk.documentId, chunkId: chunk.id, title: chunk.headingPath))
        }
        sections.append(section)
    }
}
