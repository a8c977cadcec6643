import ArgumentParser
import BevGenieCore
import Foundation

extension BevGenieCLI {
    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Analytics from recorded runs: stage latency and errors, intents, pages, pain points, cache.",
            discussion: """
                Per stage p50/p95/p99 duration and error rate, intents and page types served, the pain points \
                detected most (by role and by day) and the page cache's hit rate, over a window ending now.

                Examples:
                  bevgenie stats
                  bevgenie stats --since 30d --format json | jq .stages
                """)

        @Option(help: "The window: how far back from now (30m, 12h, 7d, 2w).")
        var since = TimeSpan(argument: "7d")!

        @Option(help: "Output: text or json.")
        var format: ListFormat = .text

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let store = try await database.openStore()
            let now = Date().timeIntervalSince1970
            let report = try await store.analytics(since: now - since.seconds, until: now + 1)
            let out = Terminal.standardOutput
            if format != .text {
                out.write(report.json.prettySerialized() + "\n")
                return
            }
            out.write("Last \(since.text): \(report.runs.counted("run")), \(report.failedRuns) failed\n\n")
            out.write("Stage        runs   errors   p50 ms   p95 ms   p99 ms\n")
            for stage in report.stages {
                out.write(stage.stage.padding(toLength: 10, withPad: " ", startingAt: 0)
                    + String(format: "%7d %7.1f%% %8.2f %8.2f %8.2f\n", stage.count, stage.errorRate * 100, stage.p50, stage.p95, stage.p99))
            }
            out.write("\nIntents     " + Self.list(report.intents) + "\n")
            out.write("Page types  " + Self.list(report.pageTypes) + "\n")
            out.write(String(format: "Page cache  %d hits, %d misses (%.0f%% hit rate)\n\n", report.cacheHits, report.cacheMisses, report.cacheHitRate * 100))
            out.write("Pain points by role\n")
            if report.painPointsByRole.isEmpty { out.write("  none detected\n") }
            for entry in report.painPointsByRole.prefix(15) {
                out.write("  " + entry.role.padding(toLength: 12, withPad: " ", startingAt: 0)
                    + entry.painPoint.padding(toLength: 25, withPad: " ", startingAt: 0)
                    + String(format: "%5d signals, strength %.2f\n", entry.signals, entry.averageStrength))
            }
            if !report.painPointsByDay.isEmpty {
                out.write("\nPain points by day\n")
                var days: [String: [String]] = [:]
                for entry in report.painPointsByDay { days[entry.day, default: []].append("\(entry.painPoint) \(entry.signals)") }
                for day in days.keys.sorted() { out.write("  \(day)  \(days[day]!.joined(separator: ", "))\n") }
            }
        }

        static func list(_ counts: [String: Int]) -> String {
            counts.isEmpty ? "none" : counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }
                .joined(separator: ", ")
        }
    }

    struct Persona: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Explain a visitor's persona.", subcommands: [Show.self])

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Explain each pain-point score of a session with the signals and evidence behind it.",
                discussion: """
                    Scores combine each message's signals (s + strength × (1 − s)) after decaying earlier scores \
                    (×0.85 per message, halving every 14 days). The score shown "now" includes the time since the \
                    last message.
                    """)

            @Argument(help: "The session id.")
            var id: String

            @OptionGroup var database: DatabaseOptions

            func run() async throws {
                let store = try await database.openStore()
                guard let session = try await store.session(id: id) else { throw CommandFailure("no session with id '\(id)'") }
                let out = Terminal.standardOutput
                let policy = PersonaPolicy()
                let now = Date()
                let elapsed = session.persona.updatedAt.map { now.timeIntervalSince($0) } ?? 0
                let timeDecay = pow(0.5, max(0, elapsed) / policy.halfLife)
                out.write("Session \(session.id): role \(session.persona.role?.rawValue ?? "unknown")")
                if let evidence = session.signals.last(where: { $0.kind == "role" }) {
                    out.write(" (from “\(evidence.evidence.forTerminal)”)")
                }
                out.write("\n")
                let scores = session.persona.painPoints.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
                if scores.isEmpty { out.write("No pain points detected yet.\n") }
                for (painPoint, score) in scores {
                    out.write("\n\(painPoint.rawValue): " + String(format: "%.2f", score)
                        + String(format: " after the last message, %.2f now\n", score * timeDecay))
                    for signal in session.signals where signal.kind == "pain_point" && signal.value == painPoint.rawValue {
                        out.write("  " + Date(timeIntervalSince1970: signal.createdAt).ISO8601Format()
                            + String(format: "  strength %.2f  ", signal.strength) + "“\(signal.evidence.forTerminal)”\n")
                    }
                }
            }
        }
    }

    struct DB: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "db", abstract: "Database maintenance.", subcommands: [Init.self, Vacuum.self, Copy.self])

        struct Vacuum: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Drop runs, their event logs and signals older than a time span, then compact the file.",
                discussion: """
                    Sessions, messages and persona scores stay; only the history analytics are computed from goes, \
                    and the event logs streamed runs are resumed from (bevgenie runs show).

                    Example:
                      bevgenie db vacuum --older-than 90d
                    """)

            @Option(help: "Age beyond which runs and signals go (90d, 12w...).")
            var olderThan: TimeSpan

            @OptionGroup var database: DatabaseOptions

            func run() async throws {
                let store = try await database.openStore()
                let cutoff = Date().timeIntervalSince1970 - olderThan.seconds
                let (runs, signals) = try await store.dropHistory(olderThan: cutoff)
                let logs = try await (store as? any RunEventStore)?.dropRunEvents(olderThan: cutoff) ?? 0
                try await store.compact()
                Terminal.standardOutput.write(
                    "dropped \(runs.counted("run")), \(logs.counted("run event log")) and \(signals.counted("signal")) older than \(olderThan.text)\n")
            }
        }
    }
}
