import Foundation

extension SQLiteStore {
    public func beginTurn(_ turn: TurnStart, update: @Sendable (Persona) -> Persona) throws -> SessionSnapshot {
        try db.transaction {
            var created = false
            var persona = Persona()
            if let row = try db.queryRow("SELECT role, updated_at FROM sessions WHERE id = ?", [.text(turn.sessionId)]) {
                persona.role = try row.optionalString(0).flatMap(Role.init(rawValue:))
                persona.updatedAt = Date(timeIntervalSince1970: try row.double(1))
            } else {
                created = true
                try db.run(
                    "INSERT INTO sessions(id, created_at, updated_at, role, message_count) VALUES (?, ?, ?, NULL, 0)",
                    [.text(turn.sessionId), .real(turn.at), .real(turn.at)])
            }
            for row in try db.query(
                "SELECT pain_point, score FROM persona_scores WHERE session_id = ?", [.text(turn.sessionId)])
            {
                if let painPoint = PainPoint(rawValue: try row.string(0)) {
                    persona.painPoints[painPoint] = try row.double(1)
                }
            }
            let history = try db.query(
                "SELECT author, content, created_at FROM messages WHERE session_id = ? ORDER BY id DESC LIMIT ?",
                [.text(turn.sessionId), .int(turn.historyLimit)]
            ).reversed().map { row in
                ChatMessage(author: ChatMessage.Author(rawValue: try row.string(0)) ?? .user, content: try row.string(1),
                            createdAt: try row.double(2))
            }

            let next = update(persona)

            try db.run(
                "INSERT INTO messages(session_id, run_id, author, content, created_at) VALUES (?, ?, 'user', ?, ?)",
                [.text(turn.sessionId), .text(turn.runId), .text(turn.message), .real(turn.at)])
            let messageId = db.lastInsertRowID
            for signal in turn.signals {
                try db.run(
                    """
                    INSERT INTO signals(session_id, message_id, run_id, kind, value, strength, evidence, role, created_at)
                    VALUES (?, ?, ?, 'pain_point', ?, ?, ?, ?, ?)
                    """,
                    [
                        .text(turn.sessionId), .integer(messageId), .text(turn.runId), .text(signal.painPoint.rawValue),
                        .real(signal.strength), .text(signal.evidence), .optionalText(next.role?.rawValue),
                        .real(turn.at),
                    ])
            }
            if let role = turn.role {
                try db.run(
                    """
                    INSERT INTO signals(session_id, message_id, run_id, kind, value, strength, evidence, role, created_at)
                    VALUES (?, ?, ?, 'role', ?, ?, ?, ?, ?)
                    """,
                    [
                        .text(turn.sessionId), .integer(messageId), .text(turn.runId), .text(role.role.rawValue),
                        .real(role.strength), .text(role.evidence), .text(role.role.rawValue), .real(turn.at),
                    ])
            }
            try db.run("DELETE FROM persona_scores WHERE session_id = ?", [.text(turn.sessionId)])
            for (painPoint, score) in next.painPoints {
                try db.run(
                    "INSERT INTO persona_scores(session_id, pain_point, score, updated_at) VALUES (?, ?, ?, ?)",
                    [.text(turn.sessionId), .text(painPoint.rawValue), .real(score), .real(turn.at)])
            }
            try db.run(
                "UPDATE sessions SET updated_at = ?, role = ?, message_count = message_count + 1 WHERE id = ?",
                [.real(turn.at), .optionalText(next.role?.rawValue), .text(turn.sessionId)])
            let count = try db.queryRow("SELECT message_count FROM sessions WHERE id = ?", [.text(turn.sessionId)])
            return SessionSnapshot(
                id: turn.sessionId, persona: next, messageCount: try count?.int(0) ?? 1, history: Array(history),
                created: created)
        }
    }

    public func finishTurn(_ record: TurnRecord) throws {
        try db.transaction {
            let now = record.startedAt + record.durationMs / 1000
            let sessionExists = try db.queryRow("SELECT 1 FROM sessions WHERE id = ?", [.text(record.sessionId)]) != nil
            if let answer = record.answer, sessionExists {
                try db.run(
                    """
                    INSERT INTO messages(session_id, run_id, author, content, page, created_at)
                    VALUES (?, ?, 'assistant', ?, ?, ?)
                    """,
                    [
                        .text(record.sessionId), .text(record.runId), .text(answer),
                        .optionalText(record.page?.serialized()), .real(now),
                    ])
                try db.run(
                    "UPDATE sessions SET updated_at = ?, message_count = message_count + 1 WHERE id = ?",
                    [.real(now), .text(record.sessionId)])
            }
            try db.run(
                """
                INSERT INTO runs(id, session_id, started_at, duration_ms, status, error_code, intent, page_type, provider, cache)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(record.runId), .text(record.sessionId), .real(record.startedAt), .real(record.durationMs),
                    .text(record.status.rawValue), .optionalText(record.errorCode),
                    .optionalText(record.intent?.rawValue), .optionalText(record.pageType?.rawValue),
                    .text(record.provider), .optionalText(record.cache),
                ])
            for timing in record.stages {
                try db.run(
                    "INSERT INTO stage_timings(run_id, stage, started_at, duration_ms, status) VALUES (?, ?, ?, ?, ?)",
                    [
                        .text(record.runId), .text(timing.stage.rawValue), .real(timing.startedAt),
                        .real(timing.durationMs), .text(timing.status),
                    ])
            }
        }
    }

    public func session(id: String) throws -> SessionDetail? {
        guard let row = try db.queryRow(
            "SELECT created_at, updated_at, role FROM sessions WHERE id = ?", [.text(id)])
        else { return nil }
        var persona = Persona(role: try row.optionalString(2).flatMap(Role.init(rawValue:)))
        persona.updatedAt = Date(timeIntervalSince1970: try row.double(1))
        for score in try db.query("SELECT pain_point, score FROM persona_scores WHERE session_id = ?", [.text(id)]) {
            if let painPoint = PainPoint(rawValue: try score.string(0)) { persona.painPoints[painPoint] = try score.double(1) }
        }
        let signals = try db.query(
            "SELECT kind, value, strength, evidence, created_at FROM signals WHERE session_id = ? ORDER BY id",
            [.text(id)]
        ).map {
            SessionDetail.Signal(
                kind: try $0.string(0), value: try $0.string(1), strength: try $0.double(2), evidence: try $0.string(3),
                createdAt: try $0.double(4))
        }
        let messages = try db.query(
            "SELECT author, content, created_at, run_id, page FROM messages WHERE session_id = ? ORDER BY id",
            [.text(id)]
        ).map { row in
            let page = try row.optionalString(4).flatMap { try? JSONParser.parse($0) }
            return SessionDetail.Message(
                author: ChatMessage.Author(rawValue: try row.string(0)) ?? .user, content: try row.string(1),
                createdAt: try row.double(2), runId: try row.optionalString(3), pageType: page?["type"]?.stringValue,
                pageTitle: page?["title"]?.stringValue)
        }
        return SessionDetail(
            id: id, createdAt: try row.double(0), updatedAt: try row.double(1), persona: persona, signals: signals,
            messages: messages)
    }
}
