/// The words behind `ScopeCheck`. Written from what visitors of a B2B chat actually try, by category; the weights
/// say how surely a phrase means the message is about something else.
extension ScopeCheck {
    /// Reveal the prompt, change the rules, become someone else — anywhere in a sentence.
    static let instructionPatterns = PhraseLexicon<Bool>([
        (true, [
            ("ignore ~ instruction", 1), ("ignore ~ prompt", 1), ("ignore the above", 1), ("ignore everything", 1),
            ("ignore all previous", 1), ("ignore previous", 1), ("ignore prior", 1), ("ignore your rule", 1),
            ("disregard ~ instruction", 1), ("disregard ~ rule", 1), ("disregard ~ direction", 1),
            ("disregard the above", 1), ("disregard prior", 1), ("disregard previous", 1), ("disregard everything", 1),
            ("forget ~ instruction", 1), ("forget everything", 1), ("forget you are", 1), ("forget your rule", 1),
            ("override ~ instruction", 1), ("override ~ rule", 1), ("new instruction", 1), ("new system prompt", 1),
            ("system prompt", 1), ("system message", 1), ("your prompt", 1), ("the prompt you", 1),
            ("prompt you were", 1), ("your instruction", 1), ("instruction you were given", 1),
            ("instruction were you given", 1), ("hidden instruction", 1), ("hidden config", 1),
            ("hidden configuration", 1), ("your configuration", 1), ("your guideline", 1), ("developer mode", 1),
            ("jailbreak", 1), ("jailbroken", 1), ("you are now", 1), ("youre now", 1), ("you are no longer", 1),
            ("youre no longer", 1), ("from now on you", 1), ("from now on respond", 1), ("from now on answer", 1),
            ("pretend you", 1), ("pretend to be", 1), ("roleplay as", 1), ("role play as", 1),
            ("do anything now", 1), ("no restriction", 1), ("without ~ restriction", 1), ("unfiltered", 1),
            ("no guideline", 1), ("no rules", 1), ("repeat ~ above", 1), ("repeat everything", 1),
            ("text above", 1), ("everything above", 1), ("above this line", 1), ("verbatim", 1),
            ("word for word", 1), ("you were instructed", 1), ("were you instructed", 1), ("instructed not to", 1),
            ("were you told", 1), ("you were told", 1), ("pwned", 1), ("reply only in", 1), ("respond only in", 1),
            ("only answer in", 1), ("only reply in", 1), ("only respond in", 1), ("safety rule", 1),
        ]),
    ])

    /// Sentence openings that hand the assistant a new role ("act as…", "pretend…").
    static let roleChangeOpenings: Set<String> = Set(["act", "pretend", "roleplay", "impersonate", "simulate"].map(TextAnalysis.stem))
    /// Imperatives that are an instruction when aimed at the setup ("print your rules", "show the prompt").
    /// ("Tell", "show", "list" are left out: "show me the rules for shipping wine" is a compliance question.)
    static let setupVerbs: Set<String> = Set(["print", "output", "reveal", "repeat", "dump", "leak", "ignore", "disregard",
        "forget", "override", "bypass", "paste"].map(TextAnalysis.stem))
    static let setupObjects: Set<String> = Set(["instruction", "instructions", "prompt", "prompts", "rules", "guidelines",
        "directive", "directives", "configuration", "config", "restrictions", "programming"].map(TextAnalysis.stem))

