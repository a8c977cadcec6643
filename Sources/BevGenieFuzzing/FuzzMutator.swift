import BevGenieCore
/// Derives new inputs from known ones the way coverage-guided fuzzers do (bit flips, byte edits, block copies,
/// dictionary tokens, splices of two inputs), from a seed, so every run can be replayed exactly.
public struct FuzzMutator: Sendable {
    private var state: UInt64
    public let maxLength: Int

    public init(seed: UInt64, maxLength: Int = 16_384) {
        self.state = seed
        self.maxLength = maxLength
    }

    /// SplitMix64: small, fast and good enough to drive mutations.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func below(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(next() % UInt64(bound)) }

    /// One to four mutations of `input`; `corpus` supplies splice partners, `dictionary` tokens.
    public mutating func mutate(_ input: [UInt8], corpus: [[UInt8]], dictionary: [[UInt8]]) -> [UInt8] {
        var bytes = input
        for _ in 0...below(4) {
            switch below(10) {
            case 0 where !bytes.isEmpty:  // flip a bit
                bytes[below(bytes.count)] ^= UInt8(1) << UInt8(below(8))
            case 1 where !bytes.isEmpty:  // set a byte, favouring ASCII
                bytes[below(bytes.count)] = below(4) == 0 ? UInt8(below(256)) : UInt8(32 + below(95))
            case 2:  // insert a byte
                bytes.insert(UInt8(below(256)), at: below(bytes.count + 1))
            case 3 where !bytes.isEmpty:  // delete a run
                let start = below(bytes.count)
                bytes.removeSubrange(start..<min(bytes.count, start + 1 + below(16)))
            case 4 where !bytes.isEmpty:  // copy a block elsewhere
                let start = below(bytes.count)
                let block = bytes[start..<min(bytes.count, start + 1 + below(32))]
                bytes.insert(contentsOf: block, at: below(bytes.count + 1))
            case 5, 6:  // insert or overwrite with a token (dictionaries are never empty)
                let token = dictionary[below(dictionary.count)]
                let at = below(bytes.count + 1)
                if below(2) == 0 || at + token.count > bytes.count {
                    bytes.insert(contentsOf: token, at: at)
                } else {
                    bytes.replaceSubrange(at..<(at + token.count), with: token)
                }
            case 7 where !corpus.isEmpty:  // splice with another input
                let other = corpus[below(corpus.count)]
                let cut = below(bytes.count + 1), otherCut = below(other.count + 1)
                bytes = Array(bytes[..<cut]) + other[otherCut...]
            case 8 where !bytes.isEmpty:  // truncate
                bytes.removeSubrange(below(bytes.count)...)
            default:  // repeat a block (long lines, deep nesting)
                guard !bytes.isEmpty else { bytes = [UInt8(below(256))]; break }
                let start = below(bytes.count)
                let block = bytes[start..<min(bytes.count, start + 1 + below(8))]
                let copies = Array(repeating: Array(block), count: 1 + below(64)).flatMap { $0 }
                bytes.insert(contentsOf: copies, at: start)
            }
        }
        return bytes.count > maxLength ? Array(bytes.prefix(maxLength)) : bytes
    }
}
