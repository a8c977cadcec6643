/// Finds the elements of a JSON object's top-level `"sections"` array as the text streams in, so each page section
/// can be shown the moment its closing brace arrives instead of when the whole page has been generated.
///
/// It tracks only what it must — nesting, strings and escapes, and the last key at the top level — and hands each
/// complete element's text to the real parser. Anything before the first `{` (a code fence, a sentence) is skipped.
public struct IncrementalSections: Sendable {
    private var text: [UInt8] = []
    private var position = 0
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var started = false
    /// The current string's bytes when it may be a top-level key.
    private var stringBytes: [UInt8] = []
    private var lastTopLevelString = ""
    private var inSectionsArray = false
    private var elementStart: Int?

    public init() {}

    /// Adds streamed text; returns the sections completed by it.
    public mutating func feed(_ piece: String) -> [JSONValue] {
        text.append(contentsOf: piece.utf8)
        var found: [JSONValue] = []
        while position < text.count {
            let byte = text[position]
            defer { position += 1 }
            if !started {
                if byte == UInt8(ascii: "{") {
                    started = true
                    depth = 1
                }
                continue
            }
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 1 { lastTopLevelString = Self.decodeKey(stringBytes) }
                    continue
                }
                if depth == 1 { stringBytes.append(byte) }  // escapes too: the key is decoded as JSON once it ends
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                stringBytes.removeAll(keepingCapacity: true)
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                if depth == 1, byte == UInt8(ascii: "["), lastTopLevelString == "sections" { inSectionsArray = true }
                if inSectionsArray, depth == 2 { elementStart = position }
                depth += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
                if inSectionsArray, depth == 2, let start = elementStart {
                    if let value = try? JSONParser.parse(bytes: Array(text[start...position])) { found.append(value) }
                    elementStart = nil
                }
                if inSectionsArray, depth == 1 { inSectionsArray = false }
            default:
                break
            }
        }
        return found
    }

    /// A top-level string's text from its raw bytes, escapes decoded as the parser decodes them: `"section\\s"`
    /// is not the sections key, `"section\u0073"` is.
    private static func decodeKey(_ raw: [UInt8]) -> String {
        guard raw.contains(UInt8(ascii: "\\")) else { return String(decoding: raw, as: UTF8.self) }
        let quote = UInt8(ascii: "\"")
        return (try? JSONParser.parse(bytes: [quote] + raw + [quote]))?.stringValue ?? ""
    }

    /// Everything received, from the first `{` to the matching last `}` (code fences and chatter removed).
    public var objectText: String {
        guard let first = text.firstIndex(of: UInt8(ascii: "{")), let last = text.lastIndex(of: UInt8(ascii: "}")),
            first < last
        else { return String(decoding: text, as: UTF8.self) }
        return String(decoding: text[first...last], as: UTF8.self)
    }
}
