/// The phrases behind intent classification. A weight is how surely the phrase alone signals the intent:
/// "pricing" (1.0) can mean nothing else; "how much" needs "cost" nearby to be about money.
extension LocalIntentClassifier {
    static let lexicon = PhraseLexicon<Intent>([
        (.greeting, [
            ("hi", 1), ("hello", 1), ("hey", 1), ("hiya", 1), ("howdy", 1), ("yo", 0.8), ("greetings", 1),
            ("good morning", 1), ("good afternoon", 1), ("good evening", 1), ("thanks", 1), ("thank you", 1),
            ("thx", 1), ("ty", 0.8), ("cheers", 0.8), ("how are you", 1), ("whats up", 1), ("nice to meet you", 1),
            ("bye", 1), ("goodbye", 1), ("have a good one", 1), ("have a great day", 1), ("have a nice day", 1),
            ("thats all", 0.9), ("all set", 0.8), ("appreciate it", 0.9), ("talk soon", 0.9), ("just saying hi", 1),
            ("just looking", 0.8), ("poking around", 0.8), ("just browsing", 0.8), ("cool", 0.5), ("ok", 0.4),
        ]),
        (.information, [
            ("what is bevgenie", 1), ("whats bevgenie", 1), ("what does bevgenie ~ do", 1), ("what do you do", 0.9),
            ("what do you guys do", 0.9), ("who is bevgenie", 0.9), ("who are you", 0.8), ("tell me about", 0.7),
            ("tell me more", 0.6), ("explain", 0.6), ("describe", 0.6), ("high level", 0.6), ("what is a", 0.5),
            ("what is the", 0.45), ("what are", 0.4), ("what is", 0.4), ("how does ~ work", 0.55),
            ("what does ~ mean", 0.8), ("meaning of", 0.7), ("what ~ mean", 0.6), ("overview", 0.6),
            ("learn more", 0.6), ("learn about", 0.6), ("who is it for", 0.9), ("who do you work with", 0.8),
            ("work for", 0.6), ("fit into", 0.6), ("three tier", 0.55), ("difference between", 0.5),
            ("how is ~ calculated", 0.6), ("where ~ data come from", 0.8), ("data come from", 0.7),
            ("security", 0.5), ("secure", 0.5), ("soc 2", 0.6), ("privacy", 0.5), ("founded", 0.6),
            ("how do ~ work", 0.45), ("ai", 0.35), ("chatbot", 0.45),
        ]),
        (.painPoint, [
            ("struggle", 0.6), ("struggling", 0.6), ("problem", 0.5), ("challenge", 0.45), ("pain", 0.45),
            ("frustrated", 0.6), ("frustrating", 0.6), ("headache", 0.6), ("nightmare", 0.6),
            ("any advice", 0.6), ("any tips", 0.6), ("what should we do", 0.6), ("help us", 0.4),
        ]),
        (.feature, [
            ("feature", 0.75), ("functionality", 0.8), ("capability", 0.8), ("capabilities", 0.8),
            ("does it", 0.6), ("can it", 0.7), ("will it", 0.55), ("is it able", 0.7), ("does bevgenie", 0.7),
            ("can bevgenie", 0.8), ("can you", 0.4), ("can i", 0.6), ("can we", 0.45), ("can my", 0.6),
            ("can rep", 0.6), ("do you have", 0.55), ("do you offer", 0.55), ("do you support", 0.8),
            ("does the platform", 0.8), ("does your", 0.65), ("your tool", 0.5), ("your platform", 0.5),
            ("platform can", 0.7), ("is there a way to", 0.65), ("is there any way to", 0.6), ("support for", 0.6),
            ("integrate with", 0.8), ("integrate", 0.6), ("integration", 0.55), ("connect to", 0.6),
            ("connect with", 0.6), ("upload", 0.6), ("import", 0.45), ("api", 0.7), ("mobile app", 0.8),
            ("app", 0.45), ("ios", 0.6), ("android", 0.6), ("offline", 0.6), ("export", 0.55), ("alert", 0.55),
            ("notify", 0.55), ("dashboard", 0.5), ("report", 0.4), ("module", 0.7), ("execution tracker", 0.8),
            ("distributor scorecard", 0.8), ("scorecard", 0.5), ("data hub", 0.8), ("rep copilot", 0.8),
            ("copilot", 0.7), ("demand planner", 0.8), ("trade spend optimizer", 0.8), ("compliance center", 0.8),
            ("market expansion planner", 0.8), ("photo recognition", 0.7), ("image recognition", 0.7),
            ("sso", 0.55), ("automatically", 0.45), ("track", 0.35), ("flag", 0.5), ("set goal", 0.6),
        ]),
        (.comparison, [
            ("vs", 0.6), ("versus", 0.6), ("compare", 0.55), ("comparison", 0.7), ("compared to", 0.65),
            ("compared with", 0.65), ("compare ~ to", 0.6), ("better than", 0.6), ("different from", 0.6),
            ("differ from", 0.6), ("is this any different", 0.8), ("how is this different", 0.9),
            ("what makes you different", 1), ("how are you different", 1), ("what makes bevgenie different", 1),
            ("difference between", 0.35), ("alternative", 0.7), ("instead of", 0.45), ("why not just use", 0.95),
            ("why should we use", 0.6), ("why should i use", 0.6), ("why would i use", 0.6), ("why would we use", 0.6),
            ("why bevgenie over", 1), ("competitor", 0.9), ("competition", 0.8), ("switch from", 0.8),
            ("switching from", 0.8), ("replace", 0.55), ("stack up", 0.9), ("stand out", 0.7), ("in house", 0.4),
            ("build our own", 0.7), ("point solution", 0.7), ("another tool", 0.7), ("another login", 0.6),
            ("already use", 0.5), ("already have", 0.45), ("already give", 0.5), ("already send", 0.5),
            ("why pay", 0.5), ("why not", 0.4), ("pros and cons", 0.8), ("advantage", 0.6), ("advantage over", 0.8),
            ("evaluating", 0.6), ("against", 0.35), ("do better", 0.6), ("is better", 0.6), ("be better", 0.6),
            ("convince me", 0.6), ("sit alongside", 0.7), ("that our ~ doesnt", 0.75), ("do that our", 0.7),
            ("over paying", 0.6), ("which makes more sense", 0.7),
        ]),
        (.caseStudy, [
            ("case study", 1), ("case studies", 1), ("customer story", 1), ("customer stories", 1),
            ("success story", 1), ("success stories", 1), ("testimonial", 1), ("reference", 0.8),
            ("who uses", 0.9), ("who else uses", 0.9), ("customer", 0.5), ("client", 0.5), ("example", 0.55),
            ("examples of", 0.7), ("proof", 0.8), ("prove", 0.6), ("results", 0.5), ("what results", 0.8),
            ("worked for other", 0.8), ("companies like", 0.8), ("brands like", 0.8), ("similar to us", 0.7),
            ("has anyone", 0.6), ("have any ~ used", 0.8), ("any ~ using this", 0.8), ("any ~ use this", 0.8),
            ("using this", 0.5), ("used this", 0.6), ("how did it go", 0.8), ("track record", 0.8),
            ("real world", 0.6), ("seen results", 0.8), ("what lift", 0.7), ("lift did", 0.7), ("other breweries", 0.7),
            ("other wineries", 0.7), ("other distilleries", 0.7), ("other distributors", 0.6),
            ("other suppliers", 0.6), ("other brands", 0.6), ("other companies", 0.7), ("our size", 0.6),
            ("my size", 0.6), ("on the platform", 0.6), ("work with any", 0.7), ("theoretical", 0.6),
            ("numbers on", 0.5), ("after rolling ~ out", 0.5),
        ]),
        (.pricing, [
            ("price", 0.85), ("pricing", 0.85), ("priced", 0.85), ("cost", 0.85), ("costs", 0.85),
            ("how much ~ cost", 1), ("how much is", 0.8), ("how much does it", 0.7), ("how much for", 0.8),
            ("expensive", 0.8), ("cheap", 0.8), ("cheaper", 0.8), ("afford", 0.65), ("affordable", 0.8),
            ("budget", 0.5), ("roi", 0.6), ("roi case", 0.9), ("build an roi", 0.9), ("return on investment", 0.85),
            ("payback", 0.9), ("pay for itself", 0.9), ("worth it", 0.6), ("worth the", 0.6), ("subscription", 0.8),
            ("per user", 0.9), ("per seat", 0.9), ("license fee", 0.9), ("fee", 0.7), ("quote", 0.6),
            ("contract", 0.55), ("free tier", 0.8), ("plans start", 0.9), ("what plans", 0.9), ("plan do you offer", 0.9),
            ("pricing plan", 1), ("whats included", 0.6), ("tier", 0.45), ("invoice", 0.6), ("billing", 0.8),
            ("discount", 0.7), ("prepay", 0.8), ("annual", 0.4), ("investment", 0.5), ("justify", 0.55),
            ("cfo", 0.55), ("enterprise only", 0.6),
        ]),
        (.demo, [
            ("demo", 1), ("demonstration", 1), ("see it in action", 1), ("in action", 0.85), ("see it", 0.6),
            ("see how it", 0.55), ("show me", 0.65), ("walk me through", 0.8), ("walkthrough", 0.8), ("trial", 0.85),
            ("free trial", 1), ("hands on", 0.6), ("pilot", 0.7), ("sandbox", 0.8), ("talk to sales", 1),
            ("talk to someone", 0.9), ("talk to a", 0.7), ("speak with", 0.8), ("speak to", 0.8),
            ("book a call", 1), ("book a", 0.7), ("schedule", 0.7), ("set up a ~ call", 1), ("set up a meeting", 1),
            ("a call", 0.6), ("on a call", 0.9), ("meeting", 0.5), ("calendar", 0.8), ("next step", 0.8),
            ("get started", 0.8), ("sign up", 0.8), ("try it", 0.8), ("contact", 0.6), ("reach out", 0.6),
            ("call me", 0.8), ("get in touch", 0.9), ("interested", 0.45), ("onboarding", 0.5),
            ("implementation", 0.45), ("how long to implement", 0.7), ("how long does it take", 0.5),
        ]),
    ])

