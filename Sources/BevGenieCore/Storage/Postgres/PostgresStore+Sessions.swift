import Foundation
import PostgresNIO

extension PostgresStore: SessionStore {
    /// As `SQLiteStore.beginTurn`, safe across replicas: the session's row is locked (`FOR UPDATE`) before its
    /// persona is read, so two turns of one session on two replicas run one after the other and neither update is
    /// lost.
    public func beginTurn(_ turn: TurnStart, update: @Sendable (Persona) -> Persona) async throws -> SessionSnapshot {
        let sessionId = Self.text(turn.sessionId)
        return try await transaction { connection in
            let inserted = try await connection.rows(
                """
                INSERT INTO sessions(id, created_at, updated_at, role, message_count) VALUES (\(sessionId), \(turn.at), \(turn.at), NULL, 0)
                ON CONFLICT (id) DO NOTHING RETURNING 1
                """)
            let created = !inserted.isEmpty
            guard let row = try await connection.rows(
                "SELECT role, updated_at FROM sessions WHERE id = \(sessionId) FOR UPDATE"
            ).first else {
                throw StorageError(.notFound, message: "session \(turn.sessionId) vanished while a turn began")
            }
            let (role, updatedAt) = try row.decode((String?, Double).self)
            var persona = Persona()
            persona.role = role.flatMap(Role.init(rawValue:))
            persona.updatedAt = Date(timeIntervalSince1970: updatedAt)
            for row in try await connection.rows("SELECT pain_point, score FROM persona_scores WHERE session_id = \(sessionId)") {
                let (name, score) = try row.decode((String, Double).self)
                if let painPoint = PainPoint(rawValue: name) { persona.painPoints[painPoint] = score }
            }
            let history = try await connection.rows(
                """
                SELECT author, content, created_at FROM messages WHERE session_id = \(sessionId)
                ORDER BY id DESC LIMIT \(max(0, turn.historyLimit))
                """
            ).reversed().map { row in
                let (author, content, at) = try row.decode((String, String, Double).self)
                return ChatMessage(author: ChatMessage.Author(rawValue: author) ?? .user, content: content, createdAt: at)
            }

            let next = update(persona)

            guard let messageId = try await connection.rows(
                """
                INSERT INTO messages(session_id, run_id, author, content, created_at)
                VALUES (\(sessionId), \(Self.text(turn.runId)), 'user', \(Self.text(turn.message)), \(turn.at)) RETURNING id
                """
            ).first?.decode(Int.self) else { throw StorageError(.failed, message: "the message was not stored") }
            var kinds: [String] = [], values: [String] = [], strengths: [Double] = [], evidence: [String] = []
            var roles: [String] = []
            for signal in turn.signals {
                kinds.append("pain_point"); values.append(signal.painPoint.rawValue); strengths.append(signal.strength)
                evidence.append(Self.text(signal.evidence)); roles.append(next.role?.rawValue ?? "")
            }
            if let role = turn.role {
                kinds.append("role"); values.append(role.role.rawValue); strengths.append(role.strength)
                evidence.append(Self.text(role.evidence)); roles.append(role.role.rawValue)
            }
            if !kinds.isEmpty {
                // Signals in order (WITH ORDINALITY), so their ids keep the order SQLite gives them.
                try await connection.run(
                    """
                    INSERT INTO signals(session_id, message_id, run_id, kind, value, strength, evidence, role, created_at)
                    SELECT \(sessionId), \(messageId), \(Self.text(turn.runId)), u.kind, u.value, u.strength, u.evidence,
                           NULLIF(u.role, ''), \(turn.at)
                    FROM unnest(\(kinds)::text[], \(values)::text[], \(strengths)::float8[], \(evidence)::text[], \(roles)::text[])
                        WITH ORDINALITY AS u(kind, value, strength, evidence, role, n)
                    ORDER BY u.n
                    """)
            }
            try await connection.run("DELETE FROM persona_scores WHERE session_id = \(sessionId)")
            if !next.painPoints.isEmpty {
                let scores = next.painPoints.sorted { $0.key.rawValue < $1.key.rawValue }
                try await connection.run(
                    """
                    INSERT INTO persona_scores(session_id, pain_point, score, updated_at)
                    SELECT \(sessionId), p, s, \(turn.at) FROM unnest(\(scores.map(\.key.rawValue))::text[], \(scores.map(\.value))::float8[]) AS u(p, s)
                    """)
            }
            let count = try await connection.rows(
                """
                UPDATE sessions SET updated_at = \(turn.at), role = \(next.role?.rawValue), message_count = message_count + 1
                WHERE id = \(sessionId) RETURNING message_count
                """
            ).first?.decode(Int.self) ?? 1
            return SessionSnapshot(
                id: turn.sessionId, persona: next, messageCount: count, history: Array(history), created: created)
        }
    }

