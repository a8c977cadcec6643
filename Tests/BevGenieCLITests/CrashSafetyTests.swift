import BevGenieCore
import Foundation
import Testing

/// `kb import` killed with SIGKILL at random moments, over and over, on one database: it always opens, passes
/// SQLite's and FTS5's integrity checks, holds every document either whole (all its chunks, all of one version,
/// each with its vector) or not at all, and a final run completes the import. Rounds: `BEVGENIE_CRASH_ROUNDS`
/// (default 8); each round first rewrites a random part of the corpus, so every run has real writes to interrupt.
/// The kill moment is a random fraction of how long the last uninterrupted run took (these machines are shared, so
/// that changes); rounds go on, up to three times as many, until at least half of them were killed mid-import.
@Suite struct CrashSafetyTests {
    static let rounds = Int(ProcessInfo.processInfo.environment["BEVGENIE_CRASH_ROUNDS"] ?? "") ?? 8
    static let documents = 800

    @Test func importsKilledAtRandomLeaveWholeDocumentsAndResume() async throws {
        try await withTemporaryDirectory { dir in
            let corpus = dir + "/corpus"
            var versions = Array(repeating: 0, count: Self.documents)
            try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
            for index in versions.indices { try Self.writeDocument(index, version: 0, in: corpus) }

            // A complete import first: how long one takes, and how many chunks each document has.
            let reference = dir + "/reference.db"
            let started = ContinuousClock.now
            let full = try await bevgenie(["kb", "import", corpus, "--db", reference])
            #expect(full.status == 0, "\(full.stderr)")
            let fullDuration = ContinuousClock.now - started
            let expected = try Self.shapes(reference)

            let database = dir + "/crashed.db"
            var generator = SystemRandomNumberGenerator()
            var interrupted = 0
            var round = 0
            var estimate = fullDuration
            while round < Self.rounds || (interrupted < Self.rounds / 2 && round < Self.rounds * 3) {
                // New versions of some documents: these runs replace, not just skip.
                for index in versions.indices where Int.random(in: 0..<10, using: &generator) < 4 {
                    versions[index] += 1
                    try Self.writeDocument(index, version: versions[index], in: corpus)
                }
                let delay = estimate * Double.random(in: 0.02...1.1, using: &generator)
                let run = try await runKilled(["kb", "import", corpus, "--db", database], after: delay)
                if run.killed { interrupted += 1 } else { estimate = run.elapsed }

                let opened = try await bevgenie(["kb", "stats", "--db", database])
                #expect(opened.status == 0, "round \(round): the database did not open: \(opened.stderr)")
                let problems = try Self.check(database, expected: expected)
                #expect(problems.isEmpty, "round \(round), killed after \(delay): \(problems.prefix(5))")
                let present = try Self.shapes(database).filter { versions[Int($0.key.dropFirst(3)) ?? 0] == $0.value.version }
                print("crash round \(round): \(run.killed ? "killed" : "finished") after \(Int(run.elapsed / .milliseconds(1))) ms, "
                    + "\(present.count) of \(Self.documents) documents at their latest version, checks \(problems.isEmpty ? "ok" : "FAILED")")
                round += 1
            }
            #expect(interrupted >= Self.rounds / 2, "most kills should land while the import runs (\(interrupted) of \(round))")

            let resumed = try await bevgenie(["kb", "import", corpus, "--db", database])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(try Self.check(database, expected: expected).isEmpty)
            let latest = try Self.shapes(database)
            #expect(latest.count == expected.count)
            for (index, version) in versions.enumerated() {
                #expect(latest["doc\(index)"]?.version == version, "doc\(index) is not at its latest version")
            }
        }
    }

    /// A document whose every paragraph carries its number and version, in 3 to 6 sections.
    static func writeDocument(_ index: Int, version: Int, in directory: String) throws {
        let words = ["distributor", "depletion", "compliance", "display", "execution", "margin", "retailer",
                     "territory", "pricing", "promotion", "rebate", "inventory", "velocity", "shelf", "route"]
        func paragraph(_ seed: Int) -> String {
            (0..<50).map { words[(seed * 7 + $0 * 13 + version) % words.count] }.joined(separator: " ")
        }
        var text = "# Guide \(index)\n\nm\(index)v\(version) " + paragraph(index) + "\n\n"
        for section in 0..<(3 + index % 4) {
            text += "## Part \(section)\n\nm\(index)v\(version) " + paragraph(index + section) + "\n\n"
        }
        try text.write(toFile: directory + "/doc\(index).md", atomically: true, encoding: .utf8)
    }