    /// Subjects a beverage-alcohol sales assistant never needs.
    static let otherSubjects = PhraseLexicon<Bool>([
        (true, [
            // weather
            ("weather", 0.9), ("rain", 0.7), ("snow", 0.7), ("sunny", 0.8), ("temperature", 0.6), ("celsius", 0.9),
            ("fahrenheit", 0.9),
            // sports
            ("nfl", 0.9), ("nba", 0.9), ("mlb", 0.9), ("nhl", 0.9), ("soccer", 0.8), ("football", 0.7),
            ("basketball", 0.8), ("baseball", 0.8), ("world cup", 0.9), ("super bowl", 0.8), ("championship", 0.7),
            ("who won", 0.7), ("who is going to win", 0.8), ("win the", 0.5), ("olympics", 0.8),
            // writing for the visitor
            ("poem", 0.95), ("haiku", 0.95), ("limerick", 0.95), ("lyrics", 0.9), ("sing", 0.8), ("song", 0.7),
            ("essay", 0.9), ("cover letter", 0.95), ("resume", 0.7), ("short story", 0.9), ("novel", 0.7),
            // code
            ("python", 0.9), ("javascript", 0.95), ("java", 0.8), ("typescript", 0.95), ("react", 0.7),
            ("html", 0.6), ("css", 0.8), ("code", 0.6), ("coding", 0.8), ("debug", 0.85), ("debugging", 0.85),
            ("compile", 0.8), ("regex", 0.9), ("sql query", 0.8), ("malware", 1), ("homework", 0.9),
            ("school project", 0.9), ("stack overflow", 0.9),
            // food, travel, health, home
            ("recipe", 0.95), ("cook", 0.7), ("bake", 0.8), ("dinner", 0.6), ("breakfast", 0.7), ("lunch", 0.6),
            ("flight", 0.8), ("vacation", 0.9), ("itinerary", 0.9), ("trip to", 0.8), ("hiking", 0.9),
            ("cold fast", 0.8), ("flu", 0.8), ("workout", 0.9), ("exercise", 0.7), ("diet", 0.7), ("doctor", 0.7),
            ("therapist", 0.8), ("baby name", 0.95), ("horoscope", 0.95), ("dating", 0.8), ("girlfriend", 0.8),
            ("boyfriend", 0.8),
            // entertainment, pets, feelings
            ("joke", 0.95), ("movie", 0.9), ("film", 0.7), ("tv show", 0.9), ("netflix", 0.9), ("video game", 0.9),
            ("celebrity", 0.8), ("favorite", 0.6), ("favourite", 0.6), ("dog", 0.6), ("cat", 0.6), ("pet", 0.5),
            ("bored", 0.8), ("lol", 0.5), ("rough day", 0.8), ("meaning of life", 0.95), ("real person", 0.7),
            ("are you human", 0.8), ("do you ever sleep", 0.9),
            // general knowledge and trivia
            ("capital of", 0.9), ("president of", 0.9), ("prime minister", 0.9), ("who painted", 0.95),
            ("who invented", 0.9), ("how tall is", 0.9), ("history of the", 0.6), ("titanic", 0.9),
            ("mount everest", 0.95), ("quantum", 0.9), ("planet", 0.8), ("dinosaur", 0.9), ("math", 0.8),
            ("translate", 0.8), ("what time is it", 0.9), ("news headline", 0.9), ("headline", 0.6),
            // money and shopping outside the trade
            ("stock market", 0.9), ("bitcoin", 0.95), ("crypto", 0.9), ("laptop", 0.9), ("iphone", 0.8),
            ("pixel", 0.6), ("buy a car", 0.9), ("mortgage", 0.9),
        ]),
    ])

    /// Stems of the trade and of the product: any one makes the message the assistant's business.
    static let domainStems: Set<String> = Set([
        "bevgenie", "beer", "beers", "wine", "wines", "spirit", "spirits", "liquor", "alcohol", "beverage", "brewery",
        "brewer", "winery", "distillery", "distiller", "cidery", "brand", "brands", "supplier", "distributor",
        "distribution", "wholesaler", "wholesale", "retailer", "retail", "store", "stores", "shop", "bar", "bars",
        "restaurant", "venue", "pub", "taproom", "tavern", "account", "accounts", "rep", "reps", "sales", "sell",
        "selling", "sold", "salespeople", "depletion", "depletions", "shipment", "placement", "shelf", "shelves",
        "sku", "skus", "case", "cases", "territory", "route", "routes", "chain", "promotion", "promo", "program",
        "compliance", "ttb", "tier", "market", "markets", "vip", "idig", "nielsen", "circana", "crm",
        "salesforce", "repsly", "excel", "spreadsheet", "data", "dashboard", "report", "forecast", "forecasting",
        "inventory", "stock", "ipa", "lager", "bourbon", "whiskey", "whisky", "vodka", "gin", "tequila", "rum",
        "seltzer", "cider", "rosé", "mezcal", "sake", "keg", "draft", "tap", "menu", "cocktail", "bottle", "label",
        "platform", "software", "product", "demo", "trial", "pilot", "pricing", "price", "subscription", "roi",
        "onboarding", "customer", "customers", "client", "portfolio", "warehouse", "merchandising", "display",
        "endcap", "planogram", "scorecard", "copilot", "sellthrough", "sellin", "offpremise", "onpremise",
        "velocity", "allocation", "excise", "license", "permit", "importer", "producer", "buyer", "category",
        "company", "business", "team", "pitch", "dashboards", "integration", "integrate", "api", "app",
    ].map(TextAnalysis.stem))

    /// Phrases of the trade that are made of ordinary words.
    static let domainPhrases = PhraseLexicon<Bool>([
        (true, [
            ("three tier", 1), ("trade spend", 1), ("trade program", 1), ("trade marketing", 1), ("the trade", 1),
            ("trade show", 1), ("on premise", 1), ("off premise", 1), ("sell through", 1), ("sell in", 1),
            ("what you do", 1), ("what do you do", 1), ("who are you for", 1), ("your team", 1), ("your tool", 1),
            ("you guys", 1), ("this platform", 1), ("your platform", 1),
        ]),
    ])
}
