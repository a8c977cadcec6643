/// The description of one page section type: its fields in wire order, what each holds, which are required and
/// their limits. One entry per `SectionType` lives in `SectionSchema+Table.swift`; the JSON writer and reader
/// (`PageSpec+JSON.swift`), the validator (`PageValidator.swift`), the model's prompt (`SectionSchema+Prompt.swift`),
/// the CLI's outline and the chat page's script (which is sent the table as JSON) all read it, so a section type is
/// described once. Only the layouts stay per type: `PageRenderer.sectionHTML` and the chat page's renderer.
///
/// Why typed values and a table, rather than a generic bag of fields: the code that builds sections (the local page
/// plan, the prose reader, the model page generator) and the renderers read `hero.headline`, `item.source`; a typo
/// there is a compile error, not a page that silently misses a field. So `PageSection` keeps its typed cases, and
/// each table entry binds field names to the typed properties by key path (`SectionField`): the JSON reader and
/// writer are generic over those bindings, and the validator and the prompt read the untyped `FieldSchema` they
/// carry. Adding a type: a case in `SectionType` and `PageSection` (with a payload struct, or an existing one), its
/// table entry, its HTML in `PageRenderer` and its layout in the chat page's script (docs/ARCHITECTURE.md).
public struct SectionSchema: Sendable {
    public let type: SectionType
    /// The section's fields after `type`, in the order the JSON writes them and the validator checks them.
    public let fields: [FieldSchema]
    /// The typed section from JSON the validator accepted.
    let read: @Sendable (JSONValue) -> PageSection
    /// The section's fields as JSON pairs (absent optionals left out), after `type`.
    let write: @Sendable (any SectionRecord) -> [(String, JSONValue)]
    /// Every chunk id the section cites, in field order.
    let cited: @Sendable (any SectionRecord) -> [String]
    /// One line for a terminal outline of the page (`bevgenie ask`'s summary).
    let outline: @Sendable (any SectionRecord) -> String

    /// An entry for sections whose typed value is `Record`, made into a `PageSection` by `wrap` (the enum's case).
    static func entry<Record: SectionRecord>(
        _ type: SectionType, _ wrap: @escaping @Sendable (Record) -> PageSection, _ fields: [SectionField<Record>],
        outline: @escaping @Sendable (Record) -> String
    ) -> SectionSchema {
        // `PageSection.record` returns the case's payload; an entry whose `wrap` names another payload type is a
        // table mistake that the round-trip test of every type finds at once.
        @Sendable func typed(_ record: any SectionRecord) -> Record {
            guard let typed = record as? Record else {
                preconditionFailure("the \(type.rawValue) entry describes \(Record.self), the section holds \(Swift.type(of: record))")
            }
            return typed
        }
        return SectionSchema(
            type: type, fields: fields.map(\.schema),
            read: { wrap(Record(validated: $0, fields: fields)) },
            write: { record in fields.compactMap { field in field.encode(typed(record)).map { (field.schema.name, $0) } } },
            cited: { record in fields.flatMap { $0.cited(typed(record)) } },
            outline: { outline(typed($0)) })
    }

    /// The entry for `type`.
    public static func of(_ type: SectionType) -> SectionSchema { table[type]! }

    /// Every entry, in `SectionType.allCases` order.
    public static let all: [SectionSchema] = SectionType.allCases.map(entry(for:))

    static let table: [SectionType: SectionSchema] = Dictionary(uniqueKeysWithValues: all.map { ($0.type, $0) })
}

/// One field of a section (or of an item inside one), as the validator, the prompt and the chat page see it.
public struct FieldSchema: Sendable, Equatable {
    public let name: String
    public let kind: FieldKind
    /// Whether the field must be present. Text may be optional (absent or `null` means none); every list is
    /// required, and may still be allowed to be empty (`min: 0`).
    public let required: Bool
    /// What the prompt shows the model for this field; `nil` for the kind's default (`"..."`, `"<id>"`).
    public let example: JSONValue?
}

/// What a field holds, and the rule the validator applies to it. Not `indirect`: a list's item fields are already
/// behind an array, and indirect boxes in a global table read as leaks to LeakSanitizer (`scripts/fuzz`).
public enum FieldKind: Sendable, Equatable {
    /// A non-empty string of at most `limit` characters.
    case text(limit: Int)
    /// A string from a closed set (`options`, in the order the prompt lists them).
    case choice(options: [String], limit: Int)
    /// A link (http(s) or `mailto:`, checked by `Brand.isSafeLink`). Links come from the brand's configuration,
    /// never from a model: the prompt leaves these fields out, so knowledge text cannot steer where a button leads.
    case link(limit: Int)
    /// The id of the knowledge chunk a claim comes from; it must be in the page's `sources`.
    case citation
    /// Chunk ids, at least `min` of them.
    case citations(min: Int)
    /// Non-empty strings: a table's column headers.
    case labels(min: Int, max: Int)
    /// Strings (may be empty): a table row's cells, one per column of the section's `columns` field after the
    /// first (the column of the row labels).
    case cells(min: Int, max: Int, columns: String)
    /// Records with their own fields (items, rows).
    case list(min: Int, max: Int, fields: [FieldSchema])

