/// The database layout and its migrations. `PRAGMA user_version` records how many migrations have run; a file
/// with a higher number was written by a newer bevgenie and is left untouched.
package enum SQLiteSchema {
    static var currentVersion: Int { migrations.count }

    /// Each entry moves the schema one version up. Append; never edit a released entry.
    package static let migrations: [String] = [
        // 1: knowledge base, persona store, run metrics
        """
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE documents (
            id           TEXT PRIMARY KEY,
            title        TEXT NOT NULL,
            source       TEXT NOT NULL,
            kind         TEXT NOT NULL,
            roles        TEXT NOT NULL DEFAULT '',
            content_hash TEXT NOT NULL,
            metadata     TEXT,
            imported_at  REAL NOT NULL
        );
        CREATE INDEX documents_source ON documents(source);
        CREATE INDEX documents_kind ON documents(kind);
        CREATE TABLE document_topics (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            pain_point  TEXT NOT NULL,
            weight      REAL NOT NULL,
            PRIMARY KEY (document_id, pain_point)
        ) WITHOUT ROWID;
        CREATE INDEX document_topics_pain_point ON document_topics(pain_point, weight);
        CREATE TABLE chunks (
            rowid        INTEGER PRIMARY KEY,
            id           TEXT NOT NULL UNIQUE,
            document_id  TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            ordinal      INTEGER NOT NULL,
            title        TEXT NOT NULL,
            heading_path TEXT NOT NULL,
            text         TEXT NOT NULL
        );
        CREATE INDEX chunks_document ON chunks(document_id, ordinal);
        CREATE VIRTUAL TABLE chunks_fts USING fts5(
            title, heading_path, text,
            content='chunks', content_rowid='rowid', tokenize='porter unicode61'
        );
        CREATE TRIGGER chunks_fts_insert AFTER INSERT ON chunks BEGIN
            INSERT INTO chunks_fts(rowid, title, heading_path, text)
            VALUES (new.rowid, new.title, new.heading_path, new.text);
        END;
        CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN
            INSERT INTO chunks_fts(chunks_fts, rowid, title, heading_path, text)
            VALUES ('delete', old.rowid, old.title, old.heading_path, old.text);
        END;
        -- One embedding per chunk: float32 little-endian, L2-normalized, made by `model`.
        CREATE TABLE chunk_vectors (
            chunk_rowid INTEGER PRIMARY KEY REFERENCES chunks(rowid) ON DELETE CASCADE,
            model       TEXT NOT NULL,
            vector      BLOB NOT NULL
        );

        CREATE TABLE sessions (
            id            TEXT PRIMARY KEY,
            created_at    REAL NOT NULL,
            updated_at    REAL NOT NULL,
            role          TEXT,
            message_count INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE messages (
            id         INTEGER PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            run_id     TEXT,
            author     TEXT NOT NULL CHECK (author IN ('user', 'assistant')),
            content    TEXT NOT NULL,
            page       TEXT,
            created_at REAL NOT NULL
        );
        CREATE INDEX messages_session ON messages(session_id, id);
        CREATE TABLE persona_scores (
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            pain_point TEXT NOT NULL,
            score      REAL NOT NULL,
            updated_at REAL NOT NULL,
            PRIMARY KEY (session_id, pain_point)
        ) WITHOUT ROWID;
        CREATE TABLE signals (
            id         INTEGER PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            message_id INTEGER REFERENCES messages(id) ON DELETE CASCADE,
            run_id     TEXT,
            kind       TEXT NOT NULL CHECK (kind IN ('pain_point', 'role')),
            value      TEXT NOT NULL,
            strength   REAL NOT NULL,
            evidence   TEXT NOT NULL,
            role       TEXT,
            created_at REAL NOT NULL
        );
        CREATE INDEX signals_session ON signals(session_id, id);
        CREATE INDEX signals_time ON signals(created_at);

        -- Runs outlive their sessions (analytics), so session_id is not a foreign key.
        CREATE TABLE runs (
            id          TEXT PRIMARY KEY,
            session_id  TEXT NOT NULL,
            started_at  REAL NOT NULL,
            duration_ms REAL NOT NULL,
            status      TEXT NOT NULL CHECK (status IN ('ok', 'error', 'cancelled')),
            error_code  TEXT,
            intent      TEXT,
            page_type   TEXT,
            provider    TEXT NOT NULL
        );
        CREATE INDEX runs_time ON runs(started_at);
        CREATE TABLE stage_timings (
            run_id      TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            stage       TEXT NOT NULL,
            started_at  REAL NOT NULL,
            duration_ms REAL NOT NULL,
            status      TEXT NOT NULL,
            PRIMARY KEY (run_id, stage)
        ) WITHOUT ROWID;
        """,
        // 2: page cache; each run records whether its page came from the cache
        """
        CREATE TABLE page_cache (
            key         TEXT PRIMARY KEY,
            page_type   TEXT NOT NULL,
            page        TEXT NOT NULL,
            kb_version  INTEGER NOT NULL,
            created_at  REAL NOT NULL,
            hits        INTEGER NOT NULL DEFAULT 0,
            last_hit_at REAL
        );
        ALTER TABLE runs ADD COLUMN cache TEXT CHECK (cache IN ('hit', 'miss'));
        CREATE INDEX signals_kind_time ON signals(kind, created_at);
        """,
        // 3: sentence vectors for the local answer (SentenceVectorStore), made once per sentence and model
        """
        CREATE TABLE sentence_vectors (
            model   TEXT NOT NULL,
            text    TEXT NOT NULL,
            vector  BLOB NOT NULL,
            PRIMARY KEY (model, text)
        ) WITHOUT ROWID;
        """,
        // 4: the event log of streamed runs (resume after a dropped connection, stop from any process)
        """
        CREATE TABLE run_streams (
            run_id         TEXT PRIMARY KEY,
            started_at     REAL NOT NULL,
            updated_at     REAL NOT NULL,
            state          TEXT NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'finished', 'cancelled')),
            stop_requested INTEGER NOT NULL DEFAULT 0,
            watched_at     REAL,
            truncated      INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX run_streams_time ON run_streams(started_at);
        CREATE TABLE run_events (
            run_id TEXT NOT NULL REFERENCES run_streams(run_id) ON DELETE CASCADE,
            seq    INTEGER NOT NULL,
            name   TEXT NOT NULL,
            data   TEXT NOT NULL,
            PRIMARY KEY (run_id, seq)
        ) WITHOUT ROWID;
        """,
        // 5: the event log's rows in a rowid table, appended in the order they are written. A WITHOUT ROWID table
        // keeps whole rows in its key's order, and runs' ids are random: every write of the log landed its rows
        // (now a run's whole write each, `RunEventRows`) on scattered leaves, dirtying a page per run per write.
        // Rows as they were; the key is the same, kept by the table's index.
        """
        CREATE TABLE run_events_rows (
            run_id TEXT NOT NULL REFERENCES run_streams(run_id) ON DELETE CASCADE,
            seq    INTEGER NOT NULL,
            name   TEXT NOT NULL,
            data   TEXT NOT NULL,
            PRIMARY KEY (run_id, seq)
        );
        INSERT INTO run_events_rows(run_id, seq, name, data) SELECT run_id, seq, name, data FROM run_events;
        DROP TABLE run_events;
        ALTER TABLE run_events_rows RENAME TO run_events;
        """,
    ]
}
