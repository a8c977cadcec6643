/// Which provider runs each model-capable stage, as chosen on the command line, in the config file or by the
/// seed's defaults (see `ModelCatalog.choice`).
public struct ModelChoices: Sendable, Equatable {
    public var intent: String
    public var response: String
    public var page: String
    /// Finish a stage with the local provider when its model fails.
    public var fallbackToLocal: Bool

    public init(intent: String = "local", response: String = "local", page: String = "local", fallbackToLocal: Bool = false) {
        self.intent = intent
        self.response = response
        self.page = page
        self.fallbackToLocal = fallbackToLocal
    }

    public static func resolve(
        catalog: ModelCatalog, intent: String?, response: String?, page: String?, fallbackToLocal: Bool
    ) -> ModelChoices {
        ModelChoices(
            intent: catalog.choice(for: "intent", explicit: intent),
            response: catalog.choice(for: "response", explicit: response),
            page: catalog.choice(for: "page", explicit: page), fallbackToLocal: fallbackToLocal)
    }
}

extension Pipeline {
    /// The pipeline with each stage's chosen provider over one store; `local` stages use the built-in provider.
    public static func configured<Store: KnowledgeStore & SessionStore & PageCacheStore>(
        store: Store, embedder: any Embedder, catalog: ModelCatalog, choices: ModelChoices
    ) throws(ModelCatalog.Failure) -> Pipeline {
        var pipeline = Pipeline.local(store: store, embedder: embedder)
        let localPages = LocalPageBuilder(store: store, brand: catalog.brand)
        pipeline.pageGenerator = localPages
        let localAnswers = LocalResponder(wording: AnswerWording(brand: catalog.brand))
        pipeline.responder = localAnswers
        pipeline.scopeRedirect = ScopeRedirect(brand: catalog.brand)
        if let model = try catalog.model(choices.intent) {
            let classifier = ModelIntentClassifier(model: model)
            pipeline.classifier = choices.fallbackToLocal
                ? FallbackClassifier(primary: classifier, fallback: HybridIntentClassifier(embedder: embedder, knowledge: store)) : classifier
        }
        if let model = try catalog.model(choices.response) {
            let responder = ModelResponder(model: model)
            pipeline.responder = choices.fallbackToLocal
                ? FallbackResponder(primary: responder, fallback: localAnswers) : responder
        }
        if let model = try catalog.model(choices.page) {
            let pages = ModelPageGenerator(model: model, fallback: localPages)
            pipeline.pageGenerator = choices.fallbackToLocal
                ? FallbackPageGenerator(primary: pages, fallback: localPages) : pages
        }
        return pipeline
    }
}