    /// The kind's name in the table sent to the chat page.
    public var name: String {
        switch self {
        case .text: return "text"
        case .choice: return "choice"
        case .link: return "link"
        case .citation: return "citation"
        case .citations: return "citations"
        case .labels: return "labels"
        case .cells: return "cells"
        case .list: return "list"
        }
    }
}

/// A typed value a section (or an item of one) holds: a blank value the JSON reader fills field by field.
public protocol SectionRecord: Sendable {
    init()
}

extension SectionRecord {
    /// The value from JSON the validator accepted (so every required field is there and of its type).
    init(validated json: JSONValue, fields: [SectionField<Self>]) {
        self.init()
        for field in fields { field.decode(&self, json[field.schema.name]) }
    }
}

/// A field bound to a property of a typed value: its schema, and how it is written to and read from JSON.
public struct SectionField<Record>: Sendable {
    public let schema: FieldSchema
    let encode: @Sendable (Record) -> JSONValue?
    let decode: @Sendable (inout Record, JSONValue?) -> Void
    let cited: @Sendable (Record) -> [String]

    init(
        _ name: String, _ kind: FieldKind, required: Bool = true, example: JSONValue? = nil,
        encode: @escaping @Sendable (Record) -> JSONValue?, decode: @escaping @Sendable (inout Record, JSONValue?) -> Void,
        cited: @escaping @Sendable (Record) -> [String] = { _ in [] }
    ) {
        schema = FieldSchema(name: name, kind: kind, required: required, example: example)
        self.encode = encode
        self.decode = decode
        self.cited = cited
    }

    typealias Path<Value> = WritableKeyPath<Record, Value> & Sendable

    /// A required string.
    static func text(_ name: String, _ path: Path<String>, limit: Int = PageValidator.maxTextLength,
                     example: JSONValue? = nil) -> Self
    {
        Self(name, .text(limit: limit), example: example, encode: { .string($0[keyPath: path]) },
             decode: { $0[keyPath: path] = $1?.stringValue ?? "" })
    }

    /// A string that may be absent.
    static func optionalText(_ name: String, _ path: Path<String?>, limit: Int) -> Self {
        Self(name, .text(limit: limit), required: false, encode: { $0[keyPath: path].map { .string($0) } },
             decode: { $0[keyPath: path] = $1?.stringValue })
    }

    /// A required string from `options`.
    static func choice(_ name: String, _ path: Path<String>, _ options: [String], limit: Int, example: JSONValue? = nil)
        -> Self
    {
        Self(name, .choice(options: options, limit: limit), example: example, encode: { .string($0[keyPath: path]) },
             decode: { $0[keyPath: path] = $1?.stringValue ?? "" })
    }

    /// A link that may be absent.
    static func link(_ name: String, _ path: Path<String?>, limit: Int) -> Self {
        Self(name, .link(limit: limit), required: false, encode: { $0[keyPath: path].map { .string($0) } },
             decode: { $0[keyPath: path] = $1?.stringValue })
    }

    /// The chunk id the value's claim comes from.
    static func citation(_ name: String, _ path: Path<String>) -> Self {
        Self(name, .citation, encode: { .string($0[keyPath: path]) },
             decode: { $0[keyPath: path] = $1?.stringValue ?? "" }, cited: { [$0[keyPath: path]] })
    }

    /// The chunk ids the value's claims come from.
    static func citations(_ name: String, _ path: Path<[String]>, min: Int) -> Self {
        Self(name, .citations(min: min), encode: { .array($0[keyPath: path].map { .string($0) }) },
             decode: { $0[keyPath: path] = $1?.arrayValue?.compactMap(\.stringValue) ?? [] },
             cited: { $0[keyPath: path] })
    }

    /// Column headers.
    static func labels(_ name: String, _ path: Path<[String]>, min: Int, max: Int, example: JSONValue? = nil) -> Self {
        Self(name, .labels(min: min, max: max), example: example,
             encode: { .array($0[keyPath: path].map { .string($0) }) },
             decode: { $0[keyPath: path] = $1?.arrayValue?.compactMap(\.stringValue) ?? [] })
    }

    /// A row's cells, one per column of the section's `columns` field after the first.
    static func cells(_ name: String, _ path: Path<[String]>, min: Int, max: Int, columns: String,
                      example: JSONValue? = nil) -> Self
    {
        Self(name, .cells(min: min, max: max, columns: columns), example: example,
             encode: { .array($0[keyPath: path].map { .string($0) }) },
             decode: { $0[keyPath: path] = $1?.arrayValue?.compactMap(\.stringValue) ?? [] })
    }

    /// Records with their own fields.
    static func list<Item: SectionRecord>(_ name: String, _ path: Path<[Item]>, min: Int, max: Int,
                                          _ fields: [SectionField<Item>]) -> Self
    {
        Self(name, .list(min: min, max: max, fields: fields.map(\.schema)),
             encode: { record in
                 .array(record[keyPath: path].map { item in
                     .object(fields.compactMap { field in field.encode(item).map { (field.schema.name, $0) } })
                 })
             },
             decode: { record, json in
                 record[keyPath: path] = (json?.arrayValue ?? []).map { Item(validated: $0, fields: fields) }
             },
             cited: { record in record[keyPath: path].flatMap { item in fields.flatMap { $0.cited(item) } } })
    }
}
