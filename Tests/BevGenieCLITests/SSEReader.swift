import Foundation

/// A Server-Sent Events parser written for the tests from the WHATWG specification, independent of anything in
/// bevgenie: it is what checks that bevgenie's framing is what a browser's EventSource would read.
struct SSEReader {
    struct Event: Equatable {
        var event: String
        var data: String
        var id: String?
    }

    /// Parses a complete stream. Also returns every line that is not a field, comment or blank (there should be none).
    static func parse(_ text: String) -> (events: [Event], strayLines: [String], comments: [String]) {
        var events: [Event] = []
        var stray: [String] = []
        var comments: [String] = []
        var eventType = ""
        var dataLines: [String] = []
        var lastId: String?
        var sawField = false
        // Lines end with CRLF, LF or CR.
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var lines = normalized.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        for line in lines {
            if line.isEmpty {
                if sawField, !dataLines.isEmpty {
                    events.append(Event(event: eventType.isEmpty ? "message" : eventType,
                                        data: dataLines.joined(separator: "\n"), id: lastId))
                }
                eventType = ""
                dataLines = []
                sawField = false
                continue
            }
            if line.hasPrefix(":") {
                comments.append(String(line.dropFirst()))
                continue
            }
            let field: Substring
            var value: Substring
            if let colon = line.firstIndex(of: ":") {
                field = line[..<colon]
                value = line[line.index(after: colon)...]
                if value.hasPrefix(" ") { value = value.dropFirst() }
            } else {
                field = Substring(line)
                value = ""
            }
            sawField = true
            switch field {
            case "event": eventType = String(value)
            case "data": dataLines.append(String(value))
            case "id": if !value.contains("\0") { lastId = String(value) }
            case "retry": break
            default: stray.append(line)
            }
        }
        return (events, stray, comments)
    }
}
