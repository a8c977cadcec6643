import BevGenieCore
import Foundation
import Testing

/// Where the CLI looks for the model, and what it says when the model is not there.
@Suite struct ModelLocationTests {
    @Test func resolutionOrder() throws {
        let home = NSTemporaryDirectory() + "model-location-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: home) }
        var environment = ["HOME": home]
        #expect(ModelLocation.resolve(environment: environment)
            == ModelLocation(directory: home + "/.local/share/bevgenie/models/all-MiniLM-L6-v2", source: .standard))
        environment["XDG_DATA_HOME"] = "/data"
        #expect(ModelLocation.resolve(environment: environment).directory == "/data/bevgenie/models/all-MiniLM-L6-v2")
        try FileManager.default.createDirectory(atPath: home + "/.config/bevgenie", withIntermediateDirectories: true)
        try Data(#"{"embedding": {"modelDir": "/from/config"}}"#.utf8).write(to: URL(fileURLWithPath: home + "/.config/bevgenie/config.json"))
        #expect(ModelLocation.resolve(environment: environment) == ModelLocation(directory: "/from/config", source: .config))
        environment["BEVGENIE_MODEL_DIR"] = "/from/env/"
        #expect(ModelLocation.resolve(environment: environment) == ModelLocation(directory: "/from/env", source: .environment))
        #expect(ModelLocation.resolve(explicit: "/from/flag", environment: environment)
            == ModelLocation(directory: "/from/flag", source: .option))
    }

    @Test func incompleteDirectoryNamesTheFileAndTheFix() throws {
        let directory = NSTemporaryDirectory() + "model-location-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for file in ["config.json", "vocab.txt", "tokenizer_config.json"] {
            FileManager.default.createFile(atPath: directory + "/" + file, contents: Data("{}".utf8))
        }
        let location = ModelLocation(directory: directory, source: .standard)
        #expect(location.missingFiles == ["model.safetensors"])
        do {
            _ = try MiniLMEmbedder(location: location)
            Issue.record("an incomplete directory was accepted")
        } catch {
            #expect(error.description.contains(directory + "/model.safetensors is missing"))
            #expect(error.description.contains("scripts/bootstrap"))
        }
        #expect(throws: ModelLocation.Failure.self) {
            try EmbedderFactory.make("minilm", environment: ["BEVGENIE_MODEL_DIR": directory])
        }
    }
}
