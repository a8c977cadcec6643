extension HashingEmbedder {
    /// A text's feature weights by feature hash: an open-addressing table in two flat arrays.
    ///
    /// Why not `[UInt64: Double]`: every word adds ten or so features, and the dictionary re-hashed each already
    /// well-mixed FNV value with SipHash and grew by copying. Here the FNV value is the hash (multiplied by a
    /// golden-ratio constant so its high bits index the table), and the table starts large enough for a chunk.
    /// Its order depends only on the keys, so a text's vector is now the same bits in every process; the
    /// dictionary's order changed with each process's hash seed, and with it the last bit of some components.
    struct FeatureCounts {
        private var keys: [UInt64]
        private var weights: [Double]
        private var used: [Bool]
        private var count = 0
        private var shift: Int

        init(capacity: Int = 1_024) {
            let size = max(16, capacity.nextPowerOfTwo)
            keys = [UInt64](repeating: 0, count: size)
            weights = [Double](repeating: 0, count: size)
            used = [Bool](repeating: false, count: size)
            shift = 64 - size.trailingZeroBitCount
        }

        mutating func add(_ key: UInt64, _ weight: Double) {
            if 2 * (count + 1) > keys.count { grow() }
            let mask = keys.count - 1
            var index = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
            while used[index] {
                if keys[index] == key {
                    weights[index] += weight
                    return
                }
                index = (index + 1) & mask
            }
            used[index] = true
            keys[index] = key
            weights[index] = weight
            count += 1
        }

        /// Each feature once, with its summed weight.
        func forEach(_ body: (UInt64, Double) -> Void) {
            for index in keys.indices where used[index] { body(keys[index], weights[index]) }
        }

        private mutating func grow() {
            var larger = FeatureCounts(capacity: keys.count * 2)
            forEach { larger.add($0, $1) }
            self = larger
        }
    }
}

extension Int {
    /// The smallest power of two ≥ self (1 for values ≤ 1).
    var nextPowerOfTwo: Int {
        self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount)
    }
}
