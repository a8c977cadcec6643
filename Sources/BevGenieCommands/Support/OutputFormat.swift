import ArgumentParser

/// How `ask` writes its events.
public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// Progress on stderr, the answer and a page summary on stdout: for people.
    case text
    /// One JSON event per line, flushed as it happens: for `jq` and scripts.
    case ndjson
    /// The Server-Sent Events text `bevgenie serve` sends.
    case sse
    /// Only the final `complete` payload, pretty-printed.
    case json
}
