import Foundation

/// The built-in embedder: offline, deterministic, no model file, ~20 µs per chunk.
///
/// Design. A vector is the hashed bag of three feature families:
/// - stemmed content words (weight 1): the topic, as keyword search sees it;
/// - domain concepts (weight 1): each word of a synonym group of the trade ("wholesaler", "distributor") adds the
///   group's concept, and each pain point the signal lexicon finds adds that pain point (weighted by strength).
///   This is what keyword search cannot do: "our wholesaler's salespeople" lands near "distributor reps";
/// - character trigrams of each word with boundary marks (`<di`, `dis`, …; together weight 0.2 per word):
///   morphology and typos, so "distributr" still lands near "distributor".
/// Each feature is hashed (FNV-1a, stable across processes and machines) to one of `dimensions` slots with a
/// hash-derived sign, so collisions do not add up in one direction (the "hashing trick"). Counts are dampened
/// (ln(1 + tf)) so a repeated word does not drown the rest, and the vector is L2-normalized: cosine similarity is
/// a dot product. 256 dimensions keep collisions rare for passage-length text while a 100k-chunk index stays at
/// 100 MB and a brute-force scan at a few milliseconds.
///
/// Measured on Examples/eval/retrieval.jsonl (40 paraphrased questions, starter knowledge), vector search alone:
/// words only recall@5 0.70; adding word pairs or heavier trigrams made it worse (0.65); adding concepts 0.83,
/// as good as BM25, and fused with BM25 it beats BM25 alone (see `bevgenie bench kb`). It is still a lexical
/// model — "ROI" and "payback" meet only through the concept table — which is why search fuses it with BM25 and
/// why a learned model can be configured instead (`--embedder openai:MODEL`).
public struct HashingEmbedder: Embedder {
    public let dimensions: Int
    public var model: String { "builtin:hash\(dimensions)-v1" }
    static let trigramWeight = 0.2
    static let conceptWeight = 1.0

    public init(dimensions: Int = 256) {
        precondition(dimensions > 0 && dimensions.nonzeroBitCount == 1, "dimensions must be a power of two")
        self.dimensions = dimensions
    }

    public func embed(_ texts: [String]) async throws -> [[Float]] {
        texts.map(vector)
    }

    /// The vector for one text (synchronous: there is nothing to wait for).
    public func vector(_ text: String) -> [Float] {
        var counts = FeatureCounts()
        let message = AnalyzedMessage(text)
        var marked: [UInt8] = []
        marked.reserveCapacity(32)
        for (word, stem) in zip(message.words, message.stems) where !TextAnalysis.stopWords.contains(word) {
            counts.add(StableHash.value("w:", stem), 1.0)
            if let concept = Self.concepts[stem] {
                counts.add(StableHash.value("c:", concept), Self.conceptWeight)
            }
            marked.removeAll(keepingCapacity: true)
            marked.append(UInt8(ascii: "<"))
            marked.append(contentsOf: word.utf8)
            marked.append(UInt8(ascii: ">"))
            if marked.count >= 3 {
                let weight = Self.trigramWeight / Double(marked.count - 2)
                for start in 0...(marked.count - 3) {
                    var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ 0x74  // seeded apart from word features
                    for byte in marked[start..<(start + 3)] {
                        hash ^= UInt64(byte)
                        hash &*= 0x0000_0100_0000_01B3
                    }
                    counts.add(hash, weight)
                }
            }
        }
        for (painPoint, strength) in SignalDetector().painPointStrengths(in: message) {
            counts.add(StableHash.value("p:", painPoint.rawValue), Self.conceptWeight * 2 * strength)
        }
        var vector = [Float](repeating: 0, count: dimensions)
        let mask = UInt64(dimensions - 1)
        counts.forEach { hash, count in
            let mixed = hash ^ (hash >> 29)
            let slot = Int(mixed & mask)
            let sign: Float = (mixed >> 63) == 0 ? 1 : -1
            vector[slot] += sign * Float(log1p(count))
        }
        var norm: Float = 0
        for value in vector { norm += value * value }
        if norm > 0 {
            let scale = 1 / norm.squareRoot()
            for index in vector.indices { vector[index] *= scale }
        }
        return vector
    }
}

extension HashingEmbedder {
    /// Words of the beverage-alcohol trade that mean the same thing to a buyer, by stem → concept.
    static let concepts: [String: String] = {
        let groups: [String: [String]] = [
            "distributor": ["distributor", "wholesaler", "wholesale", "distribution"],
            "rep": ["rep", "salesperson", "salespeople", "seller", "salesman", "field", "merchandiser"],
            "retail": ["retailer", "retail", "store", "shop", "chain", "grocery", "outlet", "offpremise"],
            "onpremise": ["bar", "restaurant", "venue", "pub", "taproom", "onpremise", "hospitality"],
            "price": ["price", "pricing", "cost", "fee", "subscription", "plan", "budget", "expensive", "cheap"],
            "return": ["roi", "return", "payback", "value", "worth", "savings", "save"],
            "demo": ["demo", "trial", "pilot", "walkthrough", "tour", "onboarding", "implementation"],
            "shelf": ["shelf", "display", "planogram", "facing", "placement", "endcap", "merchandising", "audit"],
            "inventory": ["inventory", "stock", "outofstock", "stockout", "supply", "overstock", "warehouse"],
            "forecast": ["forecast", "predict", "prediction", "demand", "projection"],
            "depletion": ["depletion", "sellthrough", "velocity", "scan", "sales"],
            "compliance": ["compliance", "compliant", "regulation", "regulatory", "law", "legal", "rule", "ttb", "cola",
                           "label", "license", "permit", "posting"],
            "expansion": ["expand", "expansion", "launch", "enter", "entry", "growth", "whitespace", "territory"],
            "data": ["data", "report", "reporting", "spreadsheet", "excel", "dashboard", "analytics"],
            "promotion": ["promotion", "promo", "program", "incentive", "allowance", "discount", "scanback", "rebate"],
            "supplier": ["brand", "supplier", "brewery", "winery", "distillery", "producer", "importer", "brewer"],
            "customer": ["customer", "client", "story", "testimonial", "reference"],
            "integration": ["integrate", "integration", "connect", "sync", "import", "feed", "api"],
            "mobile": ["mobile", "app", "phone", "tablet", "offline"],
            "compare": ["compare", "comparison", "versus", "alternative", "competitor", "different"],
            "route": ["route", "routing", "drive", "driving", "visit", "call", "schedule"],
        ]
        var map: [String: String] = [:]
        // In a fixed order, first group wins: two words of different groups can share a stem ("import" and
        // "importer"), and a dictionary's iteration order changes from process to process.
        for (concept, words) in groups.sorted(by: { $0.key < $1.key }) {
            for word in words where map[TextAnalysis.stem(word)] == nil { map[TextAnalysis.stem(word)] = concept }
        }
        return map
    }()
}
