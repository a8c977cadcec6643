import Foundation
import SentenceEmbedding
import Testing

/// The safetensors reader on files written here: a valid one, and each way a file can be truncated or corrupt.
@Suite struct SafeTensorsFileTests {
    /// A safetensors image: `header` as JSON, padded to 8 bytes, then `data`.
    static func image(header: String, data: [UInt8]) -> [UInt8] {
        var json = Array(header.utf8)
        while (json.count % 8) != 0 { json.append(UInt8(ascii: " ")) }
        var bytes: [UInt8] = []
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { bytes.append(contentsOf: $0) }
        return bytes + json + data
    }

    static func write(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "safetensors-test-\(UUID().uuidString).safetensors"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func floats(_ values: [Float]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
    }

    @Test func readsTensorsAndMetadata() throws {
        let header = #"{"__metadata__":{"format":"pt"},"b":{"dtype":"F32","shape":[3],"data_offsets":[16,28]},"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}"#
        let path = try Self.write(Self.image(header: header, data: Self.floats([1, 2, 3, 4, -1.5, 0, 7])))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try SafeTensorsFile(path: path)
        #expect(file.metadata == ["format": "pt"])
        #expect(try file.floats("a", shape: [2, 2]) == [1, 2, 3, 4])
        #expect(try file.floats("b") == [-1.5, 0, 7])
        #expect(throws: SentenceEmbeddingError.self) { try file.floats("a", shape: [4]) }
        #expect(throws: SentenceEmbeddingError.missingTensor(path: path, name: "c")) { try file.floats("c") }
    }

    @Test(arguments: [
        ("a file shorter than its header length", [UInt8](repeating: 0, count: 5), "shorter than the 8-byte header length"),
        ("a header length past the end", Array(image(header: "{}", data: []).prefix(9)), "beyond the end of the file"),
        ("a header that is not JSON", image(header: "not json", data: []), "not a JSON object"),
        ("a tensor past the end of the data (truncated)",
         image(header: #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, data: [0, 0, 0, 0]), "truncated"),
        ("a shape that disagrees with the byte range",
         image(header: #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,16]}}"#, data: [UInt8](repeating: 0, count: 16)), "needs 12 bytes"),
        ("a tensor entry without offsets", image(header: #"{"a":{"dtype":"F32","shape":[3]}}"#, data: []), "no dtype, shape or data_offsets"),
    ])
    func rejectsCorruptFiles(_ name: String, _ bytes: [UInt8], _ message: String) throws {
        let path = try Self.write(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try SafeTensorsFile(path: path)
            Issue.record("\(name) was accepted")
        } catch let error as SentenceEmbeddingError {
            #expect(error.description.contains(message), "\(name): \(error.description)")
            #expect(error.description.contains(path))
        }
    }

    @Test func missingFileIsAnError() {
        #expect(throws: SentenceEmbeddingError.self) { try SafeTensorsFile(path: "/nonexistent/model.safetensors") }
    }
}
