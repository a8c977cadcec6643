import Foundation
import Testing

/// man/bevgenie.1 is generated from the command's help (scripts/generate-manual); this keeps it from going stale.
@Suite struct ManPageTests {
    @Test func theManPageDocumentsEveryCommandAndOption() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let manual = try String(contentsOf: root.appendingPathComponent("man/bevgenie.1"), encoding: .utf8)
        let dump = try await bevgenie(["--experimental-dump-help"])
        #expect(dump.status == 0)
        let help = try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as! [String: Any]
        let flagLines = manual.split(separator: "\n").filter { $0.hasPrefix(".It Fl") || $0.hasPrefix(".Op Fl") }
        var missing: [String] = []
        func visit(_ command: [String: Any], path: [String]) {
            let name = command["commandName"] as! String
            let fullPath = path + [name]
            if !path.isEmpty, !manual.contains(name) { missing.append(fullPath.joined(separator: " ")) }
            if let abstract = command["abstract"] as? String, !manual.contains(abstract) {
                missing.append("\(fullPath.joined(separator: " ")): abstract '\(abstract)'")
            }
            // Hidden arguments (a benchmark's child-process flag) are not for users: neither help nor the page shows them.
            for argument in command["arguments"] as? [[String: Any]] ?? [] where argument["shouldDisplay"] as? Bool != false {
                for names in argument["names"] as? [[String: Any]] ?? [] where names["kind"] as? String == "long" {
                    let flag = names["name"] as! String
                    if !flagLines.contains(where: { $0.contains("-\(flag) ") || $0.hasSuffix("-\(flag)") }) { missing.append("\(fullPath.joined(separator: " ")) --\(flag)") }
                }
            }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] where sub["commandName"] as? String != "help" {
                visit(sub, path: fullPath)
            }
        }
        visit(help["command"] as! [String: Any], path: [])
        #expect(missing.isEmpty, "man/bevgenie.1 is stale (run scripts/generate-manual): \(missing)")
    }
}
