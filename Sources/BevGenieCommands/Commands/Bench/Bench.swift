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
                """,
            subcommands: [Pipeline.self, KB.self, Serve.self],
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
