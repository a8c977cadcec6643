import BevGenieCore
/// The parsers and checks that take untrusted bytes, each wrapped as a fuzz target: any input must either be
/// handled or refused with an error, and what the code promises about the result must hold (the same events
/// whether a stream arrives whole or in pieces, JSON that survives a round trip, pages with no markup from their
/// text, FTS5 expressions SQLite always accepts).
///
/// Driven by libFuzzer through `bevgenie-fuzz` (see `scripts/fuzz`) and by the seeded mutational fuzzer in the
/// tests (`FuzzRunner`), which also replays every saved input in `Fuzz/corpus/<target>/`.
public enum FuzzTarget: String, Sendable, CaseIterable {
    /// `SSEParser`: model streams from the network.
    case sse
    /// `JSONParser` and serialisation: request bodies, page specs, model output.
    case json
    /// `IncrementalSections`: page sections picked out of a model's streaming JSON.
    case sections
    /// `PageValidator`, `PageSpec(json:)` and `PageRenderer`: page specs from files and models.
    case page
    /// FTS5 query building from visitor text, run against a real FTS5 index.
    case fts
    /// `ChatRequest.decode(jsonBody:)`: what `serve` does with a request body.
    case request

    /// Runs one input; throws when a promise is broken. A crash (trap) is a finding too.
    public func run(_ input: [UInt8]) throws(FuzzFinding) {
        switch self {
        case .sse: try Self.checkSSE(input)
        case .json: try Self.checkJSON(input)
        case .sections: try Self.checkSections(input)
        case .page: try Self.checkPage(input)
        case .fts: try Self.checkFTS(input)
        case .request: try Self.checkRequest(input)
        }
    }

    /// Fragments worth inserting when mutating inputs for this target: its syntax and its traps.
    public var dictionary: [[UInt8]] {
        let common = ["\"", "\\", "\u{0}", "\r\n", "\n", "<script>", "\u{FEFF}", "\u{2028}", "é", "🍷"]
        let specific: [String]
        switch self {
        case .sse: specific = ["data:", "data: ", "event:", "id:", "retry:", ":", "\r", "\n\n", "\r\r", "[DONE]"]
        case .json, .request:
            specific = ["{", "}", "[", "]", ":", ",", "null", "true", "-0", "1e400", "-1e-400", "0.1e+5",
                        "\\u0000", "\\ud800", "\\udc00\\ud800", "\\\"", "\"message\":", "\"sessionId\":", "   "]
        case .sections: specific = ["{", "}", "[", "]", "\"sections\"", "\"sections\":[", "\\\"", ":", ",", "```json"]
        case .page:
            specific = ["\"type\":", "\"sections\":", "\"hero\"", "\"text\":", "\"items\":", "\"sources\":",
                        "</p>", "<img src=x onerror=alert(1)>", "javascript:", "&amp;", "{", "}", "[", "]"]
        case .fts:
            specific = ["\"", "*", "NEAR", "NEAR(", "-", "+", "^", ":", "(", ")", "AND", "OR", "NOT", "''", "\u{0}",
                        "title:", "{a b}:", "..."]
        }
        return (common + specific).map { Array($0.utf8) } + [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82]]
    }
}

/// A broken promise found by a fuzz target.
public struct FuzzFinding: Error, Sendable, CustomStringConvertible {
    public var target: FuzzTarget
    public var message: String
    public var description: String { "\(target.rawValue): \(message)" }

    public init(_ target: FuzzTarget, _ message: String) {
        self.target = target
        self.message = message
    }
}

extension FuzzTarget {
    /// Deterministic, uneven pieces of `input` (sizes 1, 2, 3, 5, 8, 13 in a rotation the input chooses), so a
    /// streaming parser sees every kind of split without the check needing randomness of its own.
    static func pieces<C: Collection>(_ input: C) -> [C.SubSequence] {
        let sizes = [1, 2, 3, 5, 8, 13]
        var rotation = input.count % sizes.count
        var result: [C.SubSequence] = []
        var start = input.startIndex
        while start != input.endIndex {
            let end = input.index(start, offsetBy: sizes[rotation % sizes.count], limitedBy: input.endIndex) ?? input.endIndex
            result.append(input[start..<end])
            start = end
            rotation += 1
        }
        return result
    }
}
