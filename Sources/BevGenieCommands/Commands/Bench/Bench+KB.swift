import ArgumentParser
import BevGenieCore
import Foundation

extension BevGenieCLI.Bench {
    struct KB: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "kb",
            abstract: "Measure the knowledge base: retrieval quality, import speed, search latency, memory, vs a peer.",
            discussion: """
                Quality: recall@5 and MRR over the starter knowledge of keyword-only search and of vector and \
                hybrid search with each embedder (--embedders: the built-in hashing embedder and the MiniLM model), \
                on the labelled set (--eval, default Examples/eval/retrieval.jsonl) and the paraphrase sets \
                (--paraphrases: a tuning and a held-out half of questions that share few words with their \
                documents, and a "distant" set worded further away still and never used for tuning; the share of \
                words in common is printed).

                Speed: for each size, builds a synthetic corpus of that many chunks (JSON Lines, vocabulary of the \
                starter knowledge), imports it with `kb import`'s importer (chunks/s, built-in embedder), runs \
                queries in each mode (p50/p99) and reports the process's peak memory. The peer, in the same run: \
                Python with sqlite-vec (vec0 KNN over the same vectors) and SQLite FTS5, fused with the same \
                reciprocal rank fusion (scripts/peer_kb_bench.py; needs `pip install sqlite-vec pysqlite3-binary`).

                Examples:
                  bevgenie bench kb
                  bevgenie bench kb --sizes 10000 --queries 500
                  bevgenie bench kb --no-peer
                  bevgenie bench kb --quality-only
                  bevgenie bench kb --backend sqlite,postgres --sizes 10000,100000
                """)

        @Option(help: "Corpus sizes in chunks, comma-separated.")
        var sizes = "10000,100000"

        @Option(help: "Queries per mode and size.")
        var queries = 200

        @Option(help: ArgumentHelp("The labelled retrieval set.", valueName: "file"))
        var eval = "Examples/eval/retrieval.jsonl"

        @Option(help: ArgumentHelp("Paraphrase sets (questions worded away from their documents), comma-separated.",
                                   valueName: "files"))
        var paraphrases = "Examples/eval/retrieval-paraphrase-tuning.jsonl,Examples/eval/retrieval-paraphrase-heldout.jsonl,"
            + "Examples/eval/retrieval-paraphrase-distant.jsonl"

        @Option(help: "Embedders whose vector and hybrid search the quality section measures, comma-separated.")
        var embedders = "builtin,minilm"

        @Flag(help: "Only the quality section (no import or search speed).")
        var qualityOnly = false

        @Option(help: ArgumentHelp("The peer's script.", valueName: "file"))
        var peerScript = "scripts/peer_kb_bench.py"

        @Option(help: "The Python interpreter for the peer.")
        var python = "python3"

        @Flag(help: "Skip the peer.")
        var noPeer = false

        /// Set on the child process that measures one size: each size runs in a process of its own, as the peer
        /// does, so its peak memory is that size's alone — not the quality section's model or a smaller size's
        /// leftovers.
        @Flag(help: .hidden)
        var speedChild = false

        @OptionGroup var backendOptions: KBBackendOptions  // --backend, --postgres: Bench+KBBackends.swift

        func run() async throws {
            guard let sizeList = BenchSupport.positiveList(sizes) else {
                throw CommandFailure("--sizes needs positive numbers, e.g. 10000,100000", exitCode: 2)
            }
            let out = Terminal.standardOutput
            if try await runBackendComparison(sizes: sizeList, out: out) { return }
            let directory = NSTemporaryDirectory() + "bevgenie-bench-kb-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            if speedChild {
                for size in sizeList { try await speed(size: size, directory: directory, peer: !noPeer, out: out) }
                return
            }
            out.write("bevgenie bench kb — \(BevGenieBuild.configuration) build, SQLite \(SQLiteDatabase.libraryVersion), "
                + "\(ProcessInfo.processInfo.activeProcessorCount) cores\n\n")

            try await retrievalQuality(directory: directory, out: out)
            if qualityOnly { return }
            let peerAvailable = noPeer ? false : peerReady(out: out)
            for size in sizeList { try runSpeedChild(size: size, peer: peerAvailable) }
        }

        /// `speed(size:)` in a child process of this binary, its report going straight to our output.
        private func runSpeedChild(size: Int, peer: Bool) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            process.arguments = ["bench", "kb", "--speed-child", "--sizes", String(size), "--queries", String(queries),
                                 "--peer-script", peerScript, "--python", python] + (peer ? [] : ["--no-peer"])
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw CommandFailure("the measurement of \(size) chunks failed (exit \(process.terminationStatus))")
            }
        }

        // MARK: - Speed

        private func speed(size: Int, directory: String, peer: Bool, out: Terminal) async throws {
            out.write("Corpus of \(size) chunks\n")
            let corpus = directory + "/corpus-\(size).jsonl"
            // Corpus and queries first, then the records go: the process's peak memory is then the store's.
            let (queries, vectors) = try Self.writeCorpus(size: size, queries: self.queries, to: corpus)
            let embedder = HashingEmbedder()
            let memory = ResidentMemorySampler()
            defer { memory.stop() }

            let path = directory + "/bench-\(size).db"
            let store = try SQLiteStore(path: path, seedStarterKnowledge: false)
            let importStart = ContinuousClock.now
            let importCPU = processCPUSeconds()
            let summary = try await KnowledgeImporter(store: store, embedder: embedder).run(paths: [corpus]) { _ in }
            let importSeconds = (ContinuousClock.now - importStart).milliseconds / 1000
            let rate = Double(summary.chunks) / importSeconds
            out.write(String(format: "import: %d chunks in %.1f s = %.0f chunks/s (target ≥ 5000) — %@; %.1f CPU s (%.0f chunks per CPU second)\n",
                             summary.chunks, importSeconds, rate, rate >= 5000 ? "met" : "NOT met",
                             processCPUSeconds() - importCPU, Double(summary.chunks) / (processCPUSeconds() - importCPU)))
            try await Self.loadIndexes(store: store, query: queries[0], vector: vectors[0], model: embedder.model, out: out)

            var ours: [SearchMode: (p50: Double, p99: Double)] = [:]
            var cpu: [SearchMode: Double] = [:]
            for mode in SearchMode.allCases {
                var times: [Double] = []
                var cpuTimes: [Double] = []
                for (query, vector) in zip(queries, vectors) {
                    let started = ContinuousClock.now
                    let cpuStarted = processCPUMilliseconds()
                    _ = try await store.search(KnowledgeQuery(text: query, mode: mode, limit: 10, vector: vector, model: embedder.model))
                    times.append((ContinuousClock.now - started).milliseconds)
                    cpuTimes.append(processCPUMilliseconds() - cpuStarted)
                }
                ours[mode] = (percentile(times, 0.5), percentile(times, 0.99))
                cpu[mode] = percentile(cpuTimes, 0.5)
            }
            out.write("CPU per search p50 (all threads; the wall figures below wait for the CPU when the machine is busy): "
                + SearchMode.allCases.map { "\($0.rawValue) " + String(format: "%.3f ms", cpu[$0]!) }.joined(separator: ", ") + "\n")
            let peak = memory.peak

            var theirs: [String: JSONValue] = [:]
            if peer {
                let queryFile = directory + "/queries-\(size).jsonl"
                try zip(queries, vectors).map { query, vector in
                    JSONValue.object([
                        ("match", .string(SQLiteStore.ftsMatchExpression(for: KnowledgeQuery(text: query)) ?? "")),
                        ("vector", .array(vector.map { .number(Double($0)) })),
                    ]).serialized()
                }.joined(separator: "\n").write(toFile: queryFile, atomically: true, encoding: .utf8)
                theirs = try runPeer(database: path, queries: queryFile, directory: directory)
            }

            out.write(BenchSupport.row(["mode", "p50 ms", "p99 ms", "peer p50", "peer p99", "ratio p50"]))
            for mode in SearchMode.allCases {
                let mine = ours[mode]!
                let peerMode = theirs["modes"]?[mode.rawValue]
                let peerP50 = peerMode?["p50"]?.doubleValue
                let peerP99 = peerMode?["p99"]?.doubleValue
                out.write(BenchSupport.row([
                    mode.rawValue, String(format: "%.3f", mine.p50), String(format: "%.3f", mine.p99),
                    peerP50.map { String(format: "%.3f", $0) } ?? "-", peerP99.map { String(format: "%.3f", $0) } ?? "-",
                    peerP50.map { String(format: "%.2fx", mine.p50 / $0) } ?? "-",
                ]))
            }
            Self.printTargets(size: size, ours: ours.mapValues { $0.p50 }, peer: theirs, peak: peak, out: out)
            try await Self.searchChecks(store: store, queries: queries, vectors: vectors, out: out)
            out.write(String(format: "peak memory: bevgenie %.0f MB resident (private %.0f MB, mapped files %.0f MB, "
                + "each at its own peak)", peak.peakTotal, peak.anonymous, peak.fileBacked))
            if let peerPeak = theirs["peak_rss_mb"]?.doubleValue { out.write(String(format: ", peer %.0f MB", peerPeak)) }
            if let version = theirs["sqlite_version"]?.stringValue {
                out.write("; peer's SQLite \(version) (bevgenie's \(SQLiteDatabase.libraryVersion): the same SQL on the same data differs by library version)")
            }
            if let peerRate = theirs["insert_rows_per_s"]?.doubleValue {
                out.write(String(format: "; peer inserts %.0f rows/s (FTS5 + vec0, vectors given, no chunking or embedding)", peerRate))
            }
            out.write("\n\n")
        }

        // MARK: - Peer

        private func peerReady(out: Terminal) -> Bool {
            guard FileManager.default.fileExists(atPath: peerScript) else {
                out.write("peer: \(peerScript) not found (run from the repository root); no comparison\n\n")
                return false
            }
            let check = Process()
            check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            check.arguments = [python, "-c", "import sqlite_vec, pysqlite3"]
            check.standardOutput = FileHandle.nullDevice
            check.standardError = FileHandle.nullDevice
            do {
                try check.run()
                check.waitUntilExit()
            } catch {
                out.write("peer: cannot run \(python); no comparison\n\n")
                return false
            }
            guard check.terminationStatus == 0 else {
                out.write("peer: needs `pip install sqlite-vec pysqlite3-binary`; no comparison\n\n")
                return false
            }
            return true
        }

        private func runPeer(database: String, queries: String, directory: String) throws -> [String: JSONValue] {
            try BenchSupport.runJSON([python, peerScript, database, queries, directory], failure: "the peer benchmark failed")
        }
    }
}
