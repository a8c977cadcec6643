/// Every word of a local answer that does not come from the knowledge base, in one place, so brand configuration
/// can replace it (the assistant's and the company's name, what it offers to talk about).
///
/// The rest of an answer is quoted verbatim from the knowledge and cited.
public struct AnswerWording: Sendable, Equatable {
    /// The assistant's name in the greeting.
    public var assistantName = "BevGenie's assistant"
    /// Whose knowledge base the assistant answers from.
    public var knowledgeOwner = "BevGenie"
    /// Example questions the greeting suggests.
    public var greetingSuggestions = "You could ask how to get distributor reps to focus on your brand, how "
        + "BevGenie compares with spreadsheets, what it costs, or what a demo covers."
    /// The heading of the list of cited sources.
    public var sourcesHeading = "Sources:"

    public init() {}

    /// The wording for `brand`: its assistant and company; BevGenie's example questions only for BevGenie.
    public init(brand: Brand) {
        if brand != .bevGenie {
            assistantName = brand.assistantName
            knowledgeOwner = brand.companyName
            greetingSuggestions = "Ask me anything \(brand.companyName)'s knowledge base covers."
        }
    }

    func greeting(lastTopic: String?) -> String {
        var text = "Hello! I'm \(assistantName). I answer from \(knowledgeOwner)'s knowledge base and build a page "
            + "for your question as I go."
        if let lastTopic { text += " Last time we talked about \(lastTopic); ask me more about it any time." }
        return text + " " + greetingSuggestions
    }

    /// One sentence: a named thing the knowledge never mentions, and what it does cover (document titles).
    func notMentioned(_ names: [String], covered topics: [String]) -> String {
        let subject = Self.list(names.map { "\u{201C}\($0)\u{201D}" }, conjunction: "or")
        return "The knowledge base doesn't mention \(subject)" + Self.offer(topics)
    }

    /// One sentence: nothing in the knowledge answers the question.
    func notCovered(covered topics: [String]) -> String {
        "I couldn't find anything about that in the knowledge base" + Self.offer(topics)
    }

    /// Before the quotes, when the visitor asked for a yes or a no and no cited sentence gives one.
    let noPlainYesOrNo = "The knowledge base doesn't answer that with a plain yes or no; here is what it says."

    private static func offer(_ topics: [String]) -> String {
        guard !topics.isEmpty else { return "." }
        return "; it does cover " + list(topics, conjunction: "and") + "."
    }

    static func list(_ items: [String], conjunction: String) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        case 2: return "\(items[0]) \(conjunction) \(items[1])"
        default: return items.dropLast().joined(separator: ", ") + ", \(conjunction) \(items.last!)"
        }
    }
}
