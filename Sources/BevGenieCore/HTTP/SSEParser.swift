/// One Server-Sent Event.
public struct SSEEvent: Sendable, Equatable {
    public var event: String
    public var data: String
    public var id: String?
    public var retry: Int?

    public init(event: String = "message", data: String, id: String? = nil, retry: Int? = nil) {
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry
    }
}

/// An incremental Server-Sent Events parser following the WHATWG rules: bytes go in as they arrive (lines and
/// even UTF-8 characters may be split across chunks), events come out once their blank line has arrived.
///
/// Lines end with CRLF, LF or CR; a leading UTF-8 BOM is skipped; `:` starts a comment; `data` lines of one event
/// are joined with newlines; `id` (unless it holds NUL) persists across events; `retry` takes digits only;
/// unknown fields are ignored; an event with no data is not dispatched; a final event without its blank line
/// is discarded, as browsers do.
public struct SSEParser: Sendable {
    private var line: [UInt8] = []
    private var sawCR = false
    private var bomChecked = false
    private var bomBuffer: [UInt8] = []
    private var eventType = ""
    private var data: [UInt8] = []
    private var hasData = false
    private var lastId: String?
    private var retry: Int?

    /// The longest line accepted; a longer one is an error (a stream cannot make the parser grow without bound).
    public var maxLineBytes = 8 * 1024 * 1024

    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var description: String { "an event stream line is longer than the limit" }
    }

    public init() {}

    /// The events completed by `bytes`.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(Failure) -> [SSEEvent] {
        var events: [SSEEvent] = []
        for byte in bytes {
            if bomChecked {
                try process(byte, into: &events)
                continue
            }
            // A UTF-8 byte order mark may open the stream; hold its bytes until it is certain.
            bomBuffer.append(byte)
            if Self.bom.starts(with: bomBuffer) {
                if bomBuffer.count == Self.bom.count {
                    bomChecked = true
                    bomBuffer = []
                }
                continue
            }
            bomChecked = true
            let replay = bomBuffer
            bomBuffer = []
            for held in replay { try process(held, into: &events) }
        }
        return events
    }

    private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    private mutating func process(_ byte: UInt8, into events: inout [SSEEvent]) throws(Failure) {
        switch byte {
        case 0x0A:  // LF; after a CR it is the same line ending
            if sawCR {
                sawCR = false
                return
            }
            if let event = endLine() { events.append(event) }
        case 0x0D:  // CR
            sawCR = true
            if let event = endLine() { events.append(event) }
        default:
            sawCR = false
            line.append(byte)
            if line.count > maxLineBytes { throw Failure() }
        }
    }

    /// Processes one complete line; returns an event when the line is blank and one is pending.
    private mutating func endLine() -> SSEEvent? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty { return dispatch() }
        if line.first == UInt8(ascii: ":") { return nil }  // comment
        let field: [UInt8]
        var value: ArraySlice<UInt8>
        if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            field = Array(line[..<colon])
            value = line[(colon + 1)...]
            if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
        } else {
            field = line
            value = []
        }
        switch field {
        case Array("event".utf8): eventType = String(decoding: value, as: UTF8.self)
        case Array("data".utf8):
            if hasData { data.append(0x0A) }
            data.append(contentsOf: value)
            hasData = true
        case Array("id".utf8):
            if !value.contains(0) { lastId = String(decoding: value, as: UTF8.self) }
        case Array("retry".utf8):
            if !value.isEmpty, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                retry = Int(String(decoding: value, as: UTF8.self))
            }
        default:
            break
        }
        return nil
    }

    private mutating func dispatch() -> SSEEvent? {
        defer {
            eventType = ""
            data.removeAll(keepingCapacity: true)
            hasData = false
        }
        guard hasData else { return nil }
        return SSEEvent(
            event: eventType.isEmpty ? "message" : eventType, data: String(decoding: data, as: UTF8.self), id: lastId,
            retry: retry)
    }
}
