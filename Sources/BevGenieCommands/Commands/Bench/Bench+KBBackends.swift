import ArgumentParser
import BevGenieCore
import Foundation

/// `bench kb --backend sqlite,postgres`: the speed section on each backend in one run, over the same synthetic
/// corpus and queries, with the recall of PostgreSQL's HNSW index against an exact scan beside its latency.
struct KBBackendOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Measure import and search speed on these backends instead (sqlite, postgres; comma-separated), side by side; "
            + "the quality section is left out.", valueName: "list"))
    var backend: String?

    @Option(help: ArgumentHelp(
        "The PostgreSQL server --backend postgres creates its throwaway databases on (default: "
            + "$BEVGENIE_BENCH_POSTGRES_URL, else $BEVGENIE_TEST_POSTGRES_URL, which scripts/postgres start exports).",
        valueName: "url"))
    var postgres: String?

    enum Backend: String, CaseIterable {
        case sqlite, postgres
    }

    /// The backends asked for; nil when --backend was not given (the usual bench kb).
    func backends() throws -> [Backend]? {
        guard let backend else { return nil }
        let names = backend.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let list = names.compactMap(Backend.init(rawValue:))
        guard !list.isEmpty, list.count == names.count else {
            throw CommandFailure("--backend takes sqlite and/or postgres, e.g. --backend sqlite,postgres", exitCode: 2)
        }
        return list
    }

    func serverURL() throws -> PostgresURL {
        let environment = ProcessInfo.processInfo.environment
        guard let value = postgres ?? environment["BEVGENIE_BENCH_POSTGRES_URL"] ?? environment["BEVGENIE_TEST_POSTGRES_URL"],
              !value.isEmpty
        else {
            throw CommandFailure("--backend postgres needs a server: --postgres postgres://user:password@host:port/db "
                + "(or start one with `eval \"$(scripts/postgres start)\"`)")
        }
        do {
            return try PostgresURL(value)
        } catch {
            throw CommandFailure("--postgres: \(error)", exitCode: 2)
        }
    }
}

extension BevGenieCLI.Bench.KB {
    /// The figures of one backend at one size.
    private struct BackendFigures {
        var chunksPerSecond: Double
        var latency: [SearchMode: (p50: Double, p99: Double)] = [:]
        /// Recall@10 of the vector and hybrid results against the same search with an exact vector scan; nil
        /// where the search is exact already (SQLite scans every vector).
        var recall: (vector: Double, hybrid: Double)?
        var exactP50: Double?
    }

