/// The section table as JSON, for clients that render sections themselves: the chat page's script is sent it
/// (`ChatPage.script`), so it knows every type's fields without a copy of its own.
extension SectionSchema {
    /// `{"hero":{"fields":[{"name":"headline","kind":"text","required":true,"limit":200},…]},…}`
    public static var tableJSON: JSONValue {
        .object(all.map { ($0.type.rawValue, .object([("fields", .array($0.fields.map(\.json)))])) })
    }
}

extension FieldSchema {
    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = [("name", .string(name)), ("kind", .string(kind.name)), ("required", .bool(required))]
        switch kind {
        case .text(let limit), .link(let limit):
            pairs.append(("limit", .int(limit)))
        case .choice(let options, let limit):
            pairs += [("options", .array(options.map { .string($0) })), ("limit", .int(limit))]
        case .citation:
            break
        case .citations(let min):
            pairs.append(("min", .int(min)))
        case .labels(let min, let max):
            pairs += [("min", .int(min)), ("max", .int(max))]
        case .cells(let min, let max, let columns):
            pairs += [("min", .int(min)), ("max", .int(max)), ("columns", .string(columns))]
        case .list(let min, let max, let fields):
            pairs += [("min", .int(min)), ("max", .int(max)), ("fields", .array(fields.map(\.json)))]
        }
        return .object(pairs)
    }
}
