/// Who the assistant speaks for: its name, the company, where a visitor goes to take the next step, and the
/// words of each page's call to action. Read from the config file's `brand` object (`ConfigFile.brand()`);
/// everything left out keeps BevGenie's own values, so a fresh install is BevGenie's demo and a company that
/// imports its own knowledge sets its own name and link in one place instead of in string literals.
///
/// ```json
/// "brand": {
///   "assistantName": "Still Hollow Assistant", "companyName": "Still Hollow Distilling",
///   "tagline": "ask about our spirits, tastings and wholesale",
///   "contactURL": "https://stillhollow.example/visit", "contactEmail": "hello@stillhollow.example",
///   "callsToAction": {"demo_request": {"headline": "Book a tasting", "button": "Book a tasting", "url": "https://…"}}
/// }
/// ```
/// A headline may say `{company}`, `{assistant}` or `{topic}` (the page's pain point, or "your business").
public struct Brand: Sendable, Equatable {
    /// What the assistant calls itself ("Hello! I'm …").
    public var assistantName: String
    /// The company whose knowledge this is, as a sentence names it.
    public var companyName: String
    /// One line under the name on the chat page.
    public var tagline: String
    /// Where a call to action leads (http or https).
    public var contactURL: String?
    /// Where a call to action leads when there is no URL (`mailto:`).
    public var contactEmail: String?
    /// The wording of each page type's call to action.
    public var callsToAction: [PageType: CallToAction]

    /// One page type's call to action.
    public struct CallToAction: Sendable, Equatable {
        public var headline: String
        public var button: String
        /// The validator's action name: `demo`, `contact`, `pricing`, `learn_more`.
        public var action: String
        /// Overrides the brand's link for this page type.
        public var url: String?

        public init(headline: String, button: String, action: String, url: String? = nil) {
            self.headline = headline
            self.button = button
            self.action = action
            self.url = url
        }
    }

    public enum Failure: Error, CustomStringConvertible, Equatable {
        /// A field has the wrong JSON type.
        case wrongType(field: String, expected: String)
        /// A link is not an http(s) URL or an e-mail address.
        case badLink(field: String, value: String)
        /// `callsToAction` names a page type that does not exist.
        case unknownPageType(String)

        public var description: String {
            switch self {
            case .wrongType(let field, let expected): return "brand.\(field) must be \(expected)"
            case .badLink(let field, let value):
                return "brand.\(field) '\(value)' is not an http(s) URL" + (field.hasSuffix("Email") ? " or e-mail address" : "")
            case .unknownPageType(let name):
                return "brand.callsToAction.\(name) is not a page type (expected one of "
                    + PageType.allCases.map(\.rawValue).joined(separator: ", ") + ")"
            }
        }
    }

    public init(
        assistantName: String, companyName: String, tagline: String, contactURL: String?, contactEmail: String?,
        callsToAction: [PageType: CallToAction]
    ) {
        self.assistantName = assistantName
        self.companyName = companyName
        self.tagline = tagline
        self.contactURL = contactURL
        self.contactEmail = contactEmail
        self.callsToAction = callsToAction
    }

    /// BevGenie's own brand: the defaults.
    public static let bevGenie = Brand(
        assistantName: "BevGenie", companyName: "BevGenie", tagline: "ask anything about selling beverage alcohol",
        contactURL: "https://bevgenie.ai/demo", contactEmail: nil,
        callsToAction: [
            .solutionBrief: .init(headline: "See how {company} handles {topic}", button: "Book a demo", action: "demo"),
            .featureShowcase: .init(headline: "See {company} with your own data", button: "Book a demo", action: "demo"),
            .comparison: .init(headline: "See {company} with your own data", button: "Book a demo", action: "demo"),
            .caseStudy: .init(headline: "See what {company} could do for you", button: "Book a demo", action: "demo"),
            .roiCalculator: .init(
                headline: "Get an ROI estimate for your business", button: "Talk to sales", action: "pricing"),
            .demoRequest: .init(headline: "Book your demo", button: "Book a demo", action: "demo"),
        ])

    /// The wording for a company other than BevGenie that names none of its own: plain, and true of any business.
    static let genericCallsToAction: [PageType: CallToAction] = [
        .solutionBrief: .init(headline: "Talk to {company} about {topic}", button: "Get in touch", action: "contact"),
        .featureShowcase: .init(headline: "Talk to {company}", button: "Get in touch", action: "contact"),
        .comparison: .init(headline: "Talk to {company}", button: "Get in touch", action: "contact"),
        .caseStudy: .init(headline: "Talk to {company}", button: "Get in touch", action: "contact"),
        .roiCalculator: .init(headline: "Ask {company} for a quote", button: "Ask for a quote", action: "pricing"),
        .demoRequest: .init(headline: "Book time with {company}", button: "Book a time", action: "demo"),
    ]

