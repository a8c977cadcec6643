extension SQLiteStore {
    /// A session in a list.
    public struct SessionSummary: Sendable, Equatable {
        public var id: String
        public var createdAt: Double
        public var updatedAt: Double
        public var role: String?
        public var messageCount: Int
        public var topPainPoint: String?
    }

    /// Sessions, most recently active first.
    public func sessions(limit: Int) throws -> [SessionSummary] {
        try db.query(
            """
            SELECT s.id, s.created_at, s.updated_at, s.role, s.message_count,
                   (SELECT pain_point FROM persona_scores p WHERE p.session_id = s.id ORDER BY score DESC LIMIT 1)
            FROM sessions s ORDER BY s.updated_at DESC LIMIT ?
            """, [.int(limit)]
        ).map {
            SessionSummary(
                id: try $0.string(0), createdAt: try $0.double(1), updatedAt: try $0.double(2),
                role: try $0.optionalString(3), messageCount: try $0.int(4), topPainPoint: try $0.optionalString(5))
        }
    }

    /// Removes a session with its messages, signals and persona scores (runs stay, for analytics).
    /// Returns false when there was no such session.
    public func removeSession(id: String) throws -> Bool {
        try db.transaction {
            try db.run("DELETE FROM sessions WHERE id = ?", [.text(id)])  // messages, signals, scores cascade
            return db.changes > 0
        }
    }
}
