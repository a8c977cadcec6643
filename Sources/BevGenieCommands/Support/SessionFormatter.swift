import BevGenieCore
import Foundation

/// `session show` output.
enum SessionFormatter {
    static func text(_ session: SessionDetail) -> String {
        var out = "Session \(session.id)\n"
        out += "  started \(SessionDetail.iso(session.createdAt)), last active \(SessionDetail.iso(session.updatedAt)), "
            + "\(session.messages.count.counted("message"))\n\n"
        out += "Persona\n  role: \(session.persona.role?.rawValue ?? "unknown")\n"
        let scores = session.persona.painPoints.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
        if scores.isEmpty { out += "  no pain points detected yet\n" }
        for (painPoint, score) in scores {
            let bar = String(repeating: "█", count: Int((score * 20).rounded()))
            out += "  \(painPoint.rawValue.padding(toLength: 24, withPad: " ", startingAt: 0)) "
                + String(format: "%.2f ", score) + bar + "\n"
        }
        out += "\nSignals\n"
        if session.signals.isEmpty { out += "  none\n" }
        for signal in session.signals {
            let label = signal.kind == "role" ? "role \(signal.value)" : signal.value
            out += "  \(time(signal.createdAt))  \(label.padding(toLength: 24, withPad: " ", startingAt: 0)) "
                + String(format: "%.2f", signal.strength) + "  “\(signal.evidence)”\n"
        }
        out += "\nMessages\n"
        for message in session.messages {
            out += "  \(time(message.createdAt))  \(message.author.rawValue):\n"
            for line in message.content.split(separator: "\n", omittingEmptySubsequences: false) {
                out += "    \(line)\n"
            }
            if let type = message.pageType {
                out += "    [page: \(type)\(message.pageTitle.map { " — \($0)" } ?? "")]\n"
            }
        }
        return out
    }


    private static func time(_ seconds: Double) -> String {
        Date(timeIntervalSince1970: seconds).ISO8601Format(.iso8601.time(includingFractionalSeconds: false))
    }
}
