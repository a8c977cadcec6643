/// The two wire framings of the event contract.
public enum EventFraming {
    /// One NDJSON line: `{"event":"stage","data":{…}}` and a newline.
    public static func ndjson(_ event: PipelineEvent) -> String {
        JSONValue.object([("event", .string(event.name)), ("data", event.data)]).serialized() + "\n"
    }

    /// One SSE message: `event:`, `id:` and a single `data:` line (the payload is JSON, so it has no raw newline),
    /// then the blank line that ends the message.
    public static func sse(_ event: PipelineEvent, id: Int) -> String {
        "event: \(event.name)\nid: \(id)\ndata: \(event.data.serialized())\n\n"
    }

    /// An SSE comment that keeps idle connections (and proxies) from timing out; clients ignore it.
    public static let sseHeartbeat = ": heartbeat\n\n"
}
