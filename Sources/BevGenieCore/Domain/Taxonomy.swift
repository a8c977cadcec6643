/// The shared vocabulary (docs/EVENTS.md): what a visitor wants (intent), which page answers it, which business
/// problems they have (pain points) and who they are (role). Classifier, persona, pages and tests all use these.

/// What the visitor is asking for.
public enum Intent: String, CaseIterable, Sendable, Codable {
    case greeting, information, painPoint = "pain_point", feature, comparison, caseStudy = "case_study", pricing, demo
    /// Other subjects, small talk that is not a greeting, requests to reveal the prompt or change the instructions:
    /// answered with a short redirect (`ScopeRedirect`), no page, no signals, no persona change.
    case outOfScope = "out_of_scope"

    /// The page that answers this intent; `nil` when a page would be noise (a greeting, another subject).
    public var pageType: PageType? {
        switch self {
        case .greeting, .outOfScope: return nil
        case .information, .painPoint: return .solutionBrief
        case .feature: return .featureShowcase
        case .comparison: return .comparison
        case .caseStudy: return .caseStudy
        case .pricing: return .roiCalculator
        case .demo: return .demoRequest
        }
    }

    /// Words a question of this intent is about even when it does not say them ("how much?" is about price
    /// and plans), added to the question's own words when choosing what to quote.
    var impliedTerms: [String] {
        switch self {
        case .pricing: return ["price", "plan", "month", "subscription", "cost"]
        case .demo: return ["demo", "agenda"]
        case .caseStudy: return ["result", "customer"]
        case .comparison: return ["compare", "different"]
        default: return []
        }
    }

    public var label: String {
        switch self {
        case .greeting: return "greeting"
        case .information: return "general information"
        case .painPoint: return "a business problem"
        case .feature: return "a product capability"
        case .comparison: return "a comparison"
        case .caseStudy: return "customer stories"
        case .pricing: return "pricing and ROI"
        case .demo: return "a demo"
        case .outOfScope: return "something outside what this assistant covers"
        }
    }
}

/// The kinds of landing page stage 5 can build.
public enum PageType: String, CaseIterable, Sendable, Codable {
    case solutionBrief = "solution_brief"
    case featureShowcase = "feature_showcase"
    case comparison
    case caseStudy = "case_study"
    case roiCalculator = "roi_calculator"
    case demoRequest = "demo_request"

    public var label: String {
        switch self {
        case .solutionBrief: return "Solution brief"
        case .featureShowcase: return "Feature showcase"
        case .comparison: return "Comparison"
        case .caseStudy: return "Case study"
        case .roiCalculator: return "ROI calculator"
        case .demoRequest: return "Demo request"
        }
    }

    /// Sections a page of this type must have to be valid; a page missing one is rejected before it is sent.
    /// How the page is named in a sentence ("the ROI calculator below").
    public var phrase: String {
        switch self {
        case .solutionBrief: return "solution brief"
        case .featureShowcase: return "feature showcase"
        case .comparison: return "comparison"
        case .caseStudy: return "case study"
        case .roiCalculator: return "ROI calculator"
        case .demoRequest: return "demo request page"
        }
    }

    public var requiredSections: [SectionType] {
        switch self {
        case .solutionBrief: return [.hero, .painPoints, .features, .cta]
        case .featureShowcase: return [.hero, .features, .cta]
        case .comparison: return [.hero, .comparison, .cta]
        case .caseStudy: return [.hero, .metrics, .cta]
        case .roiCalculator: return [.hero, .metrics, .steps, .cta]
        case .demoRequest: return [.hero, .steps, .cta]
        }
    }
}

/// The section types a page spec may contain.
public enum SectionType: String, CaseIterable, Sendable, Codable {
    case hero, painPoints = "pain_points", features, metrics, steps, comparison, testimonial, faq, cta
}

/// The business problems BevGenie solves; persona scores are kept per pain point.
public enum PainPoint: String, CaseIterable, Sendable, Codable, Comparable {
    case executionVisibility = "execution_visibility"
    case distributorPerformance = "distributor_performance"
    case salesProductivity = "sales_productivity"
    case dataFragmentation = "data_fragmentation"
    case inventoryPlanning = "inventory_planning"
    case tradeSpendROI = "trade_spend_roi"
    case compliance
    case marketExpansion = "market_expansion"

    public var label: String {
        switch self {
        case .executionVisibility: return "retail execution visibility"
        case .distributorPerformance: return "distributor performance"
        case .salesProductivity: return "sales productivity"
        case .dataFragmentation: return "fragmented data"
        case .inventoryPlanning: return "inventory planning"
        case .tradeSpendROI: return "trade spend ROI"
        case .compliance: return "compliance"
        case .marketExpansion: return "market expansion"
        }
    }

    public static func < (lhs: PainPoint, rhs: PainPoint) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Who the visitor is in the three-tier system.
public enum Role: String, CaseIterable, Sendable, Codable {
    case supplier, distributor, retailer, onPremise = "on_premise"

    public var label: String {
        switch self {
        case .supplier: return "suppliers"
        case .distributor: return "distributors"
        case .retailer: return "retailers"
        case .onPremise: return "on-premise accounts"
        }
    }

    /// One visitor of this role, for "as a supplier".
    public var singular: String {
        switch self {
        case .supplier: return "a supplier"
        case .distributor: return "a distributor"
        case .retailer: return "a retailer"
        case .onPremise: return "an on-premise operator"
        }
    }
}

/// What a knowledge document is, which decides where the page builder looks for each section.
public enum DocumentKind: String, CaseIterable, Sendable, Codable {
    case painPoint = "pain_point", feature, caseStudy = "case_study", comparison, pricing, demo, industry,
        information, faq

    /// The kinds that best answer an intent, best first.
    static func preferred(for intent: Intent) -> [DocumentKind] {
        switch intent {
        case .greeting, .information: return [.information, .industry, .faq]
        case .painPoint: return [.painPoint, .feature, .caseStudy]
        case .feature: return [.feature, .faq]
        case .comparison: return [.comparison, .feature]
        case .caseStudy: return [.caseStudy]
        case .pricing: return [.pricing, .caseStudy]
        case .demo: return [.demo, .pricing]
        case .outOfScope: return []
        }
    }
}
