import Foundation

/// FTS5's BM25 ranking of the chunks, computed in memory from postings read once with FTS5's own tokenizer.
///
/// Why not just ask FTS5: a search's words are joined with OR, and the common ones ("distributor", "sales") occur
/// in most chunks, so `ORDER BY bm25(...) LIMIT n` makes FTS5 decode the position list and call `bm25()` for nearly
/// every row — 3–10 ms at 10k chunks, ten times that at 100k, whatever the limit. Here a query adds each phrase's
/// precomputed postings (chunk, column-weighted frequency) into a score array: microseconds at 10k.
///
/// The score is FTS5's `bm25()` to the letter (sqlite/ext/fts5/fts5_aux.c): k1 = 1.2, b = 0.75, per phrase
/// IDF = ln((N − n + 0.5) / (n + 0.5)) floored at 1e-6, the phrase frequency summed over instances with the column
/// weights, the row size over all columns, and the same order of floating-point operations — so the ranking is the
/// one the SQL gave (tested against it in `KeywordIndexTests`). Only phrases of one token are answered here (every
/// word of `KnowledgeQuery.terms` is one token for FTS5); the store falls back to FTS5 for anything else.
struct KeywordIndex: Sendable {
    /// The weights search gives `bm25()` for the FTS5 columns title, heading_path and text.
    static let columnWeights: [Double] = [4.0, 2.0, 1.0]
    static let k1 = 1.2
    static let b = 0.75

    /// Chunk rowid per document number (ascending).
    let rowids: [Int64]
    /// Tokens in all columns, per document.
    let lengths: [Int32]
    /// Total tokens over all documents and columns (FTS5's `xColumnTotalSize(-1)`).
    let totalTokens: Int64
    let termIds: [String: Int32]
    /// Postings of term `t` are `offsets[t] ..< offsets[t + 1]` in `documents` and `frequencies`, by document.
    let offsets: [Int32]
    let documents: [UInt32]
    /// The column-weighted count of the term in the document (`Σ weight(column)` over its instances).
    let frequencies: [Float]

    var count: Int { rowids.count }

    /// Postings held, for the memory a benchmark reports.
    var postings: Int { documents.count }

    /// The `limit` best chunks for a query of `phrases` (each one FTS5 token, in the query's order), best first,
    /// with FTS5's score negated (higher is better), ties by rowid.
    func ranked(phrases: [String], limit: Int) -> [(rowid: Int64, score: Double)] {
        let n = rowids.count
        guard n > 0, limit > 0, !phrases.isEmpty else { return [] }
        let k1 = Self.k1, b = Self.b
        let avgdl = Double(totalTokens) / Double(n)
        var scores = [Double](repeating: 0, count: n)
        var touched: [UInt32] = []
        scores.withUnsafeMutableBufferPointer { scores in
            documents.withUnsafeBufferPointer { documents in
                frequencies.withUnsafeBufferPointer { frequencies in
                    lengths.withUnsafeBufferPointer { lengths in
                        // Phrase by phrase, in order: each row's sum then adds in the order FTS5's loop does.
                        for phrase in phrases {
                            guard let term = termIds[phrase] else { continue }  // in no row: adds 0 everywhere
                            let start = Int(offsets[Int(term)]), end = Int(offsets[Int(term) + 1])
                            let hits = Double(end - start)
                            var idf = log((Double(n) - hits + 0.5) / (hits + 0.5))
                            if idf <= 0.0 { idf = 1e-6 }
                            for posting in start..<end {
                                let document = Int(documents[posting])
                                let f = Double(frequencies[posting])
                                let d = Double(lengths[document])
                                if scores[document] == 0 { touched.append(UInt32(document)) }
                                scores[document] += idf * ((f * (k1 + 1.0)) / (f + k1 * (1 - b + b * d / avgdl)))
                            }
                        }
                    }
                }
            }
        }
        var best = RankedTopK(capacity: limit)
        for document in touched { best.offer(Int(document), scores[Int(document)]) }
        return best.sorted().map { (rowids[$0.index], $0.score) }
    }

    /// Accumulates documents in rowid order, then freezes into the compact arrays.
    struct Builder {
        private var terms = TokenTable()
        private var rowids: [Int64] = []
        private var lengths: [Int32] = []
        private var totalTokens: Int64 = 0
        // Postings in document order, before they are grouped by term.
        private var postingTerms: [Int32] = []
        private var postingDocuments: [UInt32] = []
        private var postingFrequencies: [Float] = []
        // The current document's weighted frequency per term, and which terms it touched.
        private var scratch: [Float] = []
        private var touched: [Int32] = []
        private var length: Int32 = 0

        init(expectedDocuments: Int = 0) {
            rowids.reserveCapacity(expectedDocuments)
            lengths.reserveCapacity(expectedDocuments)
        }

