import BevGenieCore
import Foundation

/// `bench kb`'s speed section, the parts beside the table: the synthetic corpus written without holding it twice,
/// the index loads timed apart from the searches, the targets of issue 16 per size, and the checks that the fast
/// legs still give the exact answers (keyword ranking equal to FTS5's `bm25()`, vector recall against a float scan).
extension BevGenieCLI.Bench.KB {
    /// Writes `size` synthetic records to `path` as JSON Lines, line by line, and returns the queries (a few
    /// consecutive words of random records, so every query has an answer) with their built-in embeddings. The
    /// same records and queries, in the same order, as before: one generator, records first.
    static func writeCorpus(size: Int, queries count: Int, to path: String) throws -> (queries: [String], vectors: [[Float]]) {
        var generator = SyntheticCorpus(seed: UInt64(size))
        let records = generator.records(size)
        FileManager.default.createFile(atPath: path, contents: nil)
        guard let file = FileHandle(forWritingAtPath: path) else {
            throw CommandFailure("cannot write the corpus \(path)", exitCode: 1)
        }
        defer { try? file.close() }
        var buffer = ""
        for (index, record) in records.enumerated() {
            if index > 0 { buffer += "\n" }
            buffer += JSONValue.object([("title", .string(record.title)), ("text", .string(record.text))]).serialized()
            if buffer.utf8.count >= 1 << 20 {
                try file.write(contentsOf: Data(buffer.utf8))
                buffer = ""
            }
        }
        try file.write(contentsOf: Data(buffer.utf8))
        let queries = generator.queries(from: records, count: count)
        return (queries, queries.map(HashingEmbedder().vector))
    }

    /// The first keyword and the first vector search, timed apart: each loads its in-memory index.
    static func loadIndexes(store: SQLiteStore, query: String, vector: [Float], model: String, out: Terminal) async throws {
        let keywordStart = ContinuousClock.now
        _ = try await store.search(KnowledgeQuery(text: query, mode: .keyword, limit: 10))
        let keywordMs = (ContinuousClock.now - keywordStart).milliseconds
        let vectorStart = ContinuousClock.now
        _ = try await store.search(KnowledgeQuery(text: query, mode: .vector, limit: 10, vector: vector, model: model))
        let vectorMs = (ContinuousClock.now - vectorStart).milliseconds
        let sizes = try await store.searchIndexSizes()
        out.write(String(format: "index load (first search): keyword postings %.1f ms (%d postings), vectors %.1f ms (%.0f MB int8)\n",
                         keywordMs, sizes.postings, vectorMs, Double(sizes.vectorBytes) / 1_048_576))
    }

    /// Issue 16's targets at this size, each with its figure.
    static func printTargets(size: Int, ours: [SearchMode: Double], peer: [String: JSONValue], peak: ResidentMemory, out: Terminal) {
        func peerP50(_ mode: SearchMode) -> Double? { peer["modes"]?[mode.rawValue]?["p50"]?.doubleValue }
        func verdict(_ met: Bool) -> String { met ? "met" : "NOT met" }
        let hybrid = ours[.hybrid]!, keyword = ours[.keyword]!, vector = ours[.vector]!
        var lines: [String] = []
        let hybridTarget: Double? = size <= 10_000 ? 2 : size <= 100_000 ? 20 : size <= 1_000_000 ? 150 : nil
        if let hybridTarget {
            var line = String(format: "hybrid p50 ≤ %.0f ms: %.3f ms — %@", hybridTarget, hybrid, verdict(hybrid <= hybridTarget))
            if let theirs = peerP50(.hybrid) {
                line += String(format: "; %.1f× faster than the peer (%.3f ms)", theirs / hybrid, theirs)
                if size <= 10_000 { line += " — ≥ 3×: " + verdict(theirs / hybrid >= 3) }
            }
            lines.append(line)
        }
        if let theirs = peerP50(.keyword) {
            lines.append(String(format: "keyword p50 no slower than the peer's FTS5: %.3f vs %.3f ms — %@", keyword, theirs,
                                verdict(keyword <= theirs)))
        }
        if size == 100_000 {
            lines.append(String(format: "vector p50 ≤ 10 ms: %.3f ms — %@", vector, verdict(vector <= 10)))
            // Judged on the whole resident set, as the peer's is; the split says how much of it is the database
            // file's pages mapped by SQLite (which the peer, reading through read(), has in the kernel's page
            // cache instead, outside its RSS).
            lines.append(String(format: "peak memory ≤ 250 MB: %.0f MB resident — %@ (private memory peak %.0f MB, "
                + "mapped files peak %.0f MB)", peak.peakTotal, verdict(peak.peakTotal <= 250), peak.anonymous, peak.fileBacked))
        }
        for line in lines { out.write("target: " + line + "\n") }
    }

    /// The keyword ranking against FTS5's on every query, and the vector scan's recall against an exact scan.
    static func searchChecks(store: SQLiteStore, queries: [String], vectors: [[Float]], out: Terminal) async throws {
        let agreement = try await store.keywordAgreement(queries: queries, depth: 40)
        out.write(String(format: "keyword ranking = FTS5 bm25() (top 40, rowids in order): %d of %d queries; largest score difference %.1e\n",
                         agreement.same, agreement.compared, agreement.largestDifference))
        let sample = Array(vectors.prefix(vectors.count >= 1_000_000 ? 10 : 50))
        let recall10 = try await store.vectorRecall(queries: sample, k: 10)
        let recall40 = try await store.vectorRecall(queries: sample, k: 40)
        out.write(String(format: "vector scan (int8, exact re-rank) recall vs exact float32 scan, %d queries: @10 %.4f, @40 %.4f\n",
                         sample.count, recall10, recall40))
        let now = ResidentMemory.now()
        out.write(String(format: "resident memory now: %.0f MB (private %.0f MB, mapped files %.0f MB)\n",
                         now.total, now.anonymous, now.fileBacked))
    }
}

/// CPU time the process has used (user + system, all threads), in seconds: on a loaded machine the wall time of
/// an import says more about the other processes than about the import.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// The process's CPU time (all threads) in milliseconds, precise to the nanosecond: the cost of one search.
func processCPUMilliseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1_000_000
}
