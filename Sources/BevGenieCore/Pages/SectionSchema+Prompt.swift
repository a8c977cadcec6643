/// The section table as the model's prompt shows it: one example object per shape, types with the same fields on
/// one line (`{"type":"pain_points"|"features"|"steps",...}`). Links are left out (they come from the brand's
/// configuration, never from a model), so is every field's limit: the validator tells a model what it got wrong.
extension SectionSchema {
    /// One line per distinct shape, in table order.
    static var promptShapes: String {
        var shapes: [(types: [SectionType], fields: [FieldSchema])] = []
        for schema in all {
            if let index = shapes.firstIndex(where: { $0.fields == schema.fields }) {
                shapes[index].types.append(schema.type)
            } else {
                shapes.append(([schema.type], schema.fields))
            }
        }
        return shapes.map { shape in
            let types = shape.types.map { JSONValue.string($0.rawValue).serialized() }.joined(separator: "|")
            let rest = JSONValue.object(promptPairs(shape.fields)).serialized().dropFirst()
            return "{\"type\":\(types)" + (rest == "}" ? "" : ",") + rest
        }.joined(separator: "\n")
    }

    /// The closed sets, as sentences: "action is one of demo, contact, pricing, learn_more."
    static var promptChoices: String {
        var seen: [String] = []
        for schema in all {
            for field in schema.fields {
                guard case .choice(let options, _) = field.kind else { continue }
                let sentence = "\(field.name) is one of \(options.joined(separator: ", "))."
                if !seen.contains(sentence) { seen.append(sentence) }
            }
        }
        return seen.joined(separator: " ")
    }

    /// Every field the prompt shows for `type`, with the item fields as `items.title` (what the tests check).
    static func promptFieldPaths(_ type: SectionType) -> [String] {
        func paths(_ fields: [FieldSchema], prefix: String) -> [String] {
            fields.flatMap { field -> [String] in
                if case .link = field.kind { return [] }
                let path = prefix + field.name
                if case .list(_, _, let itemFields) = field.kind { return [path] + paths(itemFields, prefix: path + ".") }
                return [path]
            }
        }
        return paths(of(type).fields, prefix: "")
    }

    private static func promptPairs(_ fields: [FieldSchema]) -> [(String, JSONValue)] {
        fields.compactMap { field in
            if case .link = field.kind { return nil }
            return (field.name, field.example ?? defaultExample(field.kind))
        }
    }

    private static func defaultExample(_ kind: FieldKind) -> JSONValue {
        switch kind {
        case .text, .choice, .link: return "..."
        case .citation: return "<id>"
        case .citations: return ["<id>"]
        case .labels, .cells: return ["...", "..."]
        case .list(_, _, let fields): return [.object(promptPairs(fields))]
        }
    }
}
