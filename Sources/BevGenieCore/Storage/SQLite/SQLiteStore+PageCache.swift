import Foundation

extension SQLiteStore: PageCacheStore {
    public func knowledgeVersion() throws -> Int {
        Int(try meta("kb_version") ?? "0") ?? 0
    }

    public func cachedPage(key: String) throws -> JSONValue? {
        guard let row = try db.queryRow(
            "SELECT page, kb_version FROM page_cache WHERE key = ?", [.text(key)])
        else { return nil }
        try db.run(
            "UPDATE page_cache SET hits = hits + 1, last_hit_at = ? WHERE key = ?",
            [.real(Date().timeIntervalSince1970), .text(key)])
        return try? JSONParser.parse(row.string(0))
    }

    public func storePage(key: String, type: PageType, page: JSONValue, knowledgeVersion: Int) throws {
        try db.run(
            """
            INSERT INTO page_cache(key, page_type, page, kb_version, created_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(key) DO UPDATE SET page = excluded.page, created_at = excluded.created_at
            """,
            [.text(key), .text(type.rawValue), .text(page.serialized()), .int(knowledgeVersion),
             .real(Date().timeIntervalSince1970)])
        // Pages of older knowledge can never be hit again: drop them when the knowledge has moved on.
        try db.run("DELETE FROM page_cache WHERE kb_version < ?", [.int(knowledgeVersion)])
    }
}
