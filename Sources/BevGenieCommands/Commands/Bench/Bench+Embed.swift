import ArgumentParser
import BevGenieCore
import Foundation
import SentenceEmbedding

extension BevGenieCLI.Bench {
    struct Embed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "embed",
            abstract: "Measure the in-process embedding model (all-MiniLM-L6-v2) against the Python reference.",
            discussion: """
                Times the model load, one 20-word question at a time (p50/p99, what `ask` pays per question) and \
                batches of ~80-word chunks of the starter knowledge (chunks/s, what `kb import` pays), and reads \
                the process's resident memory before and after loading the model. Then runs the peer on the \
                same cores, in the same run: sentence-transformers on PyTorch when the chosen Python has it, else \
                a numpy forward pass over the same files (scripts/peer_embed_bench.py), and prints the ratios. \
                With PyTorch the peer also measures int8 (dynamic quantisation). When the reference fixture is \
                there, it also prints how close this build's vectors are to it.

                The linear layers run in bfloat16 where the CPU has AVX-512 BF16, with bfloat16 weights and \
                float32 activations where it has AVX2 and FMA, else in float32 through OpenBLAS; then the float32 \
                path is measured too, in the same run, with its ratio. --precision picks one.

                The model is looked up as everywhere else (--model-dir, BEVGENIE_MODEL_DIR, the config file, \
                ~/.local/share/bevgenie/models/all-MiniLM-L6-v2); scripts/bootstrap installs it.

                Examples:
                  bevgenie bench embed
                  bevgenie bench embed --python /tmp/refvenv/bin/python --iterations 500
                  bevgenie bench embed --threads 1 --no-peer
                  bevgenie bench embed --precision float32 --no-peer
                """)

        @Option(help: ArgumentHelp("The model directory (default: as `bevgenie models` shows).", valueName: "path"))
        var modelDir: String?

        @Option(help: "Single-question runs (after a warm-up).")
        var iterations = 200

        @Option(help: "Chunks in the throughput run.")
        var chunks = 256

        @Option(help: "Threads for the matrix products, here and in the peer (default: one per core).")
        var threads: Int?

        @Option(help: "Most tokens per forward pass in the throughput run (the model's default: 1024).")
        var batchTokens: Int?

        @Option(help: ArgumentHelp("The peer's script.", valueName: "file"))
        var peerScript = "scripts/peer_embed_bench.py"

        @Option(help: "The Python interpreter for the peer.")
        var python = "python3"

        @Option(help: ArgumentHelp("The reference fixture to compare vectors with.", valueName: "file"))
        var fixture = "Tests/SentenceEmbeddingTests/Fixtures/reference_embeddings.json"

        @Flag(help: "Skip the peer.")
        var noPeer = false

        @Option(help: ArgumentHelp("Only this precision of the linear layers: bfloat16, bfloat16-weights or float32 (default: the best this CPU runs, then float32 beside it).", valueName: "precision"))
        var precision: String?

        /// Twenty words, as a visitor would type them.
        static let question =
            "Which of our distributors are falling behind on new placements in Texas this quarter, and what should our reps do?"

        func validate() throws {
            guard iterations > 0 else { throw ValidationError("--iterations must be at least 1") }
            guard chunks > 0 else { throw ValidationError("--chunks must be at least 1") }
            if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
            if let batchTokens, batchTokens < 1 { throw ValidationError("--batch-tokens must be at least 1") }
            if let precision {
                guard let chosen = BertEncoder.Precision(rawValue: precision) else {
                    throw ValidationError("--precision must be bfloat16, bfloat16-weights or float32, not '\(precision)'")
                }
                guard chosen.isAvailable else {
                    throw ValidationError("this CPU cannot run --precision \(precision) (bfloat16 needs AVX-512 BF16, bfloat16-weights AVX2 and FMA)")
                }
            }
        }

        func run() async throws {
            let location = ModelLocation.resolve(explicit: modelDir)
            do {
                try location.check()
            } catch {
                throw CommandFailure(error.description)
            }
            let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
            let out = Terminal.standardOutput
            out.write("bevgenie bench embed — \(BevGenieBuild.configuration) build, OpenBLAS \(BLASThreads.coreName) kernels"
                + (ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"].map { " (OPENBLAS_CORETYPE=\($0))" } ?? "") + ", "
                + "\(threadCount) of \(ProcessInfo.processInfo.activeProcessorCount) cores\n")
            out.write("model: \(location.directory)\n\n")

            let chunkTexts = Self.chunks(count: chunks)
            let chosen = precision.flatMap(BertEncoder.Precision.init(rawValue:)) ?? .preferred
            let rssWithout = ResidentMemory.now().total
            let loadStart = ContinuousClock.now
            var model = try SentenceEmbeddingModel(directory: location.directory, precision: chosen)
            model.parallelism = threadCount
            let loadMs = (ContinuousClock.now - loadStart).milliseconds
            let rssLoaded = ResidentMemory.now().total

            for _ in 0..<10 { _ = model.embed([Self.question]) }
            var samples: [Double] = []
            let cpuStart = Self.processCPUMilliseconds()
            for _ in 0..<iterations {
                let start = ContinuousClock.now
                _ = model.embed([Self.question])
                samples.append((ContinuousClock.now - start).milliseconds)
            }
            let questionCPU = (Self.processCPUMilliseconds() - cpuStart) / Double(iterations)
            if let batchTokens { model.batchTokenBudget = batchTokens }
            _ = model.embed(Array(chunkTexts.prefix(8)))
            let batchStart = ContinuousClock.now
            let batchCPUStart = Self.processCPUMilliseconds()
            let vectors = model.embed(chunkTexts)
            let chunksPerSecond = Double(vectors.count) / ((ContinuousClock.now - batchStart).milliseconds / 1000)
            let chunkCPU = (Self.processCPUMilliseconds() - batchCPUStart) / Double(vectors.count)
            let rssUsed = ResidentMemory.now().total
            let questionTokens = model.tokenize(Self.question).count
            let chunkTokens = chunkTexts.map { model.tokenize($0).count }.reduce(0, +) / chunkTexts.count

            out.write("linear layers in \(chosen.rawValue) (\(chosen.kernelDescription))\n")
            out.write("question: \(Self.question.split(separator: " ").count) words, \(questionTokens) tokens; "
                + "chunks: \(chunkTexts.count) of ~80 words, \(chunkTokens) tokens on average\n")
            if let closeness = try referenceCloseness(model) { out.write(closeness + "\n") }
            out.write("\n")

            var peer: [String: JSONValue] = [:]
            if !noPeer { peer = try runPeer(directory: location.directory, chunks: chunkTexts, threads: threadCount, out: out) }
            let have = !peer.isEmpty
            func peerValue(_ key: String) -> Double? { peer[key]?.doubleValue }
            func cell(_ value: Double?, _ format: String = "%.1f") -> String { value.map { String(format: format, $0) } ?? "-" }

            out.write(BenchSupport.row(["", "bevgenie", "peer"], first: 26, width: 12).dropLast() + "   ratio\n")
            func line(_ name: String, _ ours: Double, _ key: String, higherIsBetter: Bool, format: String = "%.1f") {
                let theirs = peerValue(key)
                var ratio = "-"
                if let theirs, ours > 0, theirs > 0 {
                    let factor = higherIsBetter ? ours / theirs : theirs / ours
                    ratio = String(format: "%.2fx %@", factor, factor >= 1 ? "better" : "worse")
                }
                out.write(BenchSupport.row([name, cell(ours, format), cell(theirs, format)], first: 26, width: 12) .dropLast() + "   " + ratio + "\n")
            }
            line("model load (ms)", loadMs, "load_ms", higherIsBetter: false)
            line("question p50 (ms)", percentile(samples, 0.5), "question_p50_ms", higherIsBetter: false, format: "%.2f")
            line("question p99 (ms)", percentile(samples, 0.99), "question_p99_ms", higherIsBetter: false, format: "%.2f")
            line("chunks/s (~80 words)", chunksPerSecond, "chunks_per_s", higherIsBetter: true)
            line("RSS without model (MB)", rssWithout, "rss_without_model_mb", higherIsBetter: false, format: "%.0f")
            line("RSS with model (MB)", rssUsed, "rss_with_model_mb", higherIsBetter: false, format: "%.0f")
            out.write(String(format: "\nbevgenie RSS: %.0f MB without the model, %.0f MB just loaded, %.0f MB after use (+%.0f MB)\n",
                             rssWithout, rssLoaded, rssUsed, rssUsed - rssWithout))
            out.write(String(format: "bevgenie CPU time (all threads): %.2f ms per question, %.2f ms per chunk; load average %@\n",
                             questionCPU, chunkCPU, Self.loadAverage()))
            if have { out.write("peer: \(peer["implementation"]?.stringValue ?? "?")\n") }
            if let int8 = peerValue("int8_question_p50_ms"), let int8Rate = peerValue("int8_chunks_per_s"),
               let fp32 = peerValue("question_p50_ms"), let fp32Rate = peerValue("chunks_per_s") {
                out.write(String(
                    format: "peer int8 (torch dynamic quantisation): question p50 %.2f ms (%.2fx its fp32), %.1f chunks/s (%.2fx its fp32), cosine to fp32 min %.4f, mean %.4f\n",
                    int8, fp32 / int8, int8Rate, int8Rate / fp32Rate,
                    peerValue("int8_min_cosine_to_fp32") ?? 0, peerValue("int8_mean_cosine_to_fp32") ?? 0))
            }
            if chosen != .float32 && precision == nil {
                try compareFloat32(directory: location.directory, threads: threadCount, chunks: chunkTexts,
                                   chosen: chosen, questionP50: percentile(samples, 0.5), questionCPU: questionCPU,
                                   chunksPerSecond: chunksPerSecond, out: out)
            }
            out.write(String(format: "targets: question p50 <= 5 ms: %@; chunks/s no slower than the peer: %@\n",
                             percentile(samples, 0.5) <= 5 ? "met" : "NOT met",
                             peerValue("chunks_per_s").map { chunksPerSecond >= $0 ? "met" : "NOT met" } ?? "no peer"))
        }

        /// The float32 path (OpenBLAS) measured the same way right after, in the same run: what the chosen kernels gain.
        private func compareFloat32(directory: String, threads: Int, chunks: [String], chosen: BertEncoder.Precision,
                                    questionP50: Double, questionCPU: Double,
                                    chunksPerSecond: Double, out: Terminal) throws {
            var model = try SentenceEmbeddingModel(directory: directory, precision: .float32)
            model.parallelism = threads
            if let batchTokens { model.batchTokenBudget = batchTokens }
            for _ in 0..<10 { _ = model.embed([Self.question]) }
            var samples: [Double] = []
            let cpuStart = Self.processCPUMilliseconds()
            for _ in 0..<iterations {
                let start = ContinuousClock.now
                _ = model.embed([Self.question])
                samples.append((ContinuousClock.now - start).milliseconds)
            }
            let cpu = (Self.processCPUMilliseconds() - cpuStart) / Double(iterations)
            let batchStart = ContinuousClock.now
            let vectors = model.embed(chunks)
            let rate = Double(vectors.count) / ((ContinuousClock.now - batchStart).milliseconds / 1000)
            let p50 = percentile(samples, 0.5)
            out.write(String(
                format: "float32 (OpenBLAS) in the same run: question p50 %.2f ms (%@ %.2fx faster), CPU %.2f ms per question (%.2fx), %.1f chunks/s (%@ %.2fx); load average %@\n",
                p50, chosen.rawValue, p50 / max(questionP50, 1e-9), cpu, cpu / max(questionCPU, 1e-9), rate, chosen.rawValue,
                chunksPerSecond / max(rate, 1e-9), Self.loadAverage()))
        }

        /// The starter knowledge cut into consecutive 80-word pieces, repeated to `count`.
        static func chunks(count: Int) -> [String] {
            var pieces: [String] = []
            for document in StarterKnowledge.documents {
                let words = document.markdown.split(whereSeparator: \.isWhitespace)
                var start = 0
                while start + 40 < words.count {
                    pieces.append(words[start..<min(start + 80, words.count)].joined(separator: " "))
                    start += 80
                }
            }
            return (0..<count).map { pieces[$0 % pieces.count] }
        }

        /// User + system CPU time of the whole process so far (every thread, OpenBLAS's included).
        static func processCPUMilliseconds() -> Double {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            func ms(_ time: timeval) -> Double { Double(time.tv_sec) * 1000 + Double(time.tv_usec) / 1000 }
            return ms(usage.ru_utime) + ms(usage.ru_stime)
        }

        /// /proc/loadavg's first three fields: other work on the machine skews wall-clock figures.
        static func loadAverage() -> String {
            let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?"
            return text.split(separator: " ").prefix(3).joined(separator: " ")
        }

        /// "reference: N sentences, min cosine X, ids identical for M": this build against the fixture.
        private func referenceCloseness(_ model: SentenceEmbeddingModel) throws -> String? {
            guard let data = FileManager.default.contents(atPath: fixture),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let sentences = object["sentences"] as? [[String: Any]]
            else { return nil }
            var minimum = 1.0
            var identical = 0
            for sentence in sentences {
                guard let text = sentence["text"] as? String, let ids = sentence["ids"] as? [Int],
                      let reference = sentence["embedding"] as? [Double] else { continue }
                if model.tokenize(text).map(Int.init) == ids { identical += 1 }
                let vector = model.embed([text])[0]
                var dot = 0.0, a = 0.0, b = 0.0
                for (x, y) in zip(vector, reference) { dot += Double(x) * y; a += Double(x) * Double(x); b += y * y }
                minimum = min(minimum, dot / max((a * b).squareRoot(), 1e-30))
            }
            return String(format: "reference (%@): %d sentences, token ids identical for %d, min cosine %.6f",
                          object["source"] as? String ?? "?", sentences.count, identical, minimum)
        }

        private func runPeer(directory: String, chunks: [String], threads: Int, out: Terminal) throws -> [String: JSONValue] {
            guard FileManager.default.fileExists(atPath: peerScript) else {
                out.write("peer: \(peerScript) not found (run from the repository root); no comparison\n\n")
                return [:]
            }
            let input = NSTemporaryDirectory() + "bevgenie-bench-embed-\(UUID().uuidString).json"
            let job: [String: Any] = ["question": Self.question, "chunks": chunks, "iterations": iterations, "threads": threads]
            try JSONSerialization.data(withJSONObject: job).write(to: URL(fileURLWithPath: input))
            defer { try? FileManager.default.removeItem(atPath: input) }
            out.write("running the peer (\(python) \(peerScript))...\n\n")
            do {
                return try BenchSupport.runJSON([python, peerScript, directory, input], failure: "the peer benchmark failed")
            } catch {
                // Our own figures still count; the peer's stderr above says what it lacks.
                out.write("peer: \((error as? CommandFailure)?.message ?? "\(error)") — no comparison (try --python with a Python that has sentence-transformers)\n\n")
                return [:]
            }
        }
    }
}
