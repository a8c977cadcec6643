/// The answer to an out-of-scope message: one short, friendly sentence or two that say what the assistant is for.
///
/// All of its wording lives here so that a brand configuration can replace it in one place (assistant name,
/// company, topics); nothing else in the pipeline writes text for out-of-scope messages.
public struct ScopeRedirect: Sendable, Equatable {
    /// Who is speaking ("BevGenie's assistant").
    public var assistantName: String
    /// What the assistant can help with, in the order they are offered.
    public var topics: [String]

    public init(
        assistantName: String = "BevGenie's assistant",
        topics: [String] = [
            "getting distributors to focus on your brand", "retail execution", "trade spend ROI", "compliance",
            "how BevGenie compares", "what it costs", "booking a demo",
        ]
    ) {
        self.assistantName = assistantName
        self.topics = topics
    }

    public static let standard = ScopeRedirect()

    /// What the assistant is for, in "I'm X, for …".
    public var domain = "the beverage-alcohol trade"

    /// The redirect of `brand`: BevGenie's topics for BevGenie, the company's own knowledge for anyone else.
    public init(brand: Brand) {
        if brand == .bevGenie {
            self.init()
        } else {
            self.init(assistantName: brand.assistantName, topics: ["questions about what \(brand.companyName) offers"])
            domain = "questions about \(brand.companyName)"
        }
    }

    /// The redirect for a message that is out of scope for `reason`.
    public func text(for reason: ScopeReason) -> String {
        let offer = "I can help with " + Self.list(topics) + ". What would you like to know?"
        switch reason {
        case .instructions:
            return "I can't share or change how I'm set up, but I'm happy to help with your business. " + offer
        case .otherSubject:
            return "That's outside what I can help with here — I'm \(assistantName), for \(domain). "
                + offer
        case .smallTalk:
            return "I'm \(assistantName), so I'm best at \(domain == "the beverage-alcohol trade" ? "questions about selling beverage alcohol" : domain). " + offer
        }
    }

    /// "a, b and c".
    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "questions about BevGenie" }
        return items.dropLast().joined(separator: ", ") + " or " + items[items.count - 1]
    }
}

/// Why a message is out of scope, which decides the redirect's wording.
public enum ScopeReason: String, Sendable, Equatable, CaseIterable {
    /// Asks to reveal the prompt, change the instructions or take on another persona.
    case instructions
    /// Another subject: weather, sports, coding, recipes, homework…
    case otherSubject = "other_subject"
    /// Chat that is neither a greeting nor about the trade.
    case smallTalk = "small_talk"
}
