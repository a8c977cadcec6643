import BevGenieCore
import NIOCore

extension ByteBuffer {
    /// Appends `event` as its SSE message, byte for byte `event.sse`, without building that `String` first: the
    /// parts go straight into the buffer the connection writes.
    mutating func writeSSE(_ event: StoredRunEvent) {
        writeStaticString("event: ")
        writeString(event.name)
        writeStaticString("\nid: ")
        writeString(event.runId)
        writeStaticString(":")
        writeString(String(event.seq))
        writeStaticString("\ndata: ")
        writeString(event.data)
        writeStaticString("\n\n")
    }

    /// The SSE messages of `events`, in one buffer sized for them.
    static func sse(_ events: some Sequence<StoredRunEvent>, capacity: Int = 0) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: capacity)
        for event in events { buffer.writeSSE(event) }
        return buffer
    }
}
