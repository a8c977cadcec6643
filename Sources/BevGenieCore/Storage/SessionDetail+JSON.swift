import Foundation

extension SessionDetail {
    /// The session as JSON: `session show --format json` and `GET /api/sessions/{id}`.
    public var json: JSONValue {
        .object([
            ("id", .string(id)),
            ("createdAt", .string(Self.iso(createdAt))),
            ("updatedAt", .string(Self.iso(updatedAt))),
            ("persona", persona.json),
            ("signals", .array(signals.map {
                .object([
                    ("kind", .string($0.kind)), ("value", .string($0.value)), ("strength", .rounded($0.strength, places: 2)),
                    ("evidence", .string($0.evidence)), ("createdAt", .string(Self.iso($0.createdAt))),
                ])
            })),
            ("messages", .array(messages.map {
                .object([
                    "author": .string($0.author.rawValue), "content": .string($0.content),
                    "createdAt": .string(Self.iso($0.createdAt)), "runId": .string($0.runId),
                    "pageType": $0.pageType.map { .string($0) }, "pageTitle": $0.pageTitle.map { .string($0) },
                ])
            })),
        ])
    }

    public static func iso(_ seconds: Double) -> String {
        Date(timeIntervalSince1970: seconds).ISO8601Format()
    }
}
