import BevGenieCore
import MCP

/// Conversions between the MCP SDK's `Value` and bevgenie's `JSONValue`, so tool results carry the same JSON as
/// the event contract (an MCP object has no key order; everything else is kept).
extension Value {
    init(json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .number(let value):
            if value.rounded() == value, abs(value) < 9_007_199_254_740_992 { self = .int(Int(value)) } else { self = .double(value) }
        case .string(let value): self = .string(value)
        case .array(let values): self = .array(values.map { Value(json: $0) })
        case .object(let pairs):
            var object: [String: Value] = [:]
            for (key, value) in pairs { object[key] = Value(json: value) }
            self = .object(object)
        }
    }

    var json: JSONValue {
        switch self {
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .int(let value): return .int(value)
        case .double(let value): return .number(value)
        case .string(let value): return .string(value)
        case .data(_, let data): return .string(data.base64EncodedString())
        case .array(let values): return .array(values.map(\.json))
        case .object(let object): return .object(object.sorted { $0.key < $1.key }.map { ($0.key, $0.value.json) })
        }
    }
}
