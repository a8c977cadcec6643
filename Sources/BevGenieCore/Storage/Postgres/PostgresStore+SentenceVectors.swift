import Foundation
import NIOCore
import PostgresNIO

/// The answer's sentence vectors on PostgreSQL, as SQLite keeps them (`SQLiteStore+SentenceVectors.swift`): one
/// row per model and sentence, float32 little-endian bytes, first writer wins. Every replica reads what any one
/// embedded. Rows are found by the text's SHA-256 (the key; see migration 2) and then the text itself.
extension PostgresStore: SentenceVectorStore {
    public func sentenceVectors(model: String, texts: [String]) async throws -> [String: [Float]] {
        guard !texts.isEmpty else { return [:] }
        // A NUL cannot be stored, so a text with one was kept with U+FFFD: looked up the same way, answered
        // under the caller's own text.
        var asked: [String: String] = [:]
        for text in texts { asked[Self.text(text)] = text }
        var found: [String: [Float]] = [:]
        for row in try await rows(
            """
            SELECT v.text, v.vector FROM unnest(\(Array(asked.keys))::text[]) AS u(t)
            JOIN sentence_vectors v ON v.model = \(model) AND v.digest = sha256(convert_to(u.t, 'UTF8')) AND v.text = u.t
            """)
        {
            let (text, bytes) = try row.decode((String, ByteBuffer).self)
            guard let original = asked[text] else { continue }
            var vector: [Float] = []
            VectorBlob.decode(Array(bytes.readableBytesView), into: &vector)
            found[original] = vector
        }
        return found
    }

    public func storeSentenceVectors(model: String, _ vectors: [(text: String, vector: [Float])]) async throws {
        guard !vectors.isEmpty else { return }
        // In text order and once each: two replicas storing overlapping sentences take the key locks in the same
        // order, so they wait for one another instead of deadlocking. Each slice commits on its own (nothing
        // here needs all or nothing: a vector kept is a vector kept), and one statement's parameters stay small.
        var unique: [String: [Float]] = [:]
        for (text, vector) in vectors where unique[Self.text(text)] == nil { unique[Self.text(text)] = vector }
        let rows = unique.sorted { $0.key < $1.key }
        var from = 0
        while from < rows.count {
            let slice = rows[from..<min(from + 1_000, rows.count)]
            try await run(
                """
                INSERT INTO sentence_vectors(model, digest, text, vector)
                SELECT \(model), sha256(convert_to(u.t, 'UTF8')), u.t, u.v
                FROM unnest(\(slice.map(\.key))::text[],
                            \(slice.map { ByteBuffer(bytes: VectorBlob.encode($0.value)) })::bytea[]) WITH ORDINALITY AS u(t, v, n)
                ORDER BY u.n
                ON CONFLICT (model, digest) DO NOTHING
                """)
            from += slice.count
        }
    }
}
