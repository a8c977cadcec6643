import Foundation

extension StringProtocol {
    /// Whether `other` occurs in the text, compared byte for byte in UTF-8.
    ///
    /// Why this exists: with Foundation imported, `text.contains("…")` resolves to Foundation's
    /// `contains<T: StringProtocol>(_:)`, which bridges both strings to `NSString` and runs `CFStringFind` over
    /// UTF-16 copies. The local answer and page builders make thousands of such calls per question (a phrase
    /// against the page's text so far, a cue word against a sentence); under `perf` on `bench pipeline` those calls
    /// were 12 % of the pipeline's CPU. This overload is more specific than Foundation's (a `String` argument, not
    /// any `StringProtocol`), so every such call in this module uses it.
    ///
    /// It keeps Foundation's answer for an empty `other` (false), and differs only for text that is canonically
    /// equivalent but encoded differently ("é" as one scalar or as "e" plus an accent), which Foundation matches and
    /// this does not; the knowledge base keeps text as it was written, and both sides of every call here come from it.
    func contains(_ other: String) -> Bool {
        guard !other.isEmpty else { return false }
        var needle = other
        return needle.withUTF8 { needleBytes in
            if let found = utf8.withContiguousStorageIfAvailable({ Self.occurs(needleBytes, in: $0) }) { return found }
            var copy = String(self)
            return copy.withUTF8 { Self.occurs(needleBytes, in: $0) }
        }
    }

    private static func occurs(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        guard needle.count <= haystack.count, let start = haystack.baseAddress, let pattern = needle.baseAddress else {
            return false
        }
        // memchr finds each candidate first byte, memcmp checks the rest (Glibc's memmem is not exported to Swift).
        let last = haystack.count - needle.count
        var offset = 0
        while offset <= last {
            guard let candidate = memchr(start + offset, Int32(pattern.pointee), last - offset + 1) else { return false }
            if memcmp(candidate, pattern, needle.count) == 0 { return true }
            offset = UnsafeRawPointer(start).distance(to: UnsafeRawPointer(candidate)) + 1
        }
        return false
    }
}