    /// The brand a config file's `brand` object describes (nil or absent: BevGenie's).
    public init(json: JSONValue?) throws(Failure) {
        self = .bevGenie
        guard let json, json != .null else { return }
        guard json.objectValue != nil else { throw .wrongType(field: "", expected: "an object") }
        func text(_ key: String) throws(Failure) -> String? {
            guard let value = json[key], value != .null else { return nil }
            guard let string = value.stringValue else { throw .wrongType(field: key, expected: "a string") }
            let trimmed = string.trimmed()
            return trimmed.isEmpty ? nil : trimmed
        }
        if let name = try text("companyName"), name != companyName {
            companyName = name
            // Another company: BevGenie's demo wording ("Book a demo") would be wrong for it; plain wording instead.
            callsToAction = Self.genericCallsToAction
            assistantName = name
            tagline = "ask about \(name)"
            contactURL = nil
        }
        if let name = try text("assistantName") { assistantName = name }
        if let line = try text("tagline") { tagline = line }
        if let url = try text("contactURL") {
            guard Self.isWebLink(url) else { throw .badLink(field: "contactURL", value: url) }
            contactURL = url
        }
        if let email = try text("contactEmail") {
            let address = email.hasPrefix("mailto:") ? String(email.dropFirst(7)) : email
            guard Self.isEmailAddress(address) else { throw .badLink(field: "contactEmail", value: email) }
            contactEmail = address
        }
        if let value = json["callsToAction"], value != .null {
            guard let entries = value.objectValue else { throw .wrongType(field: "callsToAction", expected: "an object") }
            for (name, entry) in entries {
                guard let type = PageType(rawValue: name) else { throw .unknownPageType(name) }
                guard entry.objectValue != nil else {
                    throw .wrongType(field: "callsToAction.\(name)", expected: "an object")
                }
                var wording = callsToAction[type]!
                for key in ["headline", "button", "action", "url"] {
                    guard let field = entry[key], field != .null else { continue }
                    guard let string = field.stringValue?.trimmed(), !string.isEmpty else {
                        throw .wrongType(field: "callsToAction.\(name).\(key)", expected: "a non-empty string")
                    }
                    switch key {
                    case "headline": wording.headline = string
                    case "button": wording.button = string
                    case "action":
                        guard PageValidator.ctaActions.contains(string) else {
                            throw .wrongType(field: "callsToAction.\(name).action",
                                             expected: "one of " + PageValidator.ctaActions.sorted().joined(separator: ", "))
                        }
                        wording.action = string
                    default:
                        guard Self.isWebLink(string) || string.hasPrefix("mailto:") else {
                            throw .badLink(field: "callsToAction.\(name).url", value: string)
                        }
                        wording.url = string
                    }
                }
                callsToAction[type] = wording
            }
        }
    }

    /// Where the call to action of a page of `type` leads: its own URL, the brand's URL, else a `mailto:` link,
    /// else nil (the config names no destination: the button then says so rather than leading nowhere).
    public func link(for type: PageType?) -> String? {
        if let type, let url = callsToAction[type]?.url { return url }
        if let contactURL { return contactURL }
        if let contactEmail { return "mailto:" + contactEmail }
        return nil
    }

    /// The call to action of a page of `type` about `topic` (a pain point's label), placeholders filled in.
    public func callToAction(for type: PageType, topic: String?) -> CallToAction {
        var wording = callsToAction[type] ?? Self.bevGenie.callsToAction[type]!
        if topic == nil, wording.headline.contains("{topic}"), let general = callsToAction[.featureShowcase],
            !general.headline.contains("{topic}")
        {
            wording.headline = general.headline  // no topic to name: the general wording reads better than a filler
        }
        wording.headline = fill(wording.headline, topic: topic)
        wording.button = fill(wording.button, topic: topic)
        wording.url = link(for: type)
        return wording
    }

    /// `{company}`, `{assistant}` and `{topic}` replaced.
    public func fill(_ template: String, topic: String? = nil) -> String {
        template.replacingOccurrences(of: "{company}", with: companyName)
            .replacingOccurrences(of: "{assistant}", with: assistantName)
            .replacingOccurrences(of: "{topic}", with: topic ?? "your business")
    }

    /// An absolute http(s) URL without spaces or quotes: safe as an `href` anywhere.
    public static func isWebLink(_ text: String) -> Bool {
        let lower = text.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return false }
        let host = text.drop(while: { $0 != "/" }).dropFirst(2)
        return !host.isEmpty && !host.hasPrefix("/")
            && !text.contains { $0.isWhitespace || $0 == "\"" || $0 == "'" || $0 == "<" || $0 == ">" || $0 == "\\" }
    }

    /// A plain `name@domain.tld`.
    static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix(".")
        else { return false }
        return !text.contains { $0.isWhitespace || "\"'<>\\/?#&".contains($0) }
    }

    /// Whether `href` is a link a call to action may carry: http(s) or a `mailto:` address.
    public static func isSafeLink(_ href: String) -> Bool {
        if href.lowercased().hasPrefix("mailto:") { return isEmailAddress(String(href.dropFirst(7))) }
        return isWebLink(href)
    }
}
