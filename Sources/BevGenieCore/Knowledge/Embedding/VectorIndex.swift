/// Every chunk vector of one model in one contiguous array, scanned exhaustively.
///
/// Exact (brute-force) search rather than an approximate index: at the sizes a company's knowledge base reaches
/// (10^4–10^5 chunks, 256 dimensions) a scan is a few milliseconds, needs no build step or tuning, and never
/// misses a neighbour. Vectors are normalized, so the score is a dot product.
struct VectorIndex: Sendable {
    let model: String
    let dimensions: Int
    private(set) var rowids: [Int64] = []
    private(set) var values: [Float] = []

    init(model: String, dimensions: Int) {
        self.model = model
        self.dimensions = dimensions
    }

    var count: Int { rowids.count }

    mutating func reserve(_ count: Int) {
        rowids.reserveCapacity(count)
        values.reserveCapacity(count * dimensions)
    }

    mutating func append(rowid: Int64, blob: [UInt8]) {
        guard blob.count == dimensions * 4 else { return }  // a vector of another size is not of this model
        rowids.append(rowid)
        VectorBlob.decode(blob, into: &values)
    }

    /// The `k` rows most similar to `query`, best first.
    func nearest(_ query: [Float], k: Int) -> [(rowid: Int64, score: Float)] {
        guard query.count == dimensions, k > 0, !rowids.isEmpty else { return [] }
        var best = TopK(capacity: k)
        let d = dimensions
        query.withUnsafeBufferPointer { q in
            values.withUnsafeBufferPointer { v in
                for row in 0..<rowids.count {
                    let base = row * d
                    // Eight independent accumulators let the compiler vectorize the dot product.
                    var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
                    var s4: Float = 0, s5: Float = 0, s6: Float = 0, s7: Float = 0
                    var i = 0
                    while i + 8 <= d {
                        s0 += q[i] * v[base + i]
                        s1 += q[i + 1] * v[base + i + 1]
                        s2 += q[i + 2] * v[base + i + 2]
                        s3 += q[i + 3] * v[base + i + 3]
                        s4 += q[i + 4] * v[base + i + 4]
                        s5 += q[i + 5] * v[base + i + 5]
                        s6 += q[i + 6] * v[base + i + 6]
                        s7 += q[i + 7] * v[base + i + 7]
                        i += 8
                    }
                    var score = (s0 + s1) + (s2 + s3) + (s4 + s5) + (s6 + s7)
                    while i < d {
                        score += q[i] * v[base + i]
                        i += 1
                    }
                    best.offer(row, score)
                }
            }
        }
        return best.sorted().map { (rowids[$0.index], $0.score) }
    }
}

/// The k largest scores seen, kept in a small min-heap.
struct TopK {
    let capacity: Int
    private var heap: [(index: Int, score: Float)] = []

    init(capacity: Int) {
        self.capacity = capacity
        heap.reserveCapacity(capacity)
    }

    mutating func offer(_ index: Int, _ score: Float) {
        if heap.count < capacity {
            heap.append((index, score))
            siftUp(heap.count - 1)
        } else if score > heap[0].score {
            heap[0] = (index, score)
            siftDown(0)
        }
    }

    func sorted() -> [(index: Int, score: Float)] {
        heap.sorted { ($0.score, $1.index) > ($1.score, $0.index) }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].score < heap[parent].score else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].score < heap[smallest].score { smallest = left }
            if right < heap.count, heap[right].score < heap[smallest].score { smallest = right }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
