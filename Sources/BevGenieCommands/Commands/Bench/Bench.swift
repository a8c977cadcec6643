import ArgumentParser
import BevGenieCore
import Foundation

extension BevGenieCLI {
    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Benchmarks: the pipeline's latency, the knowledge base's speed and quality.",
            discussion: """
                Figures are only meaningful from a release build: swift build -c release.

                Examples:
                  bevgenie bench pipeline
                  bevgenie bench kb --sizes 10000,100000
                  bevgenie bench embed
                """,
            subcommands: [Pipeline.self, KB.self, Serve.self, Providers.self, Embed.self, Intent.self, Quality.self],
            defaultSubcommand: Pipeline.self)
    }
}

/// Collected durations per stage name.
actor StageTimings {
    private var samples: [String: [Double]] = [:]
    func add(_ name: String, _ ms: Double) { samples[name, default: []].append(ms) }
    func values(_ name: String) -> [Double] { samples[name] ?? [] }
}

/// The value below which `fraction` of the samples fall (nearest rank).
func percentile(_ values: [Double], _ fraction: Double) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
    return sorted[min(max(rank, 0), sorted.count - 1)]
}

enum BevGenieBuild {
    #if DEBUG
    static let configuration = "debug"
    #else
    static let configuration = "release"
    #endif
}

/// What the bench commands share: running a helper program that answers with one JSON object, reading
/// comma-separated sizes, and printing aligned tables.
enum BenchSupport {
    /// Runs `arguments` through /usr/bin/env and returns the JSON object it prints.
    static func runJSON(_ arguments: [String], failure: String) throws -> [String: JSONValue] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, case .object(let pairs)? = try? JSONParser.parse(bytes: Array(data)) else {
            throw CommandFailure("\(failure) (exit \(process.terminationStatus))")
        }
        return Dictionary(pairs, uniquingKeysWith: { a, _ in a })
    }

    /// "10000,100000" → [10000, 100000]; nil unless every entry is a positive number.
    static func positiveList(_ text: String) -> [Int]? {
        let values = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
        return values.compactMap { $0 }
    }

    /// A table row: the first cell left-aligned, the others right-aligned.
    static func row(_ cells: [String], first: Int = 10, width: Int = 11) -> String {
        cells[0].padding(toLength: first, withPad: " ", startingAt: 0)
            + cells.dropFirst().map { String(repeating: " ", count: max(0, width - $0.count)) + $0 }.joined() + "\n"
    }
}

extension BevGenieEnvironment {
    /// The environment a benchmark measures: the same setup as `ask` and `serve` over `path`, with every stage on
    /// the local provider whatever keys the shell has.
    static func forBenchmark(path: String) async throws -> BevGenieEnvironment {
        var options = EnvironmentOptions(database: path)
        options.intentModel = "local"
        options.responseModel = "local"
        options.pageModel = "local"
        return try await open(options)
    }
}
