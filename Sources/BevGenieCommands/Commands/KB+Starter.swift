import ArgumentParser
import BevGenieCore

extension BevGenieCLI.KB {
    struct RestoreStarter: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore-starter",
            abstract: "Put the built-in starter (demo) documents back beside your own.",
            discussion: """
                Undoes what `kb import` does to the demo documents the first time you import your own knowledge. \
                Later imports into this database keep them (the same as --keep-starter); remove them again with \
                `bevgenie kb rm --source builtin:`. Use the same --embedder as your imports.

                Examples:
                  bevgenie kb restore-starter
                  bevgenie kb restore-starter --db shop.db --embedder openai:text-embedding-3-small
                """)

        @OptionGroup var embedderOptions: EmbedderOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let environment = try await embedderOptions.environment(database)
            let store = environment.store
            let restored: Int
            do {
                restored = try await StarterKnowledge.install(into: store, embedder: environment.embedder)
            } catch let error as StoreWriteError {
                throw CommandFailure(error.description)
            }
            try await store.setKeepsStarter(true)
            try await store.optimizeSearchIndex()
            let total = try await StarterKnowledge.storedIds(in: store).count
            Terminal.standardOutput.write(
                "restored \(restored) starter documents (\(total) in the knowledge base); later imports keep them\n")
        }
    }
}
