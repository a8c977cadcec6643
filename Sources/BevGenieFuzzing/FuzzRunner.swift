import BevGenieCore
import Foundation

/// The seeded fuzzer used in the tests and by `bevgenie-fuzz` without libFuzzer: replays a corpus, then mutates
/// it for a time budget, keeping nothing but the first input that breaks a promise.
public struct FuzzRunner: Sendable {
    public struct Report: Sendable {
        public var target: FuzzTarget
        public var seed: UInt64
        public var executions: Int
        public var failure: (input: [UInt8], finding: FuzzFinding)?
    }

    public var target: FuzzTarget
    public var corpus: [[UInt8]]
    public var seed: UInt64

    public init(target: FuzzTarget, corpus: [[UInt8]], seed: UInt64) {
        self.target = target
        self.corpus = corpus.isEmpty ? [[]] : corpus
        self.seed = seed
    }

    /// Every corpus input, then mutations until `budget` has passed.
    public func run(for budget: Duration) -> Report {
        var report = Report(target: target, seed: seed, executions: 0)
        for input in corpus {
            report.executions += 1
            do { try target.run(input) } catch {
                report.failure = (input, error)
                return report
            }
        }
        var mutator = FuzzMutator(seed: seed)
        let dictionary = target.dictionary
        var pool = corpus
        let deadline = ContinuousClock.now + budget
        while ContinuousClock.now < deadline {
            for _ in 0..<64 {
                let input = mutator.mutate(pool[mutator.below(pool.count)], corpus: pool, dictionary: dictionary)
                report.executions += 1
                do { try target.run(input) } catch {
                    report.failure = (input, error)
                    return report
                }
                // Without coverage feedback, keep a bounded, changing pool so mutations compound.
                if mutator.below(8) == 0 {
                    if pool.count < 256 { pool.append(input) } else { pool[corpus.count + mutator.below(256 - corpus.count)] = input }
                }
            }
        }
        return report
    }

    /// The saved inputs of `target` under `directory` (`Fuzz/corpus`): seeds and every past finding.
    public static func corpus(_ target: FuzzTarget, in directory: String) throws -> [[UInt8]] {
        let folder = directory + "/" + target.rawValue
        return try FileManager.default.contentsOfDirectory(atPath: folder).sorted().map { name in
            Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
        }
    }
}