    /// Phrases masked before intent matching (their words mean something else here).
    static let maskPhrases = PhraseLexicon<Bool>([
        (true, [
            ("price posting", 1), ("post price", 1), ("posted price", 1), ("price promotion", 1), ("price point", 1),
            ("price change", 1), ("roi on", 1), ("roi of", 1), ("how much to order", 1), ("how much time", 1),
            ("per month", 1), ("sales rep", 1), ("compare to last year", 1), ("versus last year", 1),
            ("vs last year", 1), ("pricing talk", 1),
        ]),
    ])

    /// Alternatives a visitor may weigh BevGenie against; their presence makes "vs", "better" a comparison.
    static let alternatives = PhraseLexicon<Bool>([
        (true, [
            ("spreadsheet", 1), ("excel", 1), ("google sheet", 1), ("salesforce", 1), ("crm", 1), ("vip", 1),
            ("portal", 1), ("nielsen", 1), ("circana", 1), ("iri", 1), ("vendor", 1), ("competitor", 1),
            ("consultant", 1), ("consulting", 1), ("analyst", 1), ("tool", 1), ("in house", 1), ("paper", 1),
            ("point solution", 1), ("repsly", 1), ("provider", 1), ("pos system", 1), ("bi", 1), ("tableau", 1),
            ("power bi", 1), ("software", 1), ("bevgenie", 1), ("you", 1), ("this", 1),
        ]),
    ])

