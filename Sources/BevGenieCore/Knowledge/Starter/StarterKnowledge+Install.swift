/// The starter set as a removable demo: it is stored like any import (source `builtin:<id>`, which no imported file
/// can have, since imports record absolute paths), so taking it out and putting it back are ordinary store
/// operations, and every search, list and vector lookup sees exactly what is stored, with no filter to forget.
extension StarterKnowledge {
    /// The source prefix of every starter document: its origin.
    public static let sourcePrefix = "builtin:"

    /// Whether a stored document is part of the built-in demo rather than the user's own knowledge.
    public static func isStarter(source: String) -> Bool { source.hasPrefix(sourcePrefix) }

    /// The ids of the starter documents in `store`.
    public static func storedIds(in store: any KnowledgeStore) async throws -> [String] {
        try await store.documentIds(sourcePrefix: sourcePrefix)
    }

    /// Removes the starter documents; returns how many there were. The knowledge version moves on with it, so
    /// pages cached from the demo are not served again.
    @discardableResult
    public static func remove(from store: any KnowledgeStore) async throws -> Int {
        try await store.removeDocuments(ids: try await storedIds(in: store))
    }

    /// The starter documents as a new database stores them: with the shipped vectors of `vectors.model` when
    /// they match the starter's text, else with the built-in embedder's (what every store seeds).
    static func seedDocuments(vectors: ShippedVectors?) throws -> [KnowledgeDocument] {
        let builder = DocumentBuilder()
        var built = try documents.map { starter in
            try builder.build(id: starter.id, source: sourcePrefix + starter.id, markdown: starter.markdown)
        }
        if let vectors, vectors.apply(to: &built) { return built }  // every chunk has the shipped vector
        let embedder = HashingEmbedder()
        for index in built.indices { built[index].embed(with: embedder) }
        return built
    }

    /// Puts the starter documents (back) into `store`, embedded with `embedder` (the model the store's vectors
    /// are made with); unchanged ones are left alone. Returns how many were inserted or replaced.
    @discardableResult
    public static func install(into store: any KnowledgeStore, embedder: any Embedder) async throws -> Int {
        let builder = DocumentBuilder()
        var built: [KnowledgeDocument] = []
        for starter in documents {
            built.append(try builder.build(id: starter.id, source: sourcePrefix + starter.id, markdown: starter.markdown))
        }
        let vectors = try await embedder.embed(built.flatMap { document in
            document.chunks.map { $0.embeddingText(title: document.title) }
        })
        var next = 0
        for index in built.indices {
            for chunk in built[index].chunks.indices {
                built[index].chunks[chunk].vector = vectors[next]
                next += 1
            }
            built[index].embeddingModel = embedder.model
        }
        var changed = 0
        for result in try await store.upsert(built) {
            switch result {
            case .success(.unchanged): continue
            case .success: changed += 1
            case .failure(let error):
                if let mismatch = error.modelMismatch { throw mismatch }
                throw error
            }
        }
        return changed
    }
}
