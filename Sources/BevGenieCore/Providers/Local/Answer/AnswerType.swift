/// What kind of answer a question asks for, read from its wording: it decides which sentences can answer it.
///
/// "How much does it cost?" wants a sentence with a price, "Do you ship to PO boxes?" a sentence that says yes
/// or no, "How do I book?" the steps, "Is this useful for a liquor-store owner?" what the knowledge says about
/// that kind of visitor; anything else an explanation.
enum AnswerType: Equatable, Sendable {
    enum Figure: Equatable, Sendable { case money, duration, count, time, any }

    case figure(Figure)
    /// `explicit`: the visitor asked for a yes or a no in so many words ("…, yes or no?").
    case yesNo(explicit: Bool)
    case steps
    case roleFit
    case explanation

    static func detect(_ message: String) -> AnswerType {
        let lower = " " + TextAnalysis.words(message).joined(separator: " ") + " "
        func has(_ phrases: String...) -> Bool { phrases.contains { lower.contains(" \($0) ") } }
        func starts(_ phrases: String...) -> Bool { phrases.contains { lower.hasPrefix(" \($0) ") } }

        if has("for me", "for us", "useful for", "worth it for", "good fit", "a fit for", "right for", "suitable for",
               "make sense for", "relevant for", "relevant to", "work for a", "work for an", "work for my",
               "work for our", "helpful for", "good for a", "good for an", "good for my", "good for our")
        {
            return .roleFit
        }
        if has("yes or no") { return .yesNo(explicit: true) }
        if starts("how do i", "how do we", "how can i", "how can we", "how should i", "how should we", "how to",
                  "what are the steps", "whats the process", "what is the process", "walk me through")
            || (starts("how does", "how do") && lower.hasSuffix(" work "))
        {
            return .steps
        }
        let money = has("cost", "costs", "price", "prices", "priced", "pay", "fee", "fees", "charge", "charged",
                        "spend", "expensive", "cheap", "rate", "rates", "tickets")
        if starts("how much") { return .figure(money ? .money : .any) }
        if starts("how many", "how big", "how large", "how far", "what percentage", "what percent") {
            return .figure(.count)
        }
        if starts("how long", "how soon", "how quickly", "how fast") { return .figure(.duration) }
        if starts("how often", "when", "what time", "which days", "what days", "what hours") { return .figure(.time) }
        let auxiliaries: Set<String> = [
            "do", "does", "did", "can", "could", "is", "are", "was", "were", "will", "would", "should", "have", "has",
            "may", "isnt", "arent", "dont", "doesnt", "cant",
        ]
        if let first = TextAnalysis.words(message).first, auxiliaries.contains(first) { return .yesNo(explicit: false) }
        if money || has("discount", "minimum", "temperature", "margin") { return .figure(money ? .money : .any) }
        return .explanation
    }

    /// How well a sentence fits this kind of answer, 0...1 (a price question and a sentence with a currency figure
    /// fit; an explanation fits anything equally).
    func fit(_ sentence: AnswerSentence) -> Double {
        let shape = sentence.shape
        switch self {
        case .figure(.money):
            return shape.hasMoney ? 1 : shape.hasNumber ? 0.4 : shape.saysFree ? 0.8 : 0
        case .figure(.duration):
            return shape.hasDuration ? 1 : shape.hasNumber ? 0.4 : 0
        case .figure(.count):
            return shape.hasNumber ? 1 : shape.hasNumberWord ? 0.7 : 0
        case .figure(.time):
            return shape.hasTime ? 1 : shape.hasNumber ? 0.5 : 0
        case .figure(.any):
            return shape.hasNumber ? 1 : shape.hasNumberWord ? 0.6 : 0
        case .yesNo:
            return shape.startsWithYesOrNo ? 1 : shape.hasNegation ? 0.4 : 0.1
        case .steps:
            return sentence.isStep ? 1 : 0
        case .roleFit:
            return shape.startsWithYesOrNo ? 0.5 : 0
        case .explanation:
            return 0
        }
    }

    /// Stemmed words that only frame the question ("how long does it take"): the answer type stands for them.
    var frameTerms: Set<String> {
        switch self {
        case .figure(.duration): return ["long", "take", "soon", "quick", "fast"]
        case .figure(.money): return ["much", "cost", "price", "pay", "charge"]
        case .figure(.count): return ["many", "big", "large", "percent", "percentage"]
        case .figure(.time): return ["often", "time", "day"]
        case .figure(.any): return ["much"]
        case .steps: return ["step", "process", "work"]
        case .roleFit: return ["useful", "worth", "fit", "good", "right", "suitable", "sense", "relevant", "helpful"]
        case .yesNo, .explanation: return []
        }
    }

    /// Whether the lead must have the answer's shape when a sentence with it is nearly as relevant (a price
    /// question is answered with a price, not with the sentence that repeats its words).
    var leadNeedsFit: Bool {
        if case .figure = self { return true }
        return false
    }

    /// How much the fit counts next to relevance.
    var fitWeight: Double {
        switch self {
        case .figure: return 0.45
        case .yesNo: return 0.25
        case .steps: return 0.3
        case .roleFit: return 0.2
        case .explanation: return 0
        }
    }
}

/// The surface features of a sentence that say what kind of answer it can give.
struct SentenceShape: Sendable {
    var hasMoney = false
    var hasNumber = false
    var hasNumberWord = false
    var hasDuration = false
    var hasTime = false
    var saysFree = false
    var startsWithYesOrNo = false
    var hasNegation = false

    init(_ text: String) {
        let words = TextAnalysis.words(text)
        let set = Set(words)
        hasMoney = text.contains { "$€£".contains($0) } || set.contains("dollars")
        hasNumber = text.contains(where: \.isNumber)
        hasNumberWord = !set.isDisjoint(with: Self.numberWords)
        let durationUnit = !set.isDisjoint(with: Self.durationUnits)
        hasDuration = durationUnit && (hasNumber || hasNumberWord || set.contains("a") || set.contains("about"))
        hasTime = !set.isDisjoint(with: Self.timeWords) || (hasNumber && durationUnit)
            || words.contains { $0.count == 4 && ($0.hasPrefix("19") || $0.hasPrefix("20")) && $0.allSatisfy(\.isNumber) }
        if text.contains("a.m.") || text.contains("p.m.") { hasTime = true }
        saysFree = set.contains("free") || text.lowercased().contains("costs nothing") || text.lowercased().contains("no fee")
        startsWithYesOrNo = words.first == "yes" || words.first == "no"
        hasNegation = !set.isDisjoint(with: Self.negations)
    }

    static let numberWords: Set<String> = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "fifteen",
        "twenty", "thirty", "forty", "fifty", "sixty", "hundred", "thousand", "million", "dozen", "half", "third",
        "quarter", "twice", "once",
    ]
    static let durationUnits: Set<String> = [
        "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years",
        "quarter", "quarters",
    ]
    static let timeWords: Set<String> = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mondays", "tuesdays",
        "wednesdays", "thursdays", "fridays", "saturdays", "sundays", "weekdays", "weekends", "noon", "midnight",
        "pm", "am", "morning", "evening", "evenings", "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december", "spring", "summer", "autumn", "fall", "winter",
        "nightly", "daily", "weekly", "monthly", "annually", "yearly",
    ]
    static let negations: Set<String> = [
        "not", "no", "never", "cannot", "cant", "dont", "doesnt", "wont", "isnt", "arent", "nothing", "none", "nobody",
        "only", "without",
    ]
}
