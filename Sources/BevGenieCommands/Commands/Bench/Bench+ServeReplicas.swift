import BevGenieCore
import Foundation

extension BevGenieCLI.Bench.Serve {
    /// `bench serve --replicas 1,2,3 --db postgres://…`: for each replica count, that many `bevgenie serve`
    /// processes on one fresh PostgreSQL database, driven round-robin by the same load generator as the
    /// single-process benchmark. Besides pipelines/s and time to first event it reports where the CPU went: the
    /// replicas, the database's backends and the load generator, per pipeline — on a box of few cores the total is
    /// bound by the cores, not by the replica count, and this says which process holds them.
    func runReplicas(_ list: String) async throws {
        guard let counts = BenchSupport.positiveList(list) else {
            throw CommandFailure("--replicas needs positive numbers, e.g. 1,2,3", exitCode: 2)
        }
        guard let levels = BenchSupport.positiveList(concurrency) else {
            throw CommandFailure("--concurrency needs positive numbers, e.g. 50,200", exitCode: 2)
        }
        let variables = ProcessInfo.processInfo.environment
        guard let value = db ?? variables["BEVGENIE_DB"] ?? variables["DATABASE_URL"],
              value.hasPrefix("postgres://") || value.hasPrefix("postgresql://")
        else {
            throw CommandFailure("--replicas needs --db postgres://… (the server the replicas share)", exitCode: 2)
        }
        let server = try PostgresURL(value)
        guard FileManager.default.fileExists(atPath: loadScript) else {
            throw CommandFailure("\(loadScript) not found: run from the repository root or pass --load-script")
        }
        let out = Terminal.standardOutput
        let questions = JSONValue.array(BevGenieCLI.Bench.Pipeline.questions.map { .string($0) }).serialized()
        out.write("bevgenie bench serve --replicas — \(BevGenieBuild.configuration) build, "
            + "\(ProcessInfo.processInfo.activeProcessorCount) cores, PostgreSQL at \(server), "
            + "\(max(total, levels.max()!)) streams per level, local provider\n\n")
        out.write(BenchSupport.row(
            ["replicas", "streams", "pipelines/s", "TTFE p50", "TTFE p99", "errors", "serve ms", "pg ms", "load ms",
             "per core/s"], first: 9, width: 12))

        var best: [Int: Double] = [:]
        for count in counts {
            let name = "bevgenie_bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try await PostgresAdmin.execute("CREATE DATABASE \(name) TEMPLATE template0 ENCODING 'UTF8'", at: server)
            var url = server
            url.database = name
            var replicas: [ReplicaProcess] = []
            do {
                // The first one migrates and seeds the new database; the others find it ready.
                for _ in 0..<count { replicas.append(try ReplicaProcess.start(url: url, maxConcurrent: levels.max()! * 2)) }
                let targets = replicas.map { "http://127.0.0.1:\($0.port)/api/chat/stream" }.joined(separator: ",")
                _ = try BenchSupport.runJSON(  // warm-up, not measured: connections, caches, the first pages
                    [node, loadScript, targets, "20", "200", questions], failure: "the load generator failed")
                for level in levels {
                    let before = CPUSample(replicas: replicas.map(\.pid), database: name)
                    let result = try BenchSupport.runJSON(
                        [node, loadScript, targets, String(level), String(max(total, level)), questions],
                        failure: "the load generator failed; is node installed?")
                    let after = CPUSample(replicas: replicas.map(\.pid), database: name)
                    let completed = Double(result["completed"]?.intValue ?? 0)
                    let rate = result["pipelinesPerSecond"]?.doubleValue ?? 0
                    let serve = after.replicas - before.replicas, pg = after.database - before.database
                    let load = after.children - before.children
                    func perPipeline(_ seconds: Double) -> String {
                        completed > 0 ? String(format: "%.2f", seconds * 1000 / completed) : "-"
                    }
                    best[count] = max(best[count] ?? 0, rate)
                    out.write(BenchSupport.row([
                        "\(count)", "\(level)", String(format: "%.0f", rate), Self.milliseconds(result["firstEventP50"]),
                        Self.milliseconds(result["firstEventP99"]), "\(result["errors"]?.intValue ?? -1)", perPipeline(serve),
                        perPipeline(pg), perPipeline(load),
                        serve > 0 ? String(format: "%.0f", completed / serve) : "-",
                    ], first: 9, width: 12))
                }
            } catch {
                for replica in replicas { replica.stop() }
                try? await PostgresAdmin.execute("DROP DATABASE \(name) WITH (FORCE)", at: server)
                throw error
            }
            for replica in replicas { replica.stop() }
            try? await PostgresAdmin.execute("DROP DATABASE \(name) WITH (FORCE)", at: server)
        }
        out.write("""

            serve ms, pg ms, load ms: CPU milliseconds per completed pipeline in all the replicas together, in the \
            PostgreSQL backends serving this benchmark's database (its background processes are not counted) and in \
            the load generator. per core/s: pipelines per second of replica CPU — the figure that sizes a deployment \
            (DEPLOYMENT.md). All share this machine's \(ProcessInfo.processInfo.activeProcessorCount) cores.

            """)
        if let one = best[counts.min()!], one > 0 {
            out.write("scaling (best pipelines/s against \(counts.min()!) replica\(counts.min()! == 1 ? "" : "s")): "
                + counts.map { String(format: "%d → %.2fx", $0, (best[$0] ?? 0) / one) }.joined(separator: ", ") + "\n")
        }
    }
}

