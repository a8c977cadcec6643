import Foundation
import Testing

/// What a person sees from the real binary: no escape codes when they are not wanted, help that fits 80 columns,
/// output files checked before the work, counts in the right number, an empty search refused.
@Suite struct CLIMessageTests {
    /// Runs `command` under a pseudo-terminal (util-linux `script`), so the binary sees a terminal on stdout and
    /// stderr exactly as a person's shell would give it. Waits on a thread of its own, as `bevgenie(_:)` does: a
    /// test blocked in `waitUntilExit` holds one of the two threads every other test in the process shares.
    func onTerminal(_ command: String, environment: [String: String]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try Self.onTerminalBlocking(command, environment: environment) })
            }
        }
    }

    private static func onTerminalBlocking(_ command: String, environment: [String: String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, "/dev/null"]
        var env = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "LANG": "C.UTF-8"]
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func noColorAndDumbTerminalsGetNoEscapeCodes() async throws {
        try await withTemporaryDirectory { dir in
            let command = "'\(bevgenieBinary)' ask 'How much does it cost?' --db '\(dir)/db' --no-cache"
            // A capable terminal does get them: the check below can fail.
            let colored = try await onTerminal(command, environment: ["TERM": "xterm-256color"])
            #expect(colored.contains("\u{1B}["), "a terminal should see the live progress line")
            for environment in [["TERM": "xterm-256color", "NO_COLOR": "1"], ["TERM": "dumb"]] {
                let plain = try await onTerminal(command, environment: environment)
                #expect(plain.contains("[100%] Done"), "\(environment): \(plain)")
                #expect(!plain.contains("\u{1B}"), "escape codes with \(environment)")
            }
        }
    }

    @Test func helpExamplesFitEightyColumns() async throws {
        for command in [["ask"], ["serve"], ["kb", "import"], ["kb", "search"], ["kb"], ["page", "render"], ["stats"],
                        ["bench", "pipeline"], ["session"], ["db", "vacuum"], []] {
            let help = try await bevgenie(["help"] + command)
            #expect(help.status == 0)
            guard let examples = help.stdout.range(of: "Examples:") else { continue }
            for line in help.stdout[examples.upperBound...].split(separator: "\n") {
                if line.hasPrefix("USAGE") || line.hasPrefix("OPTIONS") || line.hasPrefix("ARGUMENTS") { break }
                #expect(line.count <= 80, "bevgenie help \(command.joined(separator: " ")): \(line)")
            }
        }
    }

    @Test func outputFilesAreCheckedBeforeTheWorkWithAPlainMessage() async throws {
        try await withTemporaryDirectory { dir in
            let db = dir + "/db"
            let missing = try await bevgenie(["ask", "How much does it cost?", "--db", db, "--html", dir + "/no/page.html"])
            #expect(missing.status == 1)
            #expect(missing.stderr == "bevgenie: error: cannot write \(dir)/no/page.html: directory \(dir)/no does not exist\n")
            #expect(missing.stdout.isEmpty, "the pipeline ran before the check")

            let json = try await bevgenie(["ask", "How much does it cost?", "--db", db, "--format", "json"])
            let page = dir + "/page.json"
            try json.stdout.write(toFile: page, atomically: true, encoding: .utf8)
            let folder = try await bevgenie(["page", "render", page, "-o", dir])
            #expect(folder.status == 1)
            #expect(folder.stderr.hasPrefix("bevgenie: error: cannot write \(dir): it is a directory"))
            #expect(!folder.stderr.contains("NSCocoaErrorDomain"))
        }
    }

    @Test func theOutlineSaysWhereThePageWentAndCountsAreInTheRightNumber() async throws {
        try await withTemporaryDirectory { dir in
            let html = dir + "/page.html"
            let output = try await onTerminal(
                "'\(bevgenieBinary)' ask 'How much does it cost?' --db '\(dir)/db' --html '\(html)'",
                environment: ["TERM": "dumb"])
            #expect(output.contains("written as HTML to \(html)"))
            #expect(!output.contains("save it as HTML with --html"))
            #expect(FileManager.default.fileExists(atPath: html))
            let list = try await bevgenie(["session", "list", "--db", dir + "/db"])
            #expect(!list.stdout.contains("1 messages"))
            let show = try await bevgenie(["kb", "rm", "--source", "builtin:company-overview", "--db", dir + "/db"])
            #expect(show.stdout.contains("removed 1 document\n"), "\(show.stdout)")
        }
    }

    @Test func anEmptySearchIsRefused() async throws {
        try await withTemporaryDirectory { dir in
            for query in ["", "   "] {
                let result = try await bevgenie(["kb", "search", query, "--db", dir + "/db"])
                #expect(result.status == 2, "'\(query)'")
                #expect(result.stderr.contains("Missing what to search for"))
                #expect(result.stdout.isEmpty)
            }
        }
    }
}
