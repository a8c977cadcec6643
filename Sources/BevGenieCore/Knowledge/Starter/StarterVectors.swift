import Foundation

/// The starter knowledge's chunk vectors for a model other than the built-in embedder, computed once and shipped
/// in the binary, so a new database embedded with that model is ready at once (embedding the 39 starter
/// documents with all-MiniLM-L6-v2 takes seconds; reading these takes a millisecond).
///
/// Stored as float16 (the starter's vectors lose nothing a search can see: cosine ≥ 0.9999 to the float32 ones)
/// behind a hash of the text they were computed from: when the starter's text changes and the vectors were not
/// recomputed, they are not used (the store then seeds with the built-in embedder) and `StarterVectorsTests`
/// fails with the command that regenerates them.
public struct StarterVectors: Sendable {
    public let model: String
    public let dimensions: Int
    /// The hash of the embedding texts, in order, the vectors were computed from.
    public let textsHash: UInt64
    /// One vector per starter chunk, documents in order, chunks in order.
    public let vectors: [[Float]]

    public init(model: String, dimensions: Int, textsHash: UInt64, vectors: [[Float]]) {
        self.model = model
        self.dimensions = dimensions
        self.textsHash = textsHash
        self.vectors = vectors
    }

    /// The shipped vectors for `model`, when there are any.
    public static func shipped(for model: String) -> StarterVectors? {
        model == MiniLMEmbedder.modelName ? miniLM : nil
    }

    private static let miniLM: StarterVectors? = decode(base64: miniLMBase64)

    /// What the embedder reads for each starter chunk, in the order of `vectors`.
    public static func embeddingTexts(of documents: [KnowledgeDocument]) -> [String] {
        documents.flatMap { document in document.chunks.map { $0.embeddingText(title: document.title) } }
    }

    public static func hash(of texts: [String]) -> UInt64 {
        StableHash.value(texts.joined(separator: "\u{1E}"))
    }

    /// Sets every chunk's vector and the documents' model; false (and nothing changed) when these vectors were
    /// not made from exactly these documents' text.
    public func apply(to documents: inout [KnowledgeDocument]) -> Bool {
        let texts = Self.embeddingTexts(of: documents)
        guard texts.count == vectors.count, Self.hash(of: texts) == textsHash else { return false }
        var next = 0
        for index in documents.indices {
            for chunk in documents[index].chunks.indices {
                documents[index].chunks[chunk].vector = vectors[next]
                next += 1
            }
            documents[index].embeddingModel = model
        }
        return true
    }

    // MARK: - The shipped form

    private static let magic = Array("BGSV".utf8)

    /// `BGSV`, format 1, dimensions, count, text hash, the model's name, then the vectors as float16, all
    /// little-endian; base64 so it can live in a Swift string literal.
    public func encoded() -> String {
        var bytes = Self.magic
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        append(UInt32(1))
        append(UInt32(dimensions))
        append(UInt32(vectors.count))
        append(textsHash)
        let name = Array(model.utf8)
        append(UInt16(name.count))
        bytes += name
        for vector in vectors {
            for value in vector { append(Float16(value).bitPattern) }
        }
        return Data(bytes).base64EncodedString()
    }

    public static func decode(base64: String) -> StarterVectors? {
        guard let data = Data(base64Encoded: base64) else { return nil }
        let bytes = [UInt8](data)
        var offset = 0
        func read<T: FixedWidthInteger>(_: T.Type) -> T? {
            guard offset + MemoryLayout<T>.size <= bytes.count else { return nil }
            var value: T = 0
            for index in 0..<MemoryLayout<T>.size { value |= T(bytes[offset + index]) << (8 * index) }
            offset += MemoryLayout<T>.size
            return value
        }
        guard bytes.starts(with: magic) else { return nil }
        offset = magic.count
        guard read(UInt32.self) == 1, let dimensions = read(UInt32.self), let count = read(UInt32.self),
            let hash = read(UInt64.self), let nameLength = read(UInt16.self),
            offset + Int(nameLength) <= bytes.count
        else { return nil }
        let model = String(decoding: bytes[offset..<offset + Int(nameLength)], as: UTF8.self)
        offset += Int(nameLength)
        guard bytes.count - offset == Int(count) * Int(dimensions) * 2 else { return nil }
        var vectors: [[Float]] = []
        vectors.reserveCapacity(Int(count))
        for _ in 0..<count {
            var vector = [Float]()
            vector.reserveCapacity(Int(dimensions))
            for _ in 0..<dimensions { vector.append(Float(Float16(bitPattern: read(UInt16.self)!))) }
            vectors.append(vector)
        }
        return StarterVectors(model: model, dimensions: Int(dimensions), textsHash: hash, vectors: vectors)
    }

    /// The Swift file that ships `self` as `StarterVectors.miniLMBase64` (written by `StarterVectorsTests` when
    /// `BEVGENIE_WRITE_STARTER_VECTORS=1`).
    public func swiftSource() -> String {
        """
        // Generated by StarterVectorsTests (BEVGENIE_WRITE_STARTER_VECTORS=1 swift test --filter StarterVectors):
        // the starter knowledge's chunk vectors by \(model), float16. Do not edit.
        extension StarterVectors {
            static let miniLMBase64 = "\(encoded())"
        }

        """
    }
}
