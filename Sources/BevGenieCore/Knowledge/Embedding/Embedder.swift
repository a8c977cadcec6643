/// Turns text into vectors for similarity search.
public protocol Embedder: Sendable {
    /// Identifies the vector space: vectors of different models are never compared (`builtin:hash256-v1`,
    /// `openai:text-embedding-3-small`).
    var model: String { get }
    var dimensions: Int { get }
    /// One L2-normalized vector per text, in order.
    func embed(_ texts: [String]) async throws -> [[Float]]
}

extension Embedder {
    public func embed(_ text: String) async throws -> [Float] {
        try await embed([text])[0]
    }
}

/// Vectors as stored in SQLite: float32, little-endian, back to back.
enum VectorBlob {
    static func encode(_ vector: [Float]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(vector.count * 4)
        for value in vector {
            let bits = value.bitPattern.littleEndian
            withUnsafeBytes(of: bits) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    static func decode(_ bytes: [UInt8], into destination: inout [Float]) {
        let count = bytes.count / 4
        bytes.withUnsafeBytes { raw in
            #if _endian(little)
            // Stored byte order is the machine's: copy the floats as they are.
            let start = destination.count
            destination.append(contentsOf: repeatElement(0, count: count))
            destination.withUnsafeMutableBytes { target in
                target.baseAddress!.advanced(by: start * 4).copyMemory(from: raw.baseAddress!, byteCount: count * 4)
            }
            #else
            for index in 0..<count {
                destination.append(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self))))
            }
            #endif
        }
    }
}
