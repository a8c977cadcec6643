import ArgumentParser
import BevGenieCore
import Foundation

extension BevGenieCLI.Bench {
    struct Pipeline: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pipeline",
            abstract: "Measure the pipeline: per-stage and whole-run latency, in process and as a process.",
            discussion: """
                Runs against a fresh temporary database with the starter knowledge (your own database is not \
                touched), cycling through one question per intent, worded differently each round so that no run \
                finds its question's vector already made. Prints p50/p99 per stage and for the whole \
                pipeline in process, then times `bevgenie ask` as a whole process next to a peer floor: the \
                `sqlite3` shell opening the same file and running one full-text query, and splits the process's \
                time: process + Swift runtime (`bevgenie --version`), model load, database open, one pipeline \
                run, and the rest. Use a release build \
                (swift build -c release) for figures that mean anything.

                Examples:
                  bevgenie bench pipeline
                  bevgenie bench pipeline --iterations 2000 --process-runs 50
                """)

        @Option(help: "In-process pipeline runs.")
        var iterations = 500

        @Option(help: "Whole-process `bevgenie ask` runs (0 to skip).")
        var processRuns = 30

        static let questions = [
            "Our distributor reps ignore our brand. How do we get mindshare?",
            "What is BevGenie?",
            "Does the mobile app work offline for route planning?",
            "How does BevGenie compare to running everything in spreadsheets?",
            "Do you have a case study from a winery like us?",
            "How much does BevGenie cost per month?",
            "Can I book a demo next week?",
            "We keep missing price posting deadlines and label approvals take forever",
            "Hi there!",
        ]

        /// The in-process runs' questions: the nine above, each worded a little differently every round, so every
        /// run is a question the process has not seen (its vector is made anew, as for a real visitor); only the
        /// repeated-question run below asks the same words again.
        static func question(_ index: Int) -> String {
            let prefixes = ["", "Quick question: ", "Hello. ", "One more thing. ", "Asking for my team: ", "So, "]
            let suffixes = ["", " Thanks.", " Just curious.", " We are a mid-size brand.", " Please be brief.", " (from Texas)"]
            let round = index / questions.count
            return prefixes[round % prefixes.count] + questions[index % questions.count]
                + suffixes[(round / prefixes.count) % suffixes.count]
        }

        func validate() throws {
            guard iterations > 0 else { throw ValidationError("--iterations must be at least 1") }
            guard processRuns >= 0 else { throw ValidationError("--process-runs cannot be negative") }
        }

        func run() async throws {
            let directory = NSTemporaryDirectory() + "bevgenie-bench-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let path = directory + "/bench.db"

            let setup = ContinuousClock.now
            let environment = try await BevGenieEnvironment.forBenchmark(path: path)
            let out = Terminal.standardOutput
            out.write("bevgenie bench — \(BevGenieBuild.configuration) build, SQLite \(SQLiteDatabase.libraryVersion), "
                + "\(ProcessInfo.processInfo.activeProcessorCount) cores\n")
            out.write(String(format: "new database with starter knowledge: %.1f ms\n\n", (ContinuousClock.now - setup).milliseconds))

            let pipelineP50 = try await inProcess(pipeline: try environment.pipeline(), out: out)
            if processRuns > 0 {
                let askP50 = try wholeProcess(database: path, out: out)
                try await startupSplit(database: path, askP50: askP50, pipelineP50: pipelineP50, out: out)
            }
        }

        /// The pipeline in process, each event serialized as NDJSON as the CLI would.
        /// Returns the whole pipeline's p50 (ms).
        private func inProcess(pipeline: BevGenieCore.Pipeline, out: Terminal) async throws -> Double {
            var uncached = pipeline
            uncached.pageCache = nil
            let timings = StageTimings()
            // Warm-up: lexicons, statement cache, page cache of the OS.
            for question in Self.questions { _ = await pipeline.run(ChatRequest(message: question)) { _ in } }

            for index in 0..<iterations {
                let request = ChatRequest(message: Self.question(index + Self.questions.count))
                let started = ContinuousClock.now
                let outcome = await uncached.run(request) { event in
                    _ = EventFraming.ndjson(event)
                    if case .stage(let stage) = event, let ms = stage.durationMs {
                        await timings.add(stage.stage.rawValue, ms)
                    }
                }
                await timings.add("whole pipeline", (ContinuousClock.now - started).milliseconds)
                if case .failed(let error) = outcome { throw CommandFailure("pipeline failed: \(error.error)") }
            }
            let distinct = Set((0..<iterations).map { Self.question($0 + Self.questions.count) }).count
            out.write("In process: \(iterations) runs, \(distinct) distinct questions (ms)\n")
            out.write(Self.row("stage", "p50", "p99", "max"))
            for name in StageID.allCases.map(\.rawValue) + ["whole pipeline"] {
                let values = await timings.values(name)
                out.write(Self.row(name, Self.format(percentile(values, 0.5)), Self.format(percentile(values, 0.99)),
                                   Self.format(values.max() ?? 0)))
            }
            let p50 = percentile(await timings.values("whole pipeline"), 0.5)
            out.write(String(format: "target: whole pipeline p50 < 10 ms in a release build — %@ (%.2f ms)\n\n",
                             p50 < 10 ? "met" : "NOT met", p50))

            // The same questions again with the page cache on (warmed above): the repeated-question path.
            var cached: [Double] = []
            let cacheTimings = StageTimings()
            for index in 0..<iterations {
                let request = ChatRequest(message: Self.questions[index % Self.questions.count])
                let started = ContinuousClock.now
                _ = await pipeline.run(request) { event in
                    if case .stage(let stage) = event, stage.stage == .page, let ms = stage.durationMs,
                        stage.result?["cached"]?.boolValue == true
                    {
                        await cacheTimings.add("page", ms)
                    }
                }
                cached.append((ContinuousClock.now - started).milliseconds)
            }
            let cachedPages = await cacheTimings.values("page")
            out.write(String(format: "with the page cache: whole pipeline p50 %.3f ms, p99 %.3f ms; page stage from the cache p50 %.3f ms (%d hits)\n\n",
                             percentile(cached, 0.5), percentile(cached, 0.99), percentile(cachedPages, 0.5), cachedPages.count))
            return p50
        }

        /// `bevgenie ask` as a separate process, against the `sqlite3` shell doing one query on the same file.
        /// Returns `ask`'s p50 (ms).
        private func wholeProcess(database: String, out: Terminal) throws -> Double {
            let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
            var ask: [Double] = []
            for index in 0..<processRuns {
                let question = Self.questions[index % Self.questions.count]
                ask.append(try Self.time(binary, ["ask", question, "--db", database, "--format", "ndjson"]))
            }
            out.write("Whole process: \(processRuns) runs (ms)\n")
            out.write(Self.row("command", "p50", "p99", "max"))
            out.write(Self.row("bevgenie ask", Self.format(percentile(ask, 0.5)), Self.format(percentile(ask, 0.99)),
                               Self.format(ask.max() ?? 0)))
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") {
                var peer: [Double] = []
                let query = "SELECT c.id FROM chunks_fts JOIN chunks c ON c.rowid = chunks_fts.rowid "
                    + "WHERE chunks_fts MATCH '\"distributor\" OR \"mindshare\"' ORDER BY bm25(chunks_fts) LIMIT 8;"
                for _ in 0..<processRuns { peer.append(try Self.time("/usr/bin/sqlite3", [database, query])) }
                let peerP50 = percentile(peer, 0.5)
                out.write(Self.row("sqlite3 (peer)", Self.format(peerP50), Self.format(percentile(peer, 0.99)),
                                   Self.format(peer.max() ?? 0)))
                out.write(String(format: "ratio bevgenie ask / sqlite3 one query: %.1fx\n", percentile(ask, 0.5) / peerP50))
            } else {
                out.write("peer: /usr/bin/sqlite3 not installed, no comparison\n")
            }
            let p50 = percentile(ask, 0.5)
            out.write(String(format: "target: bevgenie ask p50 < 100 ms — %@ (%.1f ms); issue 16's target <= 20 ms — %@\n\n",
                             p50 < 100 ? "met" : "NOT met", p50, p50 <= 20 ? "met" : "NOT met"))
            return p50
        }

        static func time(_ executable: String, _ arguments: [String]) throws -> Double {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let started = ContinuousClock.now
            try process.run()
            process.waitUntilExit()
            let elapsed = (ContinuousClock.now - started).milliseconds
            guard process.terminationStatus == 0 else {
                throw CommandFailure("\(executable) \(arguments.first ?? "") exited with \(process.terminationStatus)")
            }
            return elapsed
        }

        private static func row(_ cells: String...) -> String {
            BenchSupport.row(cells, first: 18, width: 10)
        }

        static func format(_ value: Double) -> String { String(format: "%.3f", value) }
    }
}
