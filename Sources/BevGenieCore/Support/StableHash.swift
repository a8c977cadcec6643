/// FNV-1a, 64 bit: a stable fingerprint of text (content hashes, cache keys). Not cryptographic — it detects
/// change, it does not resist an adversary — and unlike `Hasher` it is the same in every process.
public enum StableHash {
    public static func value(_ text: String) -> UInt64 {
        continued(0xcbf2_9ce4_8422_2325, text)
    }

    /// The value of `prefix + text`, without building that string (the embedder hashes a tagged feature per word).
    public static func value(_ prefix: StaticString, _ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        prefix.withUTF8Buffer { bytes in
            for byte in bytes {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01B3
            }
        }
        return continued(hash, text)
    }

    private static func continued(_ start: UInt64, _ text: String) -> UInt64 {
        var hash = start
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }

    public static func hex(_ text: String) -> String {
        let hex = String(value(text), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
