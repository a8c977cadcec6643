import Foundation

/// A `.safetensors` file: an 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape
/// and byte range, then the tensors' bytes back to back.
///
/// The file is mapped, not copied: the model's fp32 weights are used where they lie, so a tensor that is never
/// read (most rows of the 30,522-row word-embedding table) never becomes resident memory. Every offset is checked
/// against the file's size before use, so a truncated or corrupt file is an error, never an out-of-bounds read.
public struct SafeTensorsFile: Sendable {
    /// One tensor's entry in the header.
    public struct TensorInfo: Sendable, Equatable {
        public let dtype: String
        public let shape: [Int]
        /// Byte range inside the data section (after the header).
        public let dataRange: Range<Int>

        public var elementCount: Int { shape.reduce(1, *) }
    }

    public var path: String { file.path }
    public let tensors: [String: TensorInfo]
    public let metadata: [String: String]
    private let file: MappedFile
    private let dataStart: Int

    /// Maps the file and checks its header against the file's size; the tensors are read on demand.
    public init(path: String) throws {
        file = try MappedFile(path: path)
        let bytes = file.bytes
        guard bytes.count >= 8 else {
            throw SentenceEmbeddingError.corruptSafeTensors(path: path, reason: "\(bytes.count) bytes, shorter than the 8-byte header length")
        }
        let headerLength = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw SentenceEmbeddingError.corruptSafeTensors(
                path: path, reason: "header length \(headerLength) is beyond the end of the file (\(bytes.count) bytes); the file is truncated or not safetensors")
        }
        dataStart = 8 + Int(headerLength)
        let header = Data(UnsafeRawBufferPointer(rebasing: bytes[8..<dataStart]))
        guard let object = try? JSONSerialization.jsonObject(with: header) as? [String: Any] else {
            throw SentenceEmbeddingError.corruptSafeTensors(path: path, reason: "the header is not a JSON object")
        }
        let dataSize = bytes.count - dataStart
        var tensors: [String: TensorInfo] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in object {
            if name == "__metadata__" {
                for (key, item) in value as? [String: Any] ?? [:] { metadata[key] = item as? String ?? "\(item)" }
                continue
            }
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                  let shape = (entry["shape"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }),
                  let offsets = (entry["data_offsets"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }),
                  offsets.count == 2
            else {
                throw SentenceEmbeddingError.corruptSafeTensors(path: path, reason: "tensor '\(name)' has no dtype, shape or data_offsets")
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin >= 0, begin <= end, end <= dataSize else {
                throw SentenceEmbeddingError.corruptSafeTensors(
                    path: path, reason: "tensor '\(name)' spans bytes \(begin)..<\(end) but the data section has \(dataSize); the file is truncated")
            }
            let info = TensorInfo(dtype: dtype, shape: shape, dataRange: begin..<end)
            if let width = Self.byteWidth(dtype), info.elementCount * width != end - begin {
                throw SentenceEmbeddingError.corruptSafeTensors(
                    path: path, reason: "tensor '\(name)' of shape \(shape) (\(dtype)) needs \(info.elementCount * width) bytes, has \(end - begin)")
            }
            tensors[name] = info
        }
        self.tensors = tensors
        self.metadata = metadata
    }

    static func byteWidth(_ dtype: String) -> Int? {
        switch dtype {
        case "F64", "I64", "U64": return 8
        case "F32", "I32", "U32": return 4
        case "F16", "BF16", "I16", "U16": return 2
        case "I8", "U8", "BOOL": return 1
        default: return nil
        }
    }

    /// The float32 tensor `name`, checked to have `shape` (when given).
    public func info(_ name: String, float32Shape expected: [Int]? = nil) throws -> TensorInfo {
        guard let info = tensors[name] else {
            throw SentenceEmbeddingError.missingTensor(path: path, name: name)
        }
        guard info.dtype == "F32" else {
            throw SentenceEmbeddingError.corruptSafeTensors(path: path, reason: "tensor '\(name)' is \(info.dtype), expected F32")
        }
        if let expected, expected != info.shape {
            throw SentenceEmbeddingError.corruptSafeTensors(path: path, reason: "tensor '\(name)' has shape \(info.shape), expected \(expected)")
        }
        return info
    }

    /// The float32 tensor `name`, copied into an array (row-major, as stored).
    public func floats(_ name: String, shape expected: [Int]? = nil) throws -> [Float] {
        let info = try info(name, float32Shape: expected)
        var result = [Float](repeating: 0, count: info.elementCount)
        copyFloats(info, from: 0, count: info.elementCount, into: &result, at: 0)
        return result
    }

    /// The float32 tensor where it lies in the mapping, valid as long as this file (a copy of this value) lives;
    /// nil when the tensor is not 4-byte aligned there (then `floats` copies it).
    func mappedFloats(_ info: TensorInfo) -> UnsafePointer<Float>? {
        #if _endian(little)
        let address = file.bytes.baseAddress! + dataStart + info.dataRange.lowerBound
        guard Int(bitPattern: address) % MemoryLayout<Float>.alignment == 0 else { return nil }
        return address.assumingMemoryBound(to: Float.self)
        #else
        return nil
        #endif
    }

    /// Maps these tensors' pages in one go, before they are read whole.
    func populatePages(of infos: [TensorInfo]) {
        guard let first = infos.map(\.dataRange.lowerBound).min(), let last = infos.map(\.dataRange.upperBound).max() else { return }
        file.populate((dataStart + first)..<(dataStart + last))
    }

    /// Lets the pages of these tensors leave this process's resident memory (they are read again from the file
    /// if ever needed): for tensors already copied elsewhere.
    func releasePages(of infos: [TensorInfo]) {
        for info in infos { file.releasePages((dataStart + info.dataRange.lowerBound)..<(dataStart + info.dataRange.upperBound)) }
    }

    /// Copies `count` floats starting at element `first` of a tensor (checked by `info`) into `target[at...]`.
    /// Used for embedding-table rows, which are read from the mapping one token at a time.
    func copyFloats(_ info: TensorInfo, from first: Int, count: Int, into target: UnsafeMutablePointer<Float>) {
        precondition(first >= 0 && first + count <= info.elementCount, "tensor read out of range")
        let start = dataStart + info.dataRange.lowerBound + first * 4
        UnsafeMutableRawPointer(target).copyMemory(from: file.bytes.baseAddress! + start, byteCount: count * 4)
        #if !_endian(little)
        for index in 0..<count { target[index] = Float(bitPattern: UInt32(littleEndian: target[index].bitPattern)) }
        #endif
    }

    func copyFloats(_ info: TensorInfo, from first: Int, count: Int, into target: inout [Float], at offset: Int) {
        precondition(offset + count <= target.count, "tensor copy beyond its target")
        target.withUnsafeMutableBufferPointer { copyFloats(info, from: first, count: count, into: $0.baseAddress! + offset) }
    }
}
