import BevGenieCore
import Foundation
import SentenceEmbedding

extension BevGenieCLI.Bench.Pipeline {
    /// Where a `bevgenie ask` process's time goes (issue 16, "Start-up"): the process itself and the Swift runtime
    /// (`bevgenie --version`, which does nothing else), loading the model (a fresh load, as each process does),
    /// opening the database (store + schema check + embedder choice, the model already loaded), one pipeline run
    /// in process, and the rest (argument parsing, first-use costs of the runtime, writing the events), which is
    /// what is left of the whole process's p50.
    func startupSplit(database: String, askP50: Double, pipelineP50: Double, out: Terminal) async throws {
        let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let runs = max(processRuns, 5)
        var version: [Double] = []
        for _ in 0..<runs { version.append(try Self.time(binary, ["--version"])) }
        var model: [Double] = []
        var open: [Double] = []
        let location = ModelLocation.resolve()
        let haveModel = (try? location.check()) != nil
        for _ in 0..<min(runs, 10) {
            if haveModel {
                let started = ContinuousClock.now
                _ = try SentenceEmbeddingModel(directory: location.directory)
                model.append((ContinuousClock.now - started).milliseconds)
            }
            let started = ContinuousClock.now
            _ = try await BevGenieEnvironment.forBenchmark(path: database)
            open.append((ContinuousClock.now - started).milliseconds)
        }
        let modelLabel = haveModel
            ? "model load (vocabulary, weights in \(BertEncoder.Precision.preferred.rawValue))" : "model load (not installed)"
        let modelP50: Double = model.isEmpty ? 0 : percentile(model, 0.5)
        let parts: [(String, Double)] = [
            ("process + Swift runtime (bevgenie --version)", percentile(version, 0.5)),
            (modelLabel, modelP50),
            ("database open + schema check + embedder", percentile(open, 0.5)),
            ("one pipeline run (in process p50)", pipelineP50),
        ]
        out.write("Where `bevgenie ask` spends its \(Self.format(askP50)) ms (p50s)\n")
        for (name, ms) in parts { out.write(BenchSupport.row([name, Self.format(ms)], first: 52, width: 10)) }
        let rest = askP50 - parts.map(\.1).reduce(0, +)
        out.write(BenchSupport.row(["the rest (argument parsing, first use, output)", Self.format(rest)], first: 52, width: 10))
        out.write(String(format: "load average %@\n", BevGenieCLI.Bench.Embed.loadAverage()))
    }
}