extension BevGenieCLI.Bench.Serve {
    fileprivate static func milliseconds(_ value: JSONValue?) -> String {
        value?.doubleValue.map { String(format: "%.1f ms", $0) } ?? "-"
    }
}

/// One `bevgenie serve` child process of the benchmark, on a port of its choosing, local provider at every stage.
struct ReplicaProcess {
    let process: Process
    let port: Int
    var pid: Int32 { process.processIdentifier }

    static func start(url: PostgresURL, maxConcurrent: Int) throws -> ReplicaProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = [
            "serve", "--port", "0", "--db", url.connectionString, "--log-level", "error",
            "--intent-model", "local", "--response-model", "local", "--page-model", "local",
            "--max-concurrent", String(max(1_024, maxConcurrent)),
        ]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Its first line says where it listens; the rest of stderr is drained so the pipe never fills.
        var text = ""
        let handle = errors.fileHandleForReading
        while !text.contains("\n") {
            // availableData returns what has arrived; read(upToCount:) would wait for the whole count.
            let data = handle.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        guard let range = text.range(of: "serving on http://127.0.0.1:"),
              let port = Int(text[range.upperBound...].prefix { $0.isNumber })
        else {
            process.terminate()
            throw CommandFailure("a replica did not start: \(text.prefix(400))")
        }
        Thread.detachNewThread {
            while !handle.availableData.isEmpty {}
        }
        return ReplicaProcess(process: process, port: port)
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}

/// CPU seconds so far (user + system) of the replicas, of the PostgreSQL backends connected to one database, and
/// of this process's finished children (the load generator runs), read from /proc and getrusage.
struct CPUSample {
    var replicas = 0.0
    var database = 0.0
    var children = 0.0

    init(replicas pids: [Int32], database name: String) {
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        func seconds(_ pid: String) -> Double {
            // Fields after the ")" of the command name: state is the 1st, utime the 12th, stime the 13th.
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")")
            else { return 0 }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
            return (user + system) / ticks
        }
        replicas = pids.map { seconds(String($0)) }.reduce(0, +)
        // A backend's title names its database: "postgres: USER DATABASE 127.0.0.1(PORT) idle".
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] where entry.allSatisfy(\.isNumber) {
            guard let command = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"),
                  String(decoding: command, as: UTF8.self).contains(" \(name) ")
            else { continue }
            database += seconds(entry)
        }
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        children = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}

extension PostgresURL {
    /// The URL again, password included, for the replica processes' `--db` (never printed).
    fileprivate var connectionString: String {
        let user = self.user.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? self.user
        let password = self.password.map { ":" + ($0.addingPercentEncoding(withAllowedCharacters: .urlPasswordAllowed) ?? $0) }
        let mode: String
        switch tls {
        case .disable: mode = "disable"
        case .prefer: mode = "prefer"
        case .require: mode = "require"
        case .verify: mode = "verify-full"
        }
        return "postgres://\(user)\(password ?? "")@\(host):\(port)/\(database)?sslmode=\(mode)"
    }
}
