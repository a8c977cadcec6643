/// Every chunk vector of one model, quantised to 8 bits in one contiguous array and scanned exhaustively; the
/// best candidates of the scan are then re-ranked with their exact float32 vectors (`SQLiteStore.rerank`).
///
/// Exact-ish brute force rather than an approximate index: at the sizes a company's knowledge base reaches
/// (10^4–10^6 chunks, 256–384 dimensions) a scan is milliseconds, needs no build step or tuning and visits every
/// row. Why 8 bits: a scan reads every vector, so its time is memory bandwidth — a quarter of the bytes of float32
/// is a quarter of the time and of the memory (26 MB instead of 102 MB at 100k × 256), and integer dot products
/// vectorize well. Each vector has its own scale (largest |component| → 127); the query is quantised the same way.
/// The quantised score misorders near neighbours slightly, so the scan keeps several times more candidates than
/// asked for and the exact re-rank restores the order; `bench kb` prints its recall against an exact float scan.
/// Vectors are normalized, so the score is a dot product.
struct VectorIndex: Sendable {
    let model: String
    let dimensions: Int
    private(set) var rowids: [Int64] = []
    private(set) var codes: [Int8] = []
    private(set) var scales: [Float] = []

    init(model: String, dimensions: Int) {
        self.model = model
        self.dimensions = dimensions
    }

    var count: Int { rowids.count }

    /// Bytes the index holds (codes, scales and rowids).
    var bytes: Int { codes.count + scales.count * 4 + rowids.count * 8 }

    mutating func reserve(_ count: Int) {
        rowids.reserveCapacity(count)
        codes.reserveCapacity(count * dimensions)
        scales.reserveCapacity(count)
    }

    mutating func append(rowid: Int64, blob: [UInt8]) {
        guard blob.count == dimensions * 4 else { return }  // a vector of another size is not of this model
        rowids.append(rowid)
        blob.withUnsafeBytes { raw in
            let d = dimensions
            var largest: Float = 0
            for i in 0..<d { largest = max(largest, abs(Self.component(raw, i))) }
            let scale = largest > 0 ? largest / 127 : 1
            scales.append(scale)
            let inverse = 1 / scale
            for i in 0..<d { codes.append(Int8((Self.component(raw, i) * inverse).rounded())) }
        }
    }

    @inline(__always)
    private static func component(_ raw: UnsafeRawBufferPointer, _ index: Int) -> Float {
        Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)))
    }

    /// How many candidates the scan keeps for `k` results: enough that the exact re-rank almost never misses one
    /// of the true top `k` (recall printed by `bench kb`), few enough that re-ranking stays a fraction of the scan.
    static func candidateCount(for k: Int) -> Int { max(k * 4, 100) }

    /// The `count` rows whose quantised vectors score highest against `query`, best first (approximate order).
    func candidates(_ query: [Float], count: Int) -> [Int64] {
        guard query.count == dimensions, count > 0, !rowids.isEmpty else { return [] }
        let d = dimensions
        var largest: Float = 0
        for value in query { largest = max(largest, abs(value)) }
        let inverse: Float = largest > 0 ? 127 / largest : 1
        let q = query.map { Int8(($0 * inverse).rounded()) }
        var best = TopK(capacity: count)
        q.withUnsafeBufferPointer { q in
            codes.withUnsafeBufferPointer { codes in
                scales.withUnsafeBufferPointer { scales in
                    let q = q.baseAddress!
                    for row in 0..<scales.count {
                        let v = codes.baseAddress! + row * d
                        best.offer(row, Float(Self.dot(q, v, d)) * scales[row])
                    }
                }
            }
        }
        return best.sorted().map { rowids[$0.index] }
    }

    /// An int8 dot product, sixteen components a step: each half widened to Int16 and multiplied into Int32 pairs
    /// that are added at once — the shape the compiler turns into `pmaddwd` (SSE2), twice as fast as a scalar
    /// loop. No overflow is possible: 4,096 × 127² < 2³¹.
    @inline(__always)
    private static func dot(_ a: UnsafePointer<Int8>, _ b: UnsafePointer<Int8>, _ count: Int) -> Int32 {
        var acc0 = SIMD4<Int32>(), acc1 = SIMD4<Int32>()
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var i = 0
        while i + 16 <= count {
            let x0 = SIMD8<Int16>(truncatingIfNeeded: ra.loadUnaligned(fromByteOffset: i, as: SIMD8<Int8>.self))
            let y0 = SIMD8<Int16>(truncatingIfNeeded: rb.loadUnaligned(fromByteOffset: i, as: SIMD8<Int8>.self))
            let p0 = SIMD8<Int32>(truncatingIfNeeded: x0) &* SIMD8<Int32>(truncatingIfNeeded: y0)
            acc0 &+= p0.evenHalf &+ p0.oddHalf
            let x1 = SIMD8<Int16>(truncatingIfNeeded: ra.loadUnaligned(fromByteOffset: i + 8, as: SIMD8<Int8>.self))
            let y1 = SIMD8<Int16>(truncatingIfNeeded: rb.loadUnaligned(fromByteOffset: i + 8, as: SIMD8<Int8>.self))
            let p1 = SIMD8<Int32>(truncatingIfNeeded: x1) &* SIMD8<Int32>(truncatingIfNeeded: y1)
            acc1 &+= p1.evenHalf &+ p1.oddHalf
            i += 16
        }
        var sum = (acc0 &+ acc1).wrappedSum()
        while i < count {
            sum &+= Int32(a[i]) &* Int32(b[i])
            i += 1
        }
        return sum
    }

    /// The exact float32 dot product, for re-ranking and for measuring the scan's recall. The same eight
    /// accumulators, summed in the same order, as the float32 scan this index replaced: scores to the last bit.
    static func dot(_ a: [Float], _ blob: [UInt8]) -> Float {
        guard blob.count == a.count * 4 else { return -.infinity }
        return a.withUnsafeBufferPointer { q in
            blob.withUnsafeBytes { raw in
                let d = q.count
                var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
                var s4: Float = 0, s5: Float = 0, s6: Float = 0, s7: Float = 0
                var i = 0
                while i + 8 <= d {
                    s0 += q[i] * component(raw, i)
                    s1 += q[i + 1] * component(raw, i + 1)
                    s2 += q[i + 2] * component(raw, i + 2)
                    s3 += q[i + 3] * component(raw, i + 3)
                    s4 += q[i + 4] * component(raw, i + 4)
                    s5 += q[i + 5] * component(raw, i + 5)
                    s6 += q[i + 6] * component(raw, i + 6)
                    s7 += q[i + 7] * component(raw, i + 7)
                    i += 8
                }
                var score = (s0 + s1) + (s2 + s3) + (s4 + s5) + (s6 + s7)
                while i < d {
                    score += q[i] * component(raw, i)
                    i += 1
                }
                return score
            }
        }
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
