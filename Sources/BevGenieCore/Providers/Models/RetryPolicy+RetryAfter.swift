import Foundation

extension RetryPolicy {
    /// A provider's requested wait: `retry-after` as seconds (`"7"`, `"0.5"`) or an HTTP date, and
    /// `retry-after-ms` (OpenAI's, in milliseconds) when the value came from it (transports store it as seconds).
    /// nil when absent, negative or unreadable.
    public static func parseRetryAfter(_ value: String?) -> Duration? {
        guard let text = value?.trimmed(), !text.isEmpty else { return nil }
        if let seconds = Double(text) {
            return seconds >= 0 && seconds.isFinite ? .milliseconds(Int((seconds * 1000).rounded())) : nil
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        let seconds = max(0, date.timeIntervalSinceNow)
        return .milliseconds(Int((seconds * 1000).rounded()))
    }

    /// The wait a response asks for: `retry-after-ms` when present and readable (it is the precise one),
    /// else `retry-after`; as the seconds string `ModelError.retryAfter` holds.
    static func requestedWait(_ head: HTTPResponseHead) -> String? {
        if let ms = head.header("retry-after-ms").flatMap({ Double($0.trimmed()) }), ms >= 0, ms.isFinite {
            return String(ms / 1000)
        }
        return head.header("retry-after")
    }
}