        /// One token of column `column` of the current document.
        mutating func add(token: UnsafeRawBufferPointer, column: Int) {
            let id = terms.id(for: token)
            if Int(id) == scratch.count { scratch.append(0) }
            if scratch[Int(id)] == 0 { touched.append(id) }
            scratch[Int(id)] += Float(KeywordIndex.columnWeights[column])
            length += 1
        }

        /// Ends the current document, which has `rowid`.
        mutating func finishDocument(rowid: Int64) {
            let document = UInt32(rowids.count)
            rowids.append(rowid)
            lengths.append(length)
            totalTokens += Int64(length)
            for term in touched {
                postingTerms.append(term)
                postingDocuments.append(document)
                postingFrequencies.append(scratch[Int(term)])
                scratch[Int(term)] = 0
            }
            touched.removeAll(keepingCapacity: true)
            length = 0
        }

        /// The index: postings grouped by term (a counting sort, stable, so each term's stay in document order).
        consuming func build() -> KeywordIndex {
            let termIds = self.terms.dictionary()
            let terms = termIds.count
            var offsets = [Int32](repeating: 0, count: terms + 1)
            for term in postingTerms { offsets[Int(term) + 1] += 1 }
            for term in 0..<terms { offsets[term + 1] += offsets[term] }
            var next = offsets
            var documents = [UInt32](repeating: 0, count: postingTerms.count)
            var frequencies = [Float](repeating: 0, count: postingTerms.count)
            for (posting, term) in postingTerms.enumerated() {
                let slot = Int(next[Int(term)])
                next[Int(term)] += 1
                documents[slot] = postingDocuments[posting]
                frequencies[slot] = postingFrequencies[posting]
            }
            return KeywordIndex(
                rowids: rowids, lengths: lengths, totalTokens: totalTokens, termIds: termIds, offsets: offsets,
                documents: documents, frequencies: frequencies)
        }
    }
}

/// The k best (score, index) pairs seen, best first on `sorted()`; equal scores go to the lower index.
struct RankedTopK {
    let capacity: Int
    private var heap: [(index: Int, score: Double)] = []

    init(capacity: Int) {
        self.capacity = capacity
        heap.reserveCapacity(capacity)
    }

    /// Whether `a` ranks below `b` (the heap's root is the lowest-ranked kept).
    private static func below(_ a: (index: Int, score: Double), _ b: (index: Int, score: Double)) -> Bool {
        a.score < b.score || (a.score == b.score && a.index > b.index)
    }

    mutating func offer(_ index: Int, _ score: Double) {
        let entry = (index: index, score: score)
        if heap.count < capacity {
            heap.append(entry)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard Self.below(heap[child], heap[parent]) else { break }
                heap.swapAt(child, parent)
                child = parent
            }
        } else if let root = heap.first, Self.below(root, entry) {
            heap[0] = entry
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var lowest = parent
                if left < heap.count, Self.below(heap[left], heap[lowest]) { lowest = left }
                if right < heap.count, Self.below(heap[right], heap[lowest]) { lowest = right }
                if lowest == parent { break }
                heap.swapAt(parent, lowest)
                parent = lowest
            }
        }
    }

    func sorted() -> [(index: Int, score: Double)] {
        heap.sorted { Self.below($1, $0) }
    }
}

/// Token bytes → term number, without making a `String` per token: the postings of 100k chunks are built from
/// millions of tokens, and a String and a SipHash for each was half of the load. FNV-1a, open addressing; the
/// terms' bytes live in one arena.
struct TokenTable {
    private var slots = [Int32](repeating: -1, count: 1 << 12)
    private var hashes: [UInt64] = []
    private var starts: [Int32] = [0]
    private var bytes: [UInt8] = []

    var count: Int { hashes.count }

    mutating func id(for token: UnsafeRawBufferPointer) -> Int32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in token {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let id = slots[slot]
            if id < 0 { break }
            if hashes[Int(id)] == hash && equal(Int(id), token) { return id }
            slot = (slot + 1) & mask
        }
        let id = Int32(hashes.count)
        hashes.append(hash)
        bytes.append(contentsOf: token)
        starts.append(Int32(bytes.count))
        slots[slot] = id
        if hashes.count * 2 > slots.count { grow() }
        return id
    }

    private func equal(_ id: Int, _ token: UnsafeRawBufferPointer) -> Bool {
        let start = Int(starts[id]), end = Int(starts[id + 1])
        guard end - start == token.count else { return false }
        return bytes.withUnsafeBufferPointer { stored in
            memcmp(stored.baseAddress! + start, token.baseAddress!, token.count) == 0
        }
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (id, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id)
        }
    }

    /// Every term as a string, by number.
    func dictionary() -> [String: Int32] {
        var result: [String: Int32] = [:]
        result.reserveCapacity(count)
        bytes.withUnsafeBufferPointer { stored in
            for id in 0..<count {
                let start = Int(starts[id]), end = Int(starts[id + 1])
                result[String(decoding: UnsafeBufferPointer(rebasing: stored[start..<end]), as: UTF8.self)] = Int32(id)
            }
        }
        return result
    }
}
