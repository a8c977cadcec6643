import Foundation

/// Vectors of fixed texts for a model other than the built-in embedder, computed once and shipped in the binary:
/// the starter knowledge's chunks (a new database embedded with the model is ready at once; embedding the 39
/// starter documents takes seconds) and the intent classifier's exemplars (without them every `ask` process would
/// embed 143 sentences before its first stage).
///
/// Stored as float16 (the starter's vectors lose nothing a search can see: cosine ≥ 0.9999 to the float32 ones)
/// behind a hash of the text they were computed from: when the starter's text changes and the vectors were not
/// recomputed, they are not used (the store then seeds with the built-in embedder) and `ShippedVectorsTests`
/// fails with the command that regenerates them.
public struct ShippedVectors: Sendable {
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

    /// The shipped starter vectors for `model`, when there are any.
    public static func shipped(for model: String) -> ShippedVectors? {
        model == MiniLMEmbedder.modelName ? miniLM : nil
    }

    /// The shipped vectors of `texts` (in order) for `model`, when there are vectors made from exactly them.
    public static func exemplars(for model: String, texts: [String]) -> [[Float]]? {
        guard model == MiniLMEmbedder.modelName, let shipped = miniLMExemplars, shipped.textsHash == hash(of: texts),
            shipped.vectors.count == texts.count
        else { return nil }
        return shipped.vectors
    }

    private static let miniLM: ShippedVectors? = decode(base64: miniLMBase64)
    private static let miniLMExemplars: ShippedVectors? = decode(base64: miniLMExemplarsBase64)

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

    public static func decode(base64: String) -> ShippedVectors? {
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
        return ShippedVectors(model: model, dimensions: Int(dimensions), textsHash: hash, vectors: vectors)
    }

    /// The Swift file that ships the starter's and the exemplars' vectors (written by `ShippedVectorsTests` when
    /// `BEVGENIE_WRITE_STARTER_VECTORS=1`).
    public static func swiftSource(starter: ShippedVectors, exemplars: ShippedVectors) -> String {
        """
        // Generated by ShippedVectorsTests (BEVGENIE_WRITE_STARTER_VECTORS=1 swift test --filter ShippedVectors):
        // the starter knowledge's chunk vectors and the intent exemplars' vectors by \(starter.model), float16.
        // Do not edit.
        extension ShippedVectors {
            static let miniLMBase64 = "\(starter.encoded())"

            static let miniLMExemplarsBase64 = "\(exemplars.encoded())"
        }

        """
    }
}
