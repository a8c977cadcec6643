/// Random identifiers for sessions, runs and pages: hex from the system's secure generator, so ids cannot be
/// guessed from one another.
public enum RandomID {
    public static func hex(_ length: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        var out = ""
        out.reserveCapacity(length)
        let digits = Array("0123456789abcdef")
        for _ in 0..<length { out.append(digits[Int(generator.next() % 16)]) }
        return out
    }

    /// Whether `id` is acceptable as a caller-chosen session id: 1–64 letters, digits, `-` or `_`.
    public static func isValidSessionID(_ id: String) -> Bool {
        (1...64).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x5F
        }
    }
}
