/// A generated landing page: the page spec of docs/EVENTS.md.
///
/// Every section names the knowledge chunks its content came from (`sources` on the section or `source` on an
/// item); the page's `sources` lists those chunks once each, so any claim on a page can be traced to the text that
/// supports it.
public struct PageSpec: Sendable, Equatable {
    public var id: String
    public var type: PageType
    public var title: String
    public var subtitle: String?
    public var sections: [PageSection]
    public var sources: [PageSource]
    /// Which provider built it (`local`, `anthropic:…`).
    public var generator: String
    /// ISO 8601 time of creation.
    public var createdAt: String
    /// Set when this page replaces one a model failed to produce: why. Not part of the spec; the run reports it.
    public var fallback: String?
    /// Set when the page is of another type than the one asked for, because the knowledge could not fill the
    /// requested type's required sections: what was built instead and why. Not part of the spec; the run reports it.
    public var note: String?

    public init(
        id: String, type: PageType, title: String, subtitle: String? = nil, sections: [PageSection],
        sources: [PageSource], generator: String, createdAt: String
    ) {
        self.id = id
        self.type = type
        self.title = title
        self.subtitle = subtitle
        self.sections = sections
        self.sources = sources
        self.generator = generator
        self.createdAt = createdAt
    }
}

/// A cited knowledge chunk.
public struct PageSource: Sendable, Equatable {
    public var documentId: String
    public var chunkId: String
    public var title: String

    public init(documentId: String, chunkId: String, title: String) {
        self.documentId = documentId
        self.chunkId = chunkId
        self.title = title
    }
}

/// One section of a page.
public enum PageSection: Sendable, Equatable {
    case hero(Hero)
    case painPoints(ItemList)
    case features(ItemList)
    case steps(ItemList)
    case metrics(Metrics)
    case comparison(Comparison)
    case testimonial(Testimonial)
    case faq(FAQ)
    case cta(CallToAction)

    public var type: SectionType {
        switch self {
        case .hero: return .hero
        case .painPoints: return .painPoints
        case .features: return .features
        case .steps: return .steps
        case .metrics: return .metrics
        case .comparison: return .comparison
        case .testimonial: return .testimonial
        case .faq: return .faq
        case .cta: return .cta
        }
    }

    public struct Hero: Sendable, Equatable {
        public var headline: String
        public var subheadline: String?
        public var sources: [String]
    }

    /// A titled list: pain points, features or steps.
    public struct ItemList: Sendable, Equatable {
        public var heading: String
        public var items: [Item]
    }

    public struct Item: Sendable, Equatable {
        public var title: String
        public var description: String
        public var source: String
    }

    public struct Metrics: Sendable, Equatable {
        public var heading: String
        public var items: [Metric]
    }

    public struct Metric: Sendable, Equatable {
        public var value: String
        public var label: String
        public var source: String
    }

    public struct Comparison: Sendable, Equatable {
        public var heading: String
        public var columns: [String]
        public var rows: [Row]
        public var source: String

        public struct Row: Sendable, Equatable {
            public var label: String
            public var values: [String]
        }
    }

    public struct Testimonial: Sendable, Equatable {
        public var quote: String
        public var author: String
        public var source: String
    }

    public struct FAQ: Sendable, Equatable {
        public var heading: String
        public var items: [Entry]

        public struct Entry: Sendable, Equatable {
            public var question: String
            public var answer: String
            public var source: String
        }
    }

    public struct CallToAction: Sendable, Equatable {
        public var headline: String
        public var description: String?
        public var buttonLabel: String
        /// What the button does: `demo`, `contact`, `pricing`.
        public var action: String
        public var sources: [String]
        /// Where the button leads: the brand's URL or a `mailto:` link (only http(s) and mailto pass validation).
        public var href: String? = nil
    }

    /// Every chunk id the section cites.
    public var citedChunkIds: [String] { SectionSchema.of(type).cited(record) }

    /// One line that says what the section holds, for a terminal outline of the page.
    public var outline: String { SectionSchema.of(type).outline(record) }

    /// The case's payload, which the section's schema entry reads and writes.
    var record: any SectionRecord {
        switch self {
        case .hero(let hero): return hero
        case .painPoints(let list), .features(let list), .steps(let list): return list
        case .metrics(let metrics): return metrics
        case .comparison(let comparison): return comparison
        case .testimonial(let testimonial): return testimonial
        case .faq(let faq): return faq
        case .cta(let cta): return cta
        }
    }
}

// The blank values the schema-driven JSON reader fills (SectionSchema.swift). In extensions, so every payload keeps
// its memberwise initializer for the code that builds sections.
extension PageSection.Hero: SectionRecord { public init() { self.init(headline: "", subheadline: nil, sources: []) } }
extension PageSection.ItemList: SectionRecord { public init() { self.init(heading: "", items: []) } }
extension PageSection.Item: SectionRecord { public init() { self.init(title: "", description: "", source: "") } }
extension PageSection.Metrics: SectionRecord { public init() { self.init(heading: "", items: []) } }
extension PageSection.Metric: SectionRecord { public init() { self.init(value: "", label: "", source: "") } }
extension PageSection.Comparison: SectionRecord {
    public init() { self.init(heading: "", columns: [], rows: [], source: "") }
}
extension PageSection.Comparison.Row: SectionRecord { public init() { self.init(label: "", values: []) } }
extension PageSection.Testimonial: SectionRecord { public init() { self.init(quote: "", author: "", source: "") } }
extension PageSection.FAQ: SectionRecord { public init() { self.init(heading: "", items: []) } }
extension PageSection.FAQ.Entry: SectionRecord { public init() { self.init(question: "", answer: "", source: "") } }
extension PageSection.CallToAction: SectionRecord {
    public init() { self.init(headline: "", description: nil, buttonLabel: "", action: "", sources: []) }
}
