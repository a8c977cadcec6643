import Foundation

/// Everything a command needs, built once from its options: the store, the embedder the store's vectors were
/// made with, the model catalogue and the pipeline. `ask`, `serve`, `kb …`, `bench` and the rest all start here,
/// so there is one way from options to a running pipeline (docs/ARCHITECTURE.md, "The path of one request").
public struct BevGenieEnvironment: Sendable {
    /// SQLite or PostgreSQL, as the location says.
    public let store: any BevGenieStore
    /// Embeds questions and new documents: the model the store's vectors were made with when it has vectors,
    /// else the one asked for, else the default (`EmbedderFactory.defaultEmbedder`).
    public let embedder: any Embedder
    /// Set when the store's vectors were made by a model this process cannot use (a missing key): searches then
    /// fall back on keywords, and the command should say so once.
    public let embedderWarning: String?
    /// Set when questions are embedded by the hashing embedder although a better model could be used: how to get
    /// it (`scripts/bootstrap`) or switch to it (`kb reembed`). `ask` says it once on stderr.
    public let modelNote: String?
    public let options: EnvironmentOptions

    /// What the environment is built from; commands fill it from their flags.
    public struct EnvironmentOptions: Sendable {
        /// `--db`; nil for `BEVGENIE_DB` or the default location.
        public var database: String?
        /// `--db-pool`: the most connections a PostgreSQL store opens (nil: the URL's `pool`, else the default).
        public var databasePool: Int?
        /// `--embedder`: a model for a new knowledge base (or one being re-embedded). nil: what the store has.
        public var embedder: String?
        /// `--model-dir`: where the sentence-embedding model is (else `ModelLocation.resolve` looks it up).
        public var modelDirectory: String?
        public var intentModel: String?
        public var responseModel: String?
        public var pageModel: String?
        public var fallbackToLocal = false
        /// `--timeout` and `--wait-budget` (over the environment and the config file).
        public var limits = ModelLimits.Overrides()
        /// false: the pipeline never answers from (or writes to) the page cache.
        public var pageCache = true
        /// The process environment (`BEVGENIE_DB`, `XDG_*`, API keys); tests pass their own.
        public var variables: [String: String]

        public init(database: String? = nil, variables: [String: String] = ProcessInfo.processInfo.environment) {
            self.database = database
            self.variables = variables
        }

        public var location: DatabaseLocation { DatabaseLocation.resolve(explicit: database, variables: variables) }

        /// The embedder new knowledge gets when nothing else is asked for: the model when it is installed.
        public var preferredEmbedder: any Embedder {
            EmbedderFactory.defaultEmbedder(environment: variables, modelDirectory: modelDirectory)
        }

        /// Opens the store alone. A new database's starter comes with the vectors of the model new knowledge will
        /// be embedded with, whichever command creates it (`db init`, `stats`, `ask`, …).
        public func openStore(seedStarter: Bool = true) async throws -> any BevGenieStore {
            try await location.openStore(
                seedStarterKnowledge: seedStarter, starterVectors: ShippedVectors.shipped(for: preferredEmbedder.model),
                poolSize: databasePool)
        }
    }

    /// Opens the store and chooses the embedder. Every failure is reported: a store that cannot be opened, an
    /// embedder name that does not exist; a stored model this process cannot use is a warning.
    public static func open(_ options: EnvironmentOptions) async throws -> BevGenieEnvironment {
        let preferred = options.preferredEmbedder
        let store = try await options.openStore()
        let stored = try await store.embeddingModel()
        var warning: String?
        let embedder: any Embedder
        if let explicit = options.embedder {
            // Whether it may write or search this knowledge base is the store's decision, made where it knows
            // more (an import that replaces the starter may change the model; a search of other vectors may not).
            embedder = try EmbedderFactory.make(explicit, environment: options.variables, modelDirectory: options.modelDirectory)
        } else if let stored {
            do {
                embedder = try EmbedderFactory.make(stored, environment: options.variables, modelDirectory: options.modelDirectory)
            } catch {
                warning = "the knowledge base's vectors were made by \(stored), which cannot be used here (\(error)); "
                    + "searching by keywords only"
                embedder = EmbedderFactory.defaultEmbedder(environment: options.variables, modelDirectory: options.modelDirectory)
            }
        } else {
            embedder = preferred
        }
        var note: String?
        if embedder is HashingEmbedder {
            note = preferred is MiniLMEmbedder
                ? "this knowledge base was embedded by the built-in hashing embedder; `bevgenie kb reembed` moves it "
                    + "to \(ModelLocation.modelName), which also finds paraphrases"
                : "the sentence-embedding model \(ModelLocation.modelName) is not installed, so search and intent "
                    + "use the built-in hashing embedder; install it with \(ModelLocation.installCommand) (in the "
                    + "bevgenie repository), then run `bevgenie kb reembed`"
        }
        return BevGenieEnvironment(
            store: store, embedder: embedder, embedderWarning: warning, modelNote: note, options: options)
    }

    /// The pipeline the options describe: each stage's chosen provider (`local` or a model), over this store.
    public func pipeline() throws -> Pipeline {
        let catalog = try ModelCatalog(environment: options.variables, limits: options.limits)
        let choices = ModelChoices.resolve(
            catalog: catalog, intent: options.intentModel, response: options.responseModel, page: options.pageModel,
            fallbackToLocal: options.fallbackToLocal)
        var pipeline = try Pipeline.configured(store: store, embedder: embedder, catalog: catalog, choices: choices)
        if !options.pageCache { pipeline.pageCache = nil }
        return pipeline
    }
}
