import BevGenieCore

/// How `bevgenie serve` runs.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// When set, every `/api/` request needs `Authorization: Bearer <token>`.
    public var token: String?
    /// When set, browsers on this origin may call the API (CORS); off by default.
    public var corsOrigin: String?
    /// Pipelines running at once; more get 503 with `Retry-After`.
    public var maxConcurrentPipelines = 1_024
    /// Largest request body accepted (413 beyond it).
    public var maxBodyBytes = 64 * 1024
    /// An SSE comment is sent after this long without an event, so proxies keep the connection open.
    public var heartbeatInterval: Duration = .seconds(15)
    /// A connection with no request in progress (idle keep-alive, headers trickling in, a finished stream the
    /// client never read) is closed after this long.
    public var idleTimeout: Duration = .seconds(30)
    /// Whether repeated questions may be answered from the page cache.
    public var pageCache = true
    /// Whose chat page it is (name, tagline) and where its calls to action lead.
    public var brand: Brand = .bevGenie
    /// How long a streamed run outlives its last client, waiting for a reconnect (`--resume-grace`); zero: the
    /// run is cancelled the moment its client goes away.
    public var resumeGrace: Duration = .seconds(15)
    /// How often a client resuming a run that another process is running reads the shared log for new events.
    public var runLogPollInterval: Duration = .milliseconds(100)
    /// Whether streamed runs' events are kept in the database (resume on any process, `runs show`); off only to
    /// measure what keeping them costs.
    public var keepsRunLog = true

    public init() {}
}
