extension JSONValue {
    /// Compact JSON on one line: object keys in their stored order, no insignificant whitespace, non-ASCII text
    /// written as UTF-8, control characters escaped. A payload therefore never contains a raw newline, which is
    /// what lets it sit on one SSE `data:` line or one NDJSON line.
    public func serialized() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        writeBytes(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Indented JSON for people (`--format json`, `session show --format json`).
    public func prettySerialized(indent: String = "  ") -> String {
        var out = ""
        writePretty(to: &out, level: 0, indent: indent)
        return out
    }

    /// Writes compact JSON as UTF-8 bytes: building bytes, not a String, keeps serialization (a large part of
    /// serving a stream: every section is sent in its own event, then again in `page` and `complete`) cheap.
    func writeBytes(to out: inout [UInt8]) {
        switch self {
        case .null: out += Self.nullBytes
        case .bool(let b): out += b ? Self.trueBytes : Self.falseBytes
        case .number(let n):
            var text = ""
            JSONValue.writeNumber(n, to: &text)
            out += text.utf8
        case .string(let s): JSONValue.writeStringBytes(s, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.writeBytes(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in pairs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.writeStringBytes(key, to: &out)
                out.append(UInt8(ascii: ":"))
                value.writeBytes(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let nullBytes = Array("null".utf8)
    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func writeStringBytes(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var string = s
        string.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
                case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
                case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
                case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
                case 0x00..<0x20:
                    out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                            hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
                case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80
                    && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    // U+2028 and U+2029 break JavaScript string literals and some line readers
                    out += Array((bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                    index += 3
                    continue
                default:
                    out.append(byte)
                }
                index += 1
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private func writePretty(to out: inout String, level: Int, indent: String) {
        let pad = String(repeating: indent, count: level + 1)
        let closePad = String(repeating: indent, count: level)
        switch self {
        case .array(let items) where !items.isEmpty:
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad
                item.writePretty(to: &out, level: level + 1, indent: indent)
                out += i < items.count - 1 ? ",\n" : "\n"
            }
            out += closePad + "]"
        case .object(let pairs) where !pairs.isEmpty:
            out += "{\n"
            for (i, (key, value)) in pairs.enumerated() {
                out += pad
                out += JSONValue.string(key).serialized()
                out += ": "
                value.writePretty(to: &out, level: level + 1, indent: indent)
                out += i < pairs.count - 1 ? ",\n" : "\n"
            }
            out += closePad + "}"
        default:
            out += serialized()
        }
    }

    static func writeNumber(_ n: Double, to out: inout String) {
        guard n.isFinite else {
            out += "null"  // JSON has no NaN or infinity
            return
        }
        if n.rounded() == n, abs(n) < 1e15 {
            out += String(Int64(n))
        } else {
            out += "\(n)"
        }
    }
}