    /// As `SQLiteStore.finishTurn`. A run recorded twice (a client retrying after a lost reply) is kept once:
    /// the second insert of the same run id changes nothing.
    public func finishTurn(_ record: TurnRecord) async throws {
        let sessionId = Self.text(record.sessionId)
        let runId = Self.text(record.runId)
        try await transaction { connection in
            let now = record.startedAt + record.durationMs / 1000
            let fresh = try await connection.rows(
                """
                INSERT INTO runs(id, session_id, started_at, duration_ms, status, error_code, intent, page_type, provider, cache)
                VALUES (\(runId), \(sessionId), \(record.startedAt), \(record.durationMs), \(record.status.rawValue),
                        \(record.errorCode.map(Self.text)), \(record.intent?.rawValue), \(record.pageType?.rawValue),
                        \(Self.text(record.provider)), \(record.cache))
                ON CONFLICT (id) DO NOTHING RETURNING 1
                """)
            guard !fresh.isEmpty else { return }
            if let answer = record.answer {
                let updated = try await connection.rows(
                    """
                    UPDATE sessions SET updated_at = \(now), message_count = message_count + 1 WHERE id = \(sessionId)
                    RETURNING 1
                    """)
                if !updated.isEmpty {
                    try await connection.run(
                        """
                        INSERT INTO messages(session_id, run_id, author, content, page, created_at)
                        VALUES (\(sessionId), \(runId), 'assistant', \(Self.text(answer)),
                                \(record.page.map { Self.text($0.serialized()) }), \(now))
                        """)
                }
            }
            if !record.stages.isEmpty {
                try await connection.run(
                    """
                    INSERT INTO stage_timings(run_id, stage, started_at, duration_ms, status)
                    SELECT \(runId), s, t, d, st
                    FROM unnest(\(record.stages.map(\.stage.rawValue))::text[], \(record.stages.map(\.startedAt))::float8[],
                                \(record.stages.map(\.durationMs))::float8[], \(record.stages.map(\.status))::text[]) AS u(s, t, d, st)
                    ON CONFLICT (run_id, stage) DO NOTHING
                    """)
            }
        }
    }

    public func session(id: String) async throws -> SessionDetail? {
        let sessionId = Self.text(id)
        guard let row = try await rows(
            "SELECT created_at, updated_at, role FROM sessions WHERE id = \(sessionId)"
        ).first else { return nil }
        let (createdAt, updatedAt, role) = try row.decode((Double, Double, String?).self)
        var persona = Persona(role: role.flatMap(Role.init(rawValue:)))
        persona.updatedAt = Date(timeIntervalSince1970: updatedAt)
        for row in try await rows("SELECT pain_point, score FROM persona_scores WHERE session_id = \(sessionId)") {
            let (name, score) = try row.decode((String, Double).self)
            if let painPoint = PainPoint(rawValue: name) { persona.painPoints[painPoint] = score }
        }
        let signals = try await rows(
            "SELECT kind, value, strength, evidence, created_at FROM signals WHERE session_id = \(sessionId) ORDER BY id"
        ).map { row in
            let (kind, value, strength, evidence, at) = try row.decode((String, String, Double, String, Double).self)
            return SessionDetail.Signal(kind: kind, value: value, strength: strength, evidence: evidence, createdAt: at)
        }
        let messages = try await rows(
            "SELECT author, content, created_at, run_id, page FROM messages WHERE session_id = \(sessionId) ORDER BY id"
        ).map { row in
            let (author, content, at, runId, pageText) = try row.decode((String, String, Double, String?, String?).self)
            let page = pageText.flatMap { try? JSONParser.parse($0) }
            return SessionDetail.Message(
                author: ChatMessage.Author(rawValue: author) ?? .user, content: content, createdAt: at, runId: runId,
                pageType: page?["type"]?.stringValue, pageTitle: page?["title"]?.stringValue)
        }
        return SessionDetail(
            id: id, createdAt: createdAt, updatedAt: updatedAt, persona: persona, signals: signals, messages: messages)
    }

    /// Sessions, most recently active first (`session list`).
    public func sessions(limit: Int) async throws -> [SQLiteStore.SessionSummary] {
        try await rows(
            """
            SELECT s.id, s.created_at, s.updated_at, s.role, s.message_count,
                   (SELECT pain_point FROM persona_scores p WHERE p.session_id = s.id ORDER BY score DESC LIMIT 1)
            FROM sessions s ORDER BY s.updated_at DESC LIMIT \(max(0, limit))
            """
        ).map { row in
            let (id, createdAt, updatedAt, role, count, top) = try row.decode((String, Double, Double, String?, Int, String?).self)
            return SQLiteStore.SessionSummary(
                id: id, createdAt: createdAt, updatedAt: updatedAt, role: role, messageCount: count, topPainPoint: top)
        }
    }

    /// Removes a session with its messages, signals and persona scores (runs stay, for analytics).
    public func removeSession(id: String) async throws -> Bool {
        !(try await rows("DELETE FROM sessions WHERE id = \(Self.text(id)) RETURNING 1").isEmpty)
    }
}