    /// The hook `run()` calls first: when --backend was given, runs the per-backend speed section and returns
    /// true; false leaves bench kb as it is.
    func runBackendComparison(sizes: [Int], out: Terminal) async throws -> Bool {
        guard let backends = try backendOptions.backends() else { return false }
        let server = backends.contains(.postgres) ? try backendOptions.serverURL() : nil
        out.write("bevgenie bench kb --backend \(backends.map(\.rawValue).joined(separator: ",")) — "
            + "\(BevGenieBuild.configuration) build, SQLite \(SQLiteDatabase.libraryVersion), "
            + "\(ProcessInfo.processInfo.activeProcessorCount) cores\(server.map { ", PostgreSQL at \($0)" } ?? "")\n\n")
        let directory = NSTemporaryDirectory() + "bevgenie-bench-kb-backends-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for size in sizes {
            out.write("Corpus of \(size) chunks (built-in embedder, \(queries) queries per mode)\n")
            let corpus = directory + "/corpus-\(size).jsonl"
            var generator = SyntheticCorpus(seed: UInt64(size))
            let records = generator.records(size)
            try records.map { JSONValue.object([("title", .string($0.title)), ("text", .string($0.text))]).serialized() }
                .joined(separator: "\n").write(toFile: corpus, atomically: true, encoding: .utf8)
            let texts = generator.queries(from: records, count: queries)
            var figures: [(KBBackendOptions.Backend, BackendFigures)] = []
            for backend in backends {
                switch backend {
                case .sqlite:
                    let store = try SQLiteStore(path: directory + "/bench-\(size).db", seedStarterKnowledge: false)
                    figures.append((backend, try await measure(store, corpus: corpus, queries: texts, exact: nil)))
                case .postgres:
                    guard let server else { continue }
                    let name = "bevgenie_bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
                    try await PostgresAdmin.execute("CREATE DATABASE \(name) TEMPLATE template0 ENCODING 'UTF8'", at: server)
                    var url = server
                    url.database = name
                    do {
                        let store = try await PostgresStore(url: url, poolSize: 4, seedStarterKnowledge: false)
                        let measured = try await measure(store, corpus: corpus, queries: texts, exact: store)
                        await store.close()
                        figures.append((backend, measured))
                        try await PostgresAdmin.execute("DROP DATABASE \(name) WITH (FORCE)", at: server)
                    } catch {
                        try? await PostgresAdmin.execute("DROP DATABASE \(name) WITH (FORCE)", at: server)
                        throw error
                    }
                }
            }
            out.write(BenchSupport.row(
                ["backend", "import c/s", "kw p50", "kw p99", "vec p50", "vec p99", "hyb p50", "hyb p99", "exact p50",
                 "recall vec", "recall hyb"], first: 10, width: 11))
            for (backend, figure) in figures {
                func cell(_ mode: SearchMode, _ p99: Bool) -> String {
                    figure.latency[mode].map { String(format: "%.2f", p99 ? $0.p99 : $0.p50) } ?? "-"
                }
                out.write(BenchSupport.row([
                    backend.rawValue, String(format: "%.0f", figure.chunksPerSecond),
                    cell(.keyword, false), cell(.keyword, true), cell(.vector, false), cell(.vector, true),
                    cell(.hybrid, false), cell(.hybrid, true), figure.exactP50.map { String(format: "%.2f", $0) } ?? "-",
                    figure.recall.map { String(format: "%.3f", $0.vector) } ?? "exact",
                    figure.recall.map { String(format: "%.3f", $0.hybrid) } ?? "exact",
                ], first: 10, width: 11))
            }
            if let pg = figures.first(where: { $0.0 == .postgres })?.1 {
                let hybrid = pg.latency[.hybrid]?.p50 ?? .infinity
                out.write(String(format: "postgres targets: import ≥ 3000 chunks/s — %@ (%.0f); hybrid p50 ≤ 25 ms "
                    + "(set for 1M chunks) — %@ (%.2f ms)", pg.chunksPerSecond >= 3000 ? "met" : "NOT met",
                    pg.chunksPerSecond, hybrid <= 25 ? "met" : "NOT met", hybrid))
                if let recall = pg.recall {
                    out.write(String(format: "; recall@10 ≥ 0.95 — %@ (vector %.3f, hybrid %.3f)",
                                     min(recall.vector, recall.hybrid) >= 0.95 ? "met" : "NOT met", recall.vector, recall.hybrid))
                }
                if let sqlite = figures.first(where: { $0.0 == .sqlite })?.1, let lite = sqlite.latency[.hybrid]?.p50 {
                    out.write(String(format: "; postgres/sqlite hybrid p50 %.2fx, import %.2fx", hybrid / lite,
                                     pg.chunksPerSecond / sqlite.chunksPerSecond))
                }
                out.write("\n")
            }
            out.write("\n")
        }
        return true
    }

    /// Imports the corpus with `kb import`'s importer, then times each mode; with `exact`, the recall of the
    /// vector and hybrid results against the same searches with an exact vector scan.
    private func measure(
        _ store: any BevGenieStore, corpus: String, queries texts: [String], exact: PostgresStore?
    ) async throws -> BackendFigures {
        let embedder = HashingEmbedder()
        let started = ContinuousClock.now
        let summary = try await KnowledgeImporter(store: store, embedder: embedder).run(paths: [corpus]) { _ in }
        let seconds = (ContinuousClock.now - started).milliseconds / 1000
        var figures = BackendFigures(chunksPerSecond: Double(summary.chunks) / seconds)
        let vectors = texts.map(embedder.vector)
        func query(_ index: Int, _ mode: SearchMode) -> KnowledgeQuery {
            KnowledgeQuery(text: texts[index], mode: mode, limit: 10, vector: vectors[index], model: embedder.model)
        }
        _ = try await store.search(query(0, .vector))  // loads SQLite's vectors; warms PostgreSQL's buffers
        var results: [SearchMode: [[String]]] = [:]
        for mode in SearchMode.allCases {
            var times: [Double] = []
            for index in texts.indices {
                let began = ContinuousClock.now
                let hits = try await store.search(query(index, mode))
                times.append((ContinuousClock.now - began).milliseconds)
                results[mode, default: []].append(hits.map(\.chunk.id))
            }
            figures.latency[mode] = (percentile(times, 0.5), percentile(times, 0.99))
        }
        if let exact {
            var recalls: [SearchMode: Double] = [:]
            var times: [Double] = []
            for mode in [SearchMode.vector, .hybrid] {
                var found = 0, wanted = 0
                for index in texts.indices {
                    let began = ContinuousClock.now
                    let truth = try await exact.exactSearch(query(index, mode))
                    if mode == .hybrid { times.append((ContinuousClock.now - began).milliseconds) }
                    let approximate = Set(results[mode]?[index] ?? [])
                    found += truth.filter(approximate.contains).count
                    wanted += truth.count
                }
                recalls[mode] = wanted == 0 ? 1 : Double(found) / Double(wanted)
            }
            figures.recall = (recalls[.vector] ?? 0, recalls[.hybrid] ?? 0)
            figures.exactP50 = percentile(times, 0.5)
        }
        return figures
    }
}