    struct Shape: Equatable {
        var chunks: Int
        var vectors: Int
        /// The version all chunks carry, or nil when they disagree.
        var version: Int?
    }

    /// Each imported corpus document's chunks, vectors and version (by the `mNvV` markers in its chunks).
    static func shapes(_ path: String) throws -> [String: Shape] {
        let db = try SQLiteDatabase(path: path, options: [.readWrite])
        var shapes: [String: Shape] = [:]
        let rows = try db.query("""
            SELECT c.text, d.source, (SELECT count(*) FROM chunk_vectors v WHERE v.chunk_rowid = c.rowid)
            FROM chunks c JOIN documents d ON d.id = c.document_id WHERE d.source NOT LIKE 'builtin:%'
            """)
        for row in rows {
            let name = URL(fileURLWithPath: try row.string(1)).deletingPathExtension().lastPathComponent
            let marker = try row.string(0).split(separator: " ").first { $0.hasPrefix("m") && $0.contains("v") }
            let version = marker.flatMap { Int($0.split(separator: "v").last ?? "") }
            var shape = shapes[name] ?? Shape(chunks: 0, vectors: 0, version: version)
            shape.chunks += 1
            shape.vectors += try row.int(2)
            if shape.version != version { shape.version = nil }
            shapes[name] = shape
        }
        return shapes
    }

    /// What is wrong with the database, if anything.
    static func check(_ path: String, expected: [String: Shape]) throws -> [String] {
        let db = try SQLiteDatabase(path: path, options: [.readWrite])
        var problems: [String] = []
        let integrity = try db.query("PRAGMA integrity_check").map { try $0.string(0) }
        if integrity != ["ok"] { problems.append("integrity_check: \(integrity.prefix(3))") }
        do {
            try db.execute("INSERT INTO chunks_fts(chunks_fts, rank) VALUES('integrity-check', 1)")
        } catch {
            problems.append("FTS5 index does not match the chunks: \(error)")
        }
        let orphans = try db.queryRow(
            "SELECT count(*) FROM chunks WHERE document_id NOT IN (SELECT id FROM documents)")?.int(0) ?? 0
        if orphans > 0 { problems.append("\(orphans) chunks without a document") }
        let chunkless = try db.queryRow(
            "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.document_id = d.id)")?.int(0) ?? 0
        if chunkless > 0 { problems.append("\(chunkless) documents without chunks") }
        for (name, shape) in try shapes(path) {
            guard let whole = expected[name] else {
                problems.append("\(name): not in the corpus")
                continue
            }
            if shape.chunks != whole.chunks || shape.vectors != whole.chunks || shape.version == nil {
                problems.append("\(name): \(shape) but a whole document is \(whole.chunks) chunks of one version")
            }
        }
        return problems
    }
}

/// Starts the binary and sends it SIGKILL once `delay` has passed, if it is still running. Whether it was killed
/// (else it exited 0), and how long it ran.
func runKilled(_ arguments: [String], after delay: Duration) async throws -> (killed: Bool, elapsed: Duration) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: bevgenieBinary)
    process.arguments = arguments
    process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "LANG": "C.UTF-8"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    let clock = ContinuousClock()
    let started = clock.now
    try process.run()
    while process.isRunning, clock.now - started < delay {
        try await Task.sleep(for: .milliseconds(5))
    }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    let (reason, status) = await withCheckedContinuation { continuation in
        Thread.detachNewThread {
            process.waitUntilExit()
            continuation.resume(returning: (process.terminationReason, process.terminationStatus))
        }
    }
    let elapsed = clock.now - started
    if reason == .uncaughtSignal {
        #expect(status == SIGKILL, "kb import died of signal \(status)")
        return (true, elapsed)
    }
    #expect(status == 0, "kb import exited \(status)")
    return (false, elapsed)
}
