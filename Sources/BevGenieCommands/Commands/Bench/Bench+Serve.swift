import ArgumentParser
import BevGenieCore
import BevGenieServer
import Foundation
import Logging

extension BevGenieCLI.Bench {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Load-test `serve`: concurrent SSE streams on loopback, against a Node.js transport floor.",
            discussion: """
                Starts the server in this process on a fresh database (local provider, starter knowledge) and drives \
                it with scripts/load_sse.mjs (Node.js): for each concurrency level, that many streams stay open at \
                once until the total have completed. Reports pipelines/s, time to first event p50/p99, errors and \
                this process's peak memory. The same load then runs against scripts/node_sse_peer.mjs, a minimal \
                Node `http` server writing the same (recorded) events with no pipeline behind them: the transport \
                floor. Both share this machine's cores with the load generator. CPU/req is the CPU time (user and \
                system) the server spent per completed stream: this process's for bevgenie (server and pipelines; the \
                load generator is another process), the Node process's for the peer. With --event-log-cost, each level \
                also runs on a second server that keeps no event log (streams cannot be resumed), alternating \
                with the first, and the ratio says what keeping every event costs.

                With --replicas, each count of `bevgenie serve` child processes runs on a fresh database the \
                benchmark creates on that PostgreSQL server (and drops afterwards), the streams spread over them \
                round-robin; the table adds CPU milliseconds per pipeline in the replicas, the database's backends \
                and the load generator, and pipelines per second of replica CPU.

                Examples:
                  bevgenie bench serve
                  bevgenie bench serve --concurrency 100,500,1000 --total 3000
                  bevgenie bench serve --concurrency 100,500 --event-log-cost
                  bevgenie bench serve --replicas 1,2,3 --db postgres://bevgenie:PW@127.0.0.1:5432/bevgenie \\
                    --concurrency 64 --total 1500
                """)

        @Option(help: "Concurrent streams, comma-separated.")
        var concurrency = "100,500,1000"

        @Option(help: "Streams per level (at least the concurrency).")
        var total = 3_000

        @Option(help: ArgumentHelp("The load generator.", valueName: "file"))
        var loadScript = "scripts/load_sse.mjs"

        @Option(help: ArgumentHelp("The Node.js peer server.", valueName: "file"))
        var peerScript = "scripts/node_sse_peer.mjs"

        @Option(help: "The Node.js interpreter.")
        var node = "node"

        @Flag(help: "Also run each level without the event log and print what the log costs.")
        var eventLogCost = false

        /// For an instruction count of what the log costs (`valgrind --tool=callgrind`, which counts the whole
        /// process, so the two servers of --event-log-cost cannot be told apart): the main run without the log.
        @Flag(help: "Run the main measurement with the event log off (for profiling what the log costs).")
        var withoutEventLog = false

        @Option(help: "Replica counts, comma-separated: that many `serve` processes on one PostgreSQL server (--db).")
        var replicas: String?

        @Option(help: ArgumentHelp(
            "With --replicas: the PostgreSQL server (default $BEVGENIE_DB, else $DATABASE_URL).", valueName: "url"))
        var db: String?

        func run() async throws {
            if let replicas { return try await runReplicas(replicas) }
            guard let levels = BenchSupport.positiveList(concurrency) else {
                throw CommandFailure("--concurrency needs positive numbers, e.g. 100,500,1000", exitCode: 2)
            }
            guard FileManager.default.fileExists(atPath: loadScript) else {
                throw CommandFailure("\(loadScript) not found: run from the repository root or pass --load-script")
            }
            let out = Terminal.standardOutput
            let directory = NSTemporaryDirectory() + "bevgenie-bench-serve-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }

            let environment = try await BevGenieEnvironment.forBenchmark(path: directory + "/serve.db")
            var configuration = ServerConfiguration()
            configuration.port = 0
            configuration.maxConcurrentPipelines = max(levels.max()! * 2, 1_024)
            configuration.keepsRunLog = !withoutEventLog
            ServerMetrics.bootstrapProcessWide()  // requests are counted, as `serve` counts them
            var logger = Logger(label: "bench")
            logger.logLevel = .critical
            let server = try await RunningServer.start(
                configuration: configuration, store: environment.store, embedder: environment.embedder,
                pipeline: try environment.pipeline(), logger: logger)
            let url = "http://127.0.0.1:\(server.port)/api/chat/stream"
            let questions = JSONValue.array(BevGenieCLI.Bench.Pipeline.questions.map { .string($0) }).serialized()

            // One real stream, recorded for the peer to replay.
            var request = HTTPRequest(url: url, body: Array(#"{"message":"How much does BevGenie cost per month?"}"#.utf8))
            request.headers = [("Content-Type", "application/json")]
            let sample = try await CurlHTTPClient().send(request)
            let sampleFile = directory + "/events.sse"
            try Data(sample.body).write(to: URL(fileURLWithPath: sampleFile))

            out.write("bevgenie bench serve — \(BevGenieBuild.configuration) build, "
                + "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(sample.body.count) bytes of events per stream\n\n")
            var ours: [Int: [String: JSONValue]] = [:]
            for level in levels {
                let cpu = ServerCPU.ofThisProcess()
                ours[level] = try load(url: url, concurrency: level, questions: questions)
                ours[level]!["cpuSeconds"] = .number(ServerCPU.ofThisProcess() - cpu)
            }
            let peakMB = peakResidentMegabytes()
            try await server.shutDown()

            var theirs: [Int: [String: JSONValue]] = [:]
            if FileManager.default.fileExists(atPath: peerScript) {
                let (peer, peerURL) = try startPeer(sampleFile)
                defer { peer.terminate() }
                for level in levels {
                    let cpu = ServerCPU.of(process: peer.processIdentifier)
                    theirs[level] = try load(url: peerURL, concurrency: level, questions: questions)
                    theirs[level]!["cpuSeconds"] = .number(ServerCPU.of(process: peer.processIdentifier) - cpu)
                }
            } else {
                out.write("peer: \(peerScript) not found; no comparison\n")
            }

            out.write(BenchSupport.row(
                ["streams", "pipelines/s", "TTFE p50", "TTFE p99", "errors", "CPU/req", "peer/s", "peer p99", "peer CPU",
                 "ratio/s"],
                first: 8, width: 12))
            for level in levels {
                let mine = ours[level]!, peer = theirs[level]
                let rate = mine["pipelinesPerSecond"]?.doubleValue ?? 0
                let peerRate = peer?["pipelinesPerSecond"]?.doubleValue
                out.write(BenchSupport.row([
                    "\(level)", String(format: "%.0f", rate), Self.ms(mine["firstEventP50"]), Self.ms(mine["firstEventP99"]),
                    "\(mine["errors"]?.intValue ?? -1)", Self.cpuPerRequest(mine),
                    peerRate.map { String(format: "%.0f", $0) } ?? "-",
                    Self.ms(peer?["firstEventP99"]), peer.map(Self.cpuPerRequest) ?? "-",
                    peerRate.map { String(format: "%.2fx", rate / $0) } ?? "-",
                ], first: 8, width: 12))
            }
            out.write(String(format: "peak memory: %.0f MB (this process: server and pipelines)\n", peakMB))
            if eventLogCost { try await measureEventLogCost(levels: levels, questions: questions, directory: directory) }
            let p99At100 = ours[100]?["firstEventP99"]?.doubleValue
            let thousandErrors = ours[1000]?["errors"]?.intValue
            let bestRate = ours.values.compactMap { $0["pipelinesPerSecond"]?.doubleValue }.max() ?? 0
            out.write("targets: 1,000 concurrent streams with no error — \(thousandErrors.map { $0 == 0 ? "met" : "NOT met (\($0) errors)" } ?? "not run"); ")
            out.write("TTFE p99 < 50 ms at 100 — \(p99At100.map { $0 < 50 ? String(format: "met (%.1f ms)", $0) : String(format: "NOT met (%.1f ms)", $0) } ?? "not run"); ")
            out.write(String(format: "≥ 500 pipelines/s — %@ (%.0f/s)\n", bestRate >= 500 ? "met" : "NOT met", bestRate))
        }

        /// The same load on two fresh servers, one keeping the event log and one not, level by level in turns
        /// (A, B, A, B), so both see the same machine.
        private func measureEventLogCost(levels: [Int], questions: String, directory: String) async throws {
            var rates: [Bool: [Int: [Double]]] = [true: [:], false: [:]]
            var cpu: [Bool: [Int: [Double]]] = [true: [:], false: [:]]
            var servers: [Bool: (RunningServer, String)] = [:]
            for keeps in [true, false] {
                let environment = try await BevGenieEnvironment.forBenchmark(path: directory + "/log-\(keeps).db")
                var configuration = ServerConfiguration()
                configuration.port = 0
                configuration.maxConcurrentPipelines = max(levels.max()! * 2, 1_024)
                configuration.keepsRunLog = keeps
                var logger = Logger(label: "bench")
                logger.logLevel = .critical
                let server = try await RunningServer.start(
                    configuration: configuration, store: environment.store, embedder: environment.embedder,
                    pipeline: try environment.pipeline(), logger: logger)
                servers[keeps] = (server, "http://127.0.0.1:\(server.port)/api/chat/stream")
            }
            for level in levels {
                for keeps in [true, false, true, false] {
                    let before = ServerCPU.ofThisProcess()
                    let result = try load(url: servers[keeps]!.1, concurrency: level, questions: questions)
                    let seconds = ServerCPU.ofThisProcess() - before
                    rates[keeps]![level, default: []].append(result["pipelinesPerSecond"]?.doubleValue ?? 0)
                    cpu[keeps]![level, default: []].append(seconds * 1000 / max(result["completed"]?.doubleValue ?? 0, 1))
                }
            }
            for (server, _) in servers.values { try await server.shutDown() }
            let out = Terminal.standardOutput
            out.write("\nevent log cost (two runs each, alternating; best of each; CPU per stream, least of each):\n")
            out.write(BenchSupport.row(
                ["streams", "with log/s", "without/s", "ratio", "CPU with", "CPU without", "CPU ratio"], first: 8, width: 12))
            for level in levels {
                let with = rates[true]![level]!.max()!, without = rates[false]![level]!.max()!
                let cpuWith = cpu[true]![level]!.min()!, cpuWithout = cpu[false]![level]!.min()!
                out.write(BenchSupport.row([
                    "\(level)", String(format: "%.0f", with), String(format: "%.0f", without),
                    String(format: "%.2fx", without > 0 ? with / without : 0),
                    String(format: "%.2f ms", cpuWith), String(format: "%.2f ms", cpuWithout),
                    String(format: "%.2fx", cpuWithout > 0 ? cpuWith / cpuWithout : 0),
                ], first: 8, width: 12))
            }
        }

        private func load(url: String, concurrency: Int, questions: String) throws -> [String: JSONValue] {
            try BenchSupport.runJSON(
                [node, loadScript, url, String(concurrency), String(max(total, concurrency)), questions],
                failure: "the load generator failed; is node installed?")
        }

        private func startPeer(_ sampleFile: String) throws -> (Process, String) {
            let (process, port) = try BevGenieCLI.Bench.startNodeServer(
                node: node, arguments: [peerScript, sampleFile], failure: "the Node.js peer did not start")
            return (process, "http://127.0.0.1:\(port)/api/chat/stream")
        }

        /// CPU milliseconds per completed stream.
        private static func cpuPerRequest(_ result: [String: JSONValue]) -> String {
            guard let seconds = result["cpuSeconds"]?.doubleValue, let completed = result["completed"]?.doubleValue,
                  completed > 0
            else { return "-" }
            return String(format: "%.2f ms", seconds * 1000 / completed)
        }

        private static func ms(_ value: JSONValue?) -> String {
            value?.doubleValue.map { String(format: "%.1f ms", $0) } ?? "-"
        }
    }
}

/// CPU time (user and system, seconds) a server process has used so far.
enum ServerCPU {
    static func ofThisProcess() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Another process's, from /proc (Linux); 0 where that cannot be read.
    static func of(process pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { return 0 }
        // After the command name (in parentheses, may hold spaces): state is field 3, utime 14, stime 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    private static func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
}
