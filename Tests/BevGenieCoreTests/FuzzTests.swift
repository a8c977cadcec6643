import Foundation
import Testing

@testable import BevGenieCore
import BevGenieFuzzing

/// Every fuzz target replays its saved inputs (seeds and past findings) and then runs the seeded mutational
/// fuzzer for a fixed budget: `BEVGENIE_FUZZ_SECONDS` (default 2 per target), `BEVGENIE_FUZZ_SEED` to replay a
/// run. A failing input is saved under `.build/test-output/fuzz/` to become a file in `Fuzz/corpus/TARGET/`.
@Suite struct FuzzTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let environment = ProcessInfo.processInfo.environment
    static let budget = Double(environment["BEVGENIE_FUZZ_SECONDS"] ?? "") ?? 2

    @Test(arguments: FuzzTarget.allCases)
    func fuzz(_ target: FuzzTarget) async throws {
        let corpus = try FuzzRunner.corpus(target, in: Self.repository + "/Fuzz/corpus")
        #expect(corpus.count >= 2, "seed inputs for \(target) in Fuzz/corpus/\(target.rawValue)")
        let seed = UInt64(Self.environment["BEVGENIE_FUZZ_SEED"] ?? "") ?? UInt64.random(in: 0...UInt64.max)
        let runner = FuzzRunner(target: target, corpus: corpus, seed: seed)
        // CPU-bound for the whole budget: on a thread of its own, not one of the few the other tests share.
        let report = await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: runner.run(for: .seconds(Self.budget))) }
        }
        if let failure = report.failure {
            let directory = Self.repository + "/.build/test-output/fuzz"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let path = directory + "/\(target.rawValue)-\(seed).bin"
            FileManager.default.createFile(atPath: path, contents: Data(failure.input))
            Issue.record("\(failure.finding) — seed \(seed), input saved to \(path)")
        }
        #expect(report.executions > corpus.count, "the fuzzer ran past the corpus")
    }

    // The findings so far, spelled out (their inputs are also in Fuzz/corpus).

    @Test func numbersBeyondDoubleAreRefusedNotTurnedIntoNull() throws {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse("1e400") }
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse("[-1e309]") }
        #expect(try JSONParser.parse("1e-400") == .number(0))  // underflow is a fine zero
    }

    @Test func controlCharactersNeverReachFTS5() throws {
        #expect(SQLiteStore.ftsQuery(["a\u{0}b", "\u{0}", "c\u{7}"]) == "\"ab\" OR \"c\"")
        try FuzzTarget.fts.run(Array("\u{0}\" NEAR(a*, -b) \u{0}".utf8))
    }

    @Test func aQuoteWithACombiningMarkIsStillEscaped() throws {
        // As Characters, `"` + U+0301 is one grapheme that is not `"`: it went through undoubled and ended the
        // FTS5 string early ("syntax error").
        #expect(SQLiteStore.ftsQuery(["\"\u{301}x"]) == "\"\"\"\u{301}x\"")
        try FuzzTarget.fts.run(Array("a \"\u{64E}\u{7DA} '\"\u{301}".utf8))
    }

    @Test func escapedKeysAreReadAsTheParserReadsThem() {
        // `section` + escaped backslashes + `s` lost its escapes and read as "sections".
        var decoy = IncrementalSections()
        #expect(decoy.feed(#"{"section\\\\s":[{"a":1}],"sections":[{"b":2}]}"#) == [.object([("b", 2)])])
        var spelled = IncrementalSections()
        #expect(spelled.feed(#"{"section\u0073":[{"a":1}]}"#) == [.object([("a", 1)])])
    }
}
