import Foundation
import Testing

/// The sentence-embedding model through the real binary: a new database uses it when it is installed (CI installs
/// it with scripts/bootstrap; without it this suite fails, naming the fix), and says how to get it when it is not.
@Suite struct EmbeddingModelCLITests {
    /// Where scripts/bootstrap installed the model (the default location of the real user running the tests).
    static let modelDirectory: String = {
        let environment = ProcessInfo.processInfo.environment
        if let directory = environment["BEVGENIE_MODEL_DIR"], !directory.isEmpty { return directory }
        let dataHome = environment["XDG_DATA_HOME"] ?? (NSHomeDirectory() + "/.local/share")
        return dataHome + "/bevgenie/models/all-MiniLM-L6-v2"
    }()

    @Test func aNewDatabaseIsEmbeddedWithTheModelWhenItIsInstalled() async throws {
        try #require(
            FileManager.default.fileExists(atPath: Self.modelDirectory + "/model.safetensors"),
            "the embedding model is not installed at \(Self.modelDirectory): run scripts/bootstrap")
        try await withTemporaryDirectory { dir in
            let db = dir + "/db"
            let environment = ["BEVGENIE_MODEL_DIR": Self.modelDirectory]
            let ask = try await bevgenie(["ask", "What does it cost?", "--db", db], environment: environment)
            #expect(ask.status == 0, "\(ask.stderr)")
            #expect(!ask.stderr.contains("note:"), "\(ask.stderr)")
            let stats = try await bevgenie(["kb", "stats", "--db", db, "--format", "json"], environment: environment)
            #expect(stats.stdout.contains("minilm:all-MiniLM-L6-v2"), "\(stats.stdout)")
            // A paraphrase with none of the document's words still finds it by meaning.
            let search = try await bevgenie(
                ["kb", "search", "what do your subscriptions run per month", "--mode", "vector", "-k", "3",
                 "--format", "ndjson", "--db", db], environment: environment)
            #expect(search.status == 0, "\(search.stderr)")
            #expect(search.stdout.contains("pricing"), "\(search.stdout)")
        }
    }

    @Test func everyCommandThatCreatesTheDatabaseUsesTheModel() async throws {
        try #require(
            FileManager.default.fileExists(atPath: Self.modelDirectory + "/model.safetensors"),
            "the embedding model is not installed at \(Self.modelDirectory): run scripts/bootstrap")
        try await withTemporaryDirectory { dir in
            let environment = ["BEVGENIE_MODEL_DIR": Self.modelDirectory]
            // `db init` and a command that needs no embedder (`kb list`) create it too: the starter they seed
            // must carry the model's vectors, or the first `ask` would be told to re-embed.
            for (name, command) in [("init", ["db", "init"]), ("list", ["kb", "list"])] {
                let db = dir + "/" + name + ".db"
                let created = try await bevgenie(command + ["--db", db], environment: environment)
                #expect(created.status == 0, "\(created.stderr)")
                let stats = try await bevgenie(["kb", "stats", "--db", db, "--format", "json"], environment: environment)
                #expect(stats.stdout.contains("minilm:all-MiniLM-L6-v2"), "\(name): \(stats.stdout)")
                let ask = try await bevgenie(["ask", "What does it cost?", "--db", db], environment: environment)
                #expect(!ask.stderr.contains("note:"), "\(name): \(ask.stderr)")
            }
        }
    }

    @Test func withoutTheModelAskSaysHowToGetIt() async throws {
        try await withTemporaryDirectory { dir in
            let ask = try await bevgenie(
                ["ask", "What does it cost?", "--db", dir + "/db"], environment: ["BEVGENIE_MODEL_DIR": dir + "/none"])
            #expect(ask.status == 0)
            #expect(ask.stderr.components(separatedBy: "note:").count == 2, "said once: \(ask.stderr)")
            #expect(ask.stderr.contains("scripts/bootstrap"))
            #expect(ask.stderr.contains("kb reembed"))
        }
    }
}
