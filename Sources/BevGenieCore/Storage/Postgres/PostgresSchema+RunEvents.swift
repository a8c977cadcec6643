extension PostgresSchema {
    /// Migration 2: the tables of SQLite's versions 3 (`sentence_vectors`) and 4 (`run_streams`, `run_events`),
    /// column for column, so `db copy` moves rows as they are. Kept in a file of its own so the list of
    /// migrations stays one line per version.
    static let runEventsAndSentenceVectors: [String] = [
        // The event log of streamed runs: resume after a dropped connection and stop, on any replica.
        """
        CREATE TABLE run_streams (
            run_id         text PRIMARY KEY,
            started_at     double precision NOT NULL,
            updated_at     double precision NOT NULL,
            state          text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'finished', 'cancelled')),
            stop_requested boolean NOT NULL DEFAULT false,
            watched_at     double precision,
            truncated      boolean NOT NULL DEFAULT false
        )
        """,
        "CREATE INDEX run_streams_time ON run_streams(started_at)",
        """
        CREATE TABLE run_events (
            run_id text NOT NULL REFERENCES run_streams(run_id) ON DELETE CASCADE,
            seq    integer NOT NULL,
            name   text NOT NULL,
            data   text NOT NULL,
            PRIMARY KEY (run_id, seq)
        )
        """,
        // Sentence vectors of the local answer, float32 little-endian as SQLite's blobs. Keyed by the text's
        // SHA-256, not the text: a B-tree entry holds at most about 2.7 kB, and a sentence without punctuation
        // can be longer.
        """
        CREATE TABLE sentence_vectors (
            model   text NOT NULL,
            digest  bytea NOT NULL,
            text    text NOT NULL,
            vector  bytea NOT NULL,
            PRIMARY KEY (model, digest)
        )
        """,
    ]
}
