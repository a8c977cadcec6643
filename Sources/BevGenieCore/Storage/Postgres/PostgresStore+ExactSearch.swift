import PostgresNIO

extension PostgresStore {
    /// The same search as `search(_:)` with the HNSW index out of play (index scans off for its transaction):
    /// the vector candidates are then the exact nearest ones, by a scan of every vector. What `bench kb` measures
    /// the index's recall against; never used to answer a question.
    package func exactSearch(_ query: KnowledgeQuery) async throws -> [String] {
        guard let statement = try await searchStatement(query) else { return [] }
        return try await transaction { connection in
            try await connection.run("SET LOCAL enable_indexscan = off")
            // Chunk ids, in the result's order: the first of the chunk's columns after the six score columns.
            return try await connection.rows(statement).map { row in try Array(row)[6].decode(String.self) }
        }
    }
}
