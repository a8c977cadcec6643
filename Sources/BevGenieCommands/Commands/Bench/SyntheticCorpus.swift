import BevGenieCore
import Foundation

/// A deterministic synthetic knowledge base for speed benchmarks: records of a few sentences drawn from the
/// starter knowledge's vocabulary with Zipf-distributed word frequencies (a few words everywhere, most rare),
/// which is how real text spreads its words — and what makes FTS posting lists and vector scans realistic.
struct SyntheticCorpus {
    struct Record {
        var title: String
        var text: String
    }

    private var random: SplitMix64
    private let vocabulary: [String]
    private let cumulative: [Double]

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
        var counts: [String: Int] = [:]
        for document in StarterKnowledge.documents {
            for word in TextAnalysis.words(document.markdown) where word.count >= 3 && !word.allSatisfy(\.isNumber) {
                counts[word, default: 0] += 1
            }
        }
        vocabulary = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
        var total = 0.0
        cumulative = vocabulary.indices.map { rank in
            total += 1 / Double(rank + 1)
            return total
        }
    }

    private mutating func word() -> String {
        let target = Double.random(in: 0..<cumulative.last!, using: &random)
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] < target { low = mid + 1 } else { high = mid }
        }
        return vocabulary[low]
    }

    mutating func records(_ count: Int) -> [Record] {
        (0..<count).map { _ in
            let title = (0..<4).map { _ in word() }.joined(separator: " ").capitalized
            let sentences = (0..<Int.random(in: 3...6, using: &random)).map { _ -> String in
                let words = (0..<Int.random(in: 8...16, using: &random)).map { _ in word() }
                return words.joined(separator: " ").prefix(1).uppercased() + words.joined(separator: " ").dropFirst() + "."
            }
            return Record(title: title, text: sentences.joined(separator: " "))
        }
    }

    /// Three to five consecutive words of random records.
    mutating func queries(from records: [Record], count: Int) -> [String] {
        (0..<count).map { _ in
            let words = records[Int.random(in: 0..<records.count, using: &random)].text.split(separator: " ")
            let length = min(words.count, Int.random(in: 3...5, using: &random))
            let start = Int.random(in: 0...(words.count - length), using: &random)
            return words[start..<(start + length)].joined(separator: " ")
        }
    }
}

/// A small, fast, seedable generator (Steele, Lea & Flood): the same seed gives the same corpus everywhere.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The process's peak resident memory so far, in MB.
func peakResidentMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
}
