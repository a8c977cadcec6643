import ArgumentParser
import BevGenieCore
import Foundation

extension BevGenieCLI {
    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure the pipeline: per-stage and whole-run latency, in process and as a process.")

        func run() async throws {
            throw CommandFailure("not built yet")
        }
    }
}
