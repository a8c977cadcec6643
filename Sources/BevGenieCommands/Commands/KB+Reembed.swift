import ArgumentParser
import BevGenieCore
import Foundation

extension BevGenieCLI.KB {
    struct Reembed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compute every chunk's vector again with another embedding model.",
            discussion: """
                A knowledge base holds vectors of one model; questions are embedded with the same one. Use this \
                after installing the sentence-embedding model (scripts/bootstrap), or to move to another model. \
                Without --embedder it uses the default: all-MiniLM-L6-v2 when it is installed, else the built-in \
                hashing embedder.

                All or nothing: vectors are computed first, then replaced in one transaction, so an interrupted \
                run leaves the old ones in place.

                Examples:
                  bevgenie kb reembed
                  bevgenie kb reembed --embedder builtin --db shop.db
                """)

        @OptionGroup var embedderOptions: EmbedderOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            var options = database.environmentOptions
            options.embedder = embedderOptions.embedder
                ?? EmbedderFactory.defaultEmbedder(environment: options.variables).model
            let environment = try await BevGenieEnvironment.open(options)
            let before = try await environment.store.embeddingModel()
            let started = ContinuousClock.now
            let live = Terminal.standardError.allowsEscapes
            let count = try await environment.store.reembed(with: environment.embedder) { progress in
                guard live else { return }
                Terminal.standardError.write("\r\u{1B}[2Kembedding \(progress.embedded)/\(progress.total) chunks")
            }
            if live { Terminal.standardError.write("\r\u{1B}[2K") }
            let seconds = (ContinuousClock.now - started).milliseconds / 1000
            let was = before.map { " (was \($0))" } ?? ""
            Terminal.standardOutput.write(
                "re-embedded \(count.counted("chunk")) with \(environment.embedder.model)\(was) in "
                    + String(format: "%.1f s", seconds) + "\n")
        }
    }
}
