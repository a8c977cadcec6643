/// The PostgreSQL layout and its migrations: the same tables as `SQLiteSchema`, with the keyword index as a
/// generated `tsvector` column (GIN) and the vectors in pgvector. `bevgenie_schema.version` records how many
/// migrations have run; a database with a higher number was written by a newer bevgenie and is left untouched.
package enum PostgresSchema {
    static var currentVersion: Int { migrations.count }

    /// The text search configuration of the keyword index: English with the Snowball (Porter) stemmer, as
    /// SQLite's `porter unicode61` tokenizer.
    static let textSearchConfiguration = "english"

    /// Each entry moves the schema one version up, as a list of statements (the extended protocol runs one per
    /// query). Append; never edit a released entry.
    package static let migrations: [[String]] = [
        // 1: knowledge base, sessions, run metrics, page cache (SQLite's versions 1 and 2 together)
        [
            "CREATE EXTENSION IF NOT EXISTS vector",
            """
            CREATE TABLE meta (
                key   text PRIMARY KEY,
                value text NOT NULL
            )
            """,
            """
            CREATE TABLE documents (
                id           text PRIMARY KEY,
                title        text NOT NULL,
                source       text NOT NULL,
                kind         text NOT NULL,
                roles        text NOT NULL DEFAULT '',
                content_hash text NOT NULL,
                metadata     text,
                imported_at  double precision NOT NULL
            )
            """,
            "CREATE INDEX documents_source ON documents(source text_pattern_ops)",
            "CREATE INDEX documents_kind ON documents(kind)",
            """
            CREATE TABLE document_topics (
                document_id text NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                pain_point  text NOT NULL,
                weight      double precision NOT NULL,
                PRIMARY KEY (document_id, pain_point)
            )
            """,
            "CREATE INDEX document_topics_pain_point ON document_topics(pain_point, weight)",
            // Title, headings and text weighted A, B, C: the search reads the labels as the 4 : 2 : 1 column
            // weights of SQLite's bm25(chunks_fts, 4, 2, 1).
            """
            CREATE TABLE chunks (
                rowid        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id           text NOT NULL UNIQUE,
                document_id  text NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                ordinal      integer NOT NULL,
                title        text NOT NULL,
                heading_path text NOT NULL,
                text         text NOT NULL,
                -- Tokens of title, headings and text as FTS5's unicode61 counts them (BM25's document length).
                tokens       integer NOT NULL,
                search       tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('english', title), 'A') ||
                    setweight(to_tsvector('english', heading_path), 'B') ||
                    setweight(to_tsvector('english', text), 'C')
                ) STORED
            )
            """,
            "CREATE INDEX chunks_document ON chunks(document_id, ordinal)",
            // BM25 needs the number of chunks and their average length on every search: kept here by statement
            // triggers instead of counted (a scan of every chunk) per query.
            """
            CREATE TABLE chunk_stats (
                id     boolean PRIMARY KEY DEFAULT true CHECK (id),
                chunks bigint NOT NULL,
                tokens bigint NOT NULL
            )
            """,
            "INSERT INTO chunk_stats(chunks, tokens) VALUES (0, 0)",
            """
            CREATE FUNCTION bevgenie_chunk_stats_insert() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE chunk_stats SET chunks = chunks + (SELECT count(*) FROM inserted),
                                       tokens = tokens + (SELECT coalesce(sum(tokens), 0) FROM inserted);
                RETURN NULL;
            END $$
            """,
            """
            CREATE FUNCTION bevgenie_chunk_stats_delete() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE chunk_stats SET chunks = chunks - (SELECT count(*) FROM deleted),
                                       tokens = tokens - (SELECT coalesce(sum(tokens), 0) FROM deleted);
                RETURN NULL;
            END $$
            """,
            """
            CREATE TRIGGER chunks_stats_insert AFTER INSERT ON chunks REFERENCING NEW TABLE AS inserted
            FOR EACH STATEMENT EXECUTE FUNCTION bevgenie_chunk_stats_insert()
            """,
            """
            CREATE TRIGGER chunks_stats_delete AFTER DELETE ON chunks REFERENCING OLD TABLE AS deleted
            FOR EACH STATEMENT EXECUTE FUNCTION bevgenie_chunk_stats_delete()
            """,
            "CREATE INDEX chunks_search ON chunks USING gin(search)",
            // One embedding per chunk, L2-normalized, made by `model`. The column has no fixed dimension (the
            // model decides it); the HNSW index is made per dimension on `embedding::vector(d)` when vectors of
            // that size arrive (`PostgresStore.ensureVectorIndex`).
            """
            CREATE TABLE chunk_vectors (
                chunk_rowid bigint PRIMARY KEY REFERENCES chunks(rowid) ON DELETE CASCADE,
                model       text NOT NULL,
                dimensions  integer NOT NULL,
                embedding   vector NOT NULL
            )
            """,
            """
            CREATE TABLE sessions (
                id            text PRIMARY KEY,
                created_at    double precision NOT NULL,
                updated_at    double precision NOT NULL,
                role          text,
                message_count integer NOT NULL DEFAULT 0
            )
            """,
            "CREATE INDEX sessions_updated ON sessions(updated_at)",
            """
            CREATE TABLE messages (
                id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                session_id text NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                run_id     text,
                author     text NOT NULL CHECK (author IN ('user', 'assistant')),
                content    text NOT NULL,
                page       text,
                created_at double precision NOT NULL
            )
            """,
            "CREATE INDEX messages_session ON messages(session_id, id)",
            """
            CREATE TABLE persona_scores (
                session_id text NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                pain_point text NOT NULL,
                score      double precision NOT NULL,
                updated_at double precision NOT NULL,
                PRIMARY KEY (session_id, pain_point)
            )
            """,
            """
            CREATE TABLE signals (
                id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                session_id text NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                message_id bigint REFERENCES messages(id) ON DELETE CASCADE,
                run_id     text,
                kind       text NOT NULL CHECK (kind IN ('pain_point', 'role')),
                value      text NOT NULL,
                strength   double precision NOT NULL,
                evidence   text NOT NULL,
                role       text,
                created_at double precision NOT NULL
            )
            """,
            "CREATE INDEX signals_session ON signals(session_id, id)",
            "CREATE INDEX signals_time ON signals(created_at)",
            "CREATE INDEX signals_kind_time ON signals(kind, created_at)",
            // Runs outlive their sessions (analytics), so session_id is not a foreign key.
            """
            CREATE TABLE runs (
                id          text PRIMARY KEY,
                session_id  text NOT NULL,
                started_at  double precision NOT NULL,
                duration_ms double precision NOT NULL,
                status      text NOT NULL CHECK (status IN ('ok', 'error', 'cancelled')),
                error_code  text,
                intent      text,
                page_type   text,
                provider    text NOT NULL,
                cache       text CHECK (cache IN ('hit', 'miss'))
            )
            """,
            "CREATE INDEX runs_time ON runs(started_at)",
            """
            CREATE TABLE stage_timings (
                run_id      text NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                stage       text NOT NULL,
                started_at  double precision NOT NULL,
                duration_ms double precision NOT NULL,
                status      text NOT NULL,
                PRIMARY KEY (run_id, stage)
            )
            """,
            """
            CREATE TABLE page_cache (
                key         text PRIMARY KEY,
                page_type   text NOT NULL,
                page        text NOT NULL,
                kb_version  bigint NOT NULL,
                created_at  double precision NOT NULL,
                hits        bigint NOT NULL DEFAULT 0,
                last_hit_at double precision
            )
            """,
            "CREATE INDEX page_cache_version ON page_cache(kb_version)",
            // OR of plain-word queries, for the keyword search's tsquery (built in SQL from bound words).
            """
            CREATE AGGREGATE bevgenie_tsquery_or(tsquery) (SFUNC = tsquery_or, STYPE = tsquery)
            """,
        ],
        // 2: the event log of streamed runs and the answer's sentence vectors (SQLite's versions 4 and 3)
        PostgresSchema.runEventsAndSentenceVectors,
    ]
}