    /// The visitor speaking about themselves.
    static let firstPerson = PhraseLexicon<Bool>([
        (true, [("we", 1), ("our", 1), ("my", 1), ("i", 0.8), ("im", 0.8), ("ive", 0.8), ("weve", 1), ("us", 0.8)]),
    ])

    /// Words of trouble: someone describing a problem rather than asking about a product.
    static let trouble = PhraseLexicon<Bool>([
        (true, [
            ("cant", 0.7), ("cannot", 0.7), ("can not", 0.7), ("dont know", 0.7), ("no idea", 0.8),
            ("zero idea", 0.9), ("no clue", 0.8), ("no way to", 0.7), ("hard to", 0.7), ("difficult", 0.7),
            ("impossible", 0.8), ("struggle", 0.8), ("struggling", 0.8), ("problem", 0.7), ("issue", 0.6),
            ("keep", 0.45), ("constantly", 0.6), ("always", 0.4), ("never", 0.55), ("ignore", 0.8),
            ("ignoring", 0.8), ("losing", 0.7), ("lose", 0.6), ("lost", 0.6), ("waste", 0.7), ("wasting", 0.7),
            ("too much", 0.6), ("too many", 0.6), ("too late", 0.7), ("not working", 0.8), ("falling", 0.6),
            ("declining", 0.7), ("dropping", 0.6), ("went flat", 0.7), ("behind", 0.5), ("blind", 0.7),
            ("guess", 0.55), ("guessing", 0.6), ("gut feel", 0.7), ("mess", 0.7), ("manually", 0.6), ("pain", 0.6),
            ("frustrat", 0.7), ("killing u", 0.8), ("killing us", 0.8), ("nightmare", 0.8), ("everywhere", 0.6),
            ("nobody", 0.6), ("black hole", 0.8), ("basically zero", 0.8), ("how do we", 0.6), ("how do i", 0.5),
            ("how can we", 0.6), ("how can i", 0.5), ("how to", 0.4), ("help us", 0.6), ("need to", 0.45),
            ("need help", 0.7), ("no visibility", 0.8), ("cant see", 0.8), ("dont", 0.4), ("arent", 0.5),
            ("isnt", 0.5), ("doesnt", 0.5), ("instead of selling", 0.8), ("half ~ day", 0.6), ("late", 0.5),
            ("missed", 0.6), ("miss", 0.5), ("confuse", 0.6), ("fortune", 0.6), ("honestly", 0.4),
        ]),
    ])
}
