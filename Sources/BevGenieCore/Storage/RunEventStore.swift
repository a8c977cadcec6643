import Foundation

/// The event log of streamed runs: every event a run sent, under the run's id and its position, so a client that
/// lost its connection can get what it missed (docs/EVENTS.md, "Resuming a stream"), on this process or another
/// one sharing the database.
///
/// Narrow on purpose: one batched write, one read, and the two flags another process needs (stop, watched). A
/// process that runs a stream writes through `appendRunEvents`; a process that resumes or stops a run it does not
/// own reads and flags through the rest.
public protocol RunEventStore: Sendable {
    /// Writes one batch in one transaction: runs that started, their events, runs that ended, and a liveness mark
    /// for the runs still going. Returns which of `batch.live` another process asked to stop.
    func appendRunEvents(_ batch: RunEventBatch) async throws -> [String]
    /// The run's state and up to `limit` of its events after position `after` (positions start at 1); nil when no
    /// run has this id (or its log was dropped by `db vacuum`).
    func runEvents(runId: String, after: Int, limit: Int) async throws -> RunEventPage?
    /// Asks the process running `runId` to stop it; the run's state (nil: unknown run).
    func requestRunStop(runId: String) async throws -> RunStreamState?
    /// Notes that a client is following the run from another process, so its owner does not give it up.
    func markRunWatched(runId: String, at: Double) async throws
    /// Drops the logs of runs that started before `cutoff`; how many runs' logs went.
    func dropRunEvents(olderThan cutoff: Double) async throws -> Int
}

/// One event as the log keeps it: its position in the run and its SSE/NDJSON name and `data` JSON, serialized once.
public struct StoredRunEvent: Sendable, Equatable {
    public var runId: String
    public var seq: Int
    public var name: String
    public var data: String

    public init(runId: String, seq: Int, name: String, data: String) {
        self.runId = runId
        self.seq = seq
        self.name = name
        self.data = data
    }

    /// The event as the `event:` name and `data` of the contract: the NDJSON line `ask` prints.
    public var ndjson: String { "{\"event\":\(JSONValue.string(name).serialized()),\"data\":\(data)}\n" }

    /// The SSE message, with an id that says run and position (`RunEventID`).
    public var sse: String { "event: \(name)\nid: \(RunEventID(runId: runId, seq: seq).text)\ndata: \(data)\n\n" }

    /// A `complete` or an `error`: nothing follows it.
    public var isTerminal: Bool { name == "complete" || name == "error" }
}

/// Where a logged run stands.
public enum RunStreamState: String, Sendable {
    /// Still going (on the process that started it).
    case running
    /// Ended with its `complete` or `error`, which is its last logged event.
    case finished
    /// Given up: its client left and nobody came back within the grace period (or its process went away).
    case cancelled
}

/// What one write of the log carries (see `RunEventStore.appendRunEvents`).
public struct RunEventBatch: Sendable {
    public struct Start: Sendable {
        public var runId: String
        public var startedAt: Double
        public init(runId: String, startedAt: Double) {
            self.runId = runId
            self.startedAt = startedAt
        }
    }

    public var started: [Start] = []
    public var events: [StoredRunEvent] = []
    /// Runs that ended, with how; `.finished` runs have their terminal event in `events` (this batch or earlier).
    public var ended: [(runId: String, state: RunStreamState)] = []
    /// Runs still going on this process: marked alive at `now`, and checked for stop requests.
    public var live: [String] = []
    /// Runs whose log reached its bound: later events are not kept (their terminal one still is).
    public var truncated: [String] = []
    public var now: Double

    public init(now: Double) { self.now = now }

    public var isEmpty: Bool { started.isEmpty && events.isEmpty && ended.isEmpty && live.isEmpty && truncated.isEmpty }
}

/// A read of one run's log.
public struct RunEventPage: Sendable {
    public var state: RunStreamState
    public var stopRequested: Bool
    /// When the owning process last wrote or marked the run alive (seconds since 1970).
    public var updatedAt: Double
    /// When a client following the run from another process last said so (`markRunWatched`).
    public var watchedAt: Double?
    public var truncated: Bool
    /// The events after the position asked for, in order.
    public var events: [StoredRunEvent]

    public init(
        state: RunStreamState, stopRequested: Bool, updatedAt: Double, watchedAt: Double? = nil, truncated: Bool,
        events: [StoredRunEvent]
    ) {
        self.state = state
        self.stopRequested = stopRequested
        self.updatedAt = updatedAt
        self.watchedAt = watchedAt
        self.truncated = truncated
        self.events = events
    }
}

/// An SSE `id:` value: `<runId>:<seq>`, so the `Last-Event-ID` a browser sends back names both the run and the
/// last event it saw.
public struct RunEventID: Sendable, Equatable {
    public var runId: String
    public var seq: Int

    public init(runId: String, seq: Int) {
        self.runId = runId
        self.seq = seq
    }

    public var text: String { "\(runId):\(seq)" }

    /// Parses `<runId>:<seq>`, or a bare `<seq>` (then `runId` is empty); nil for anything else.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            guard let seq = Int(parts[0]), seq >= 0 else { return nil }
            self.init(runId: "", seq: seq)
        case 2:
            guard let seq = Int(parts[1]), seq >= 0, RandomID.isValidSessionID(String(parts[0])) else { return nil }
            self.init(runId: String(parts[0]), seq: seq)
        default:
            return nil
        }
    }
}
