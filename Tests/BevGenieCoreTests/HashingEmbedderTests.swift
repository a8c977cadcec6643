import Testing

@testable import BevGenieCore

@Suite struct HashingEmbedderTests {
    /// The embedder's feature table sums exactly what a dictionary would, through growth, for key 0 and for keys
    /// that land in the same slot.
    @Test func featureCountsSumLikeADictionary() {
        var table = HashingEmbedder.FeatureCounts(capacity: 16)
        var reference: [UInt64: Double] = [:]
        var generator = SystemRandomNumberGenerator()
        // Keys that differ only above the bits that pick a slot collide in a small table.
        let colliding = (0..<40).map { UInt64($0) << 60 }
        for round in 0..<20_000 {
            let key: UInt64 = switch round % 4 {
            case 0: 0
            case 1: colliding[round % colliding.count]
            default: UInt64.random(in: 0...5_000, using: &generator) &* 0x9E37_79B9
            }
            let weight = Double(round % 7) * 0.25
            table.add(key, weight)
            reference[key, default: 0] += weight
        }
        var seen: [UInt64: Double] = [:]
        table.forEach { key, weight in
            #expect(seen[key] == nil, "key \(key) twice")
            seen[key] = weight
        }
        #expect(seen == reference)
    }

    /// A text long enough to outgrow the table's first size embeds to a unit vector, the same one every time.
    @Test func aLongTextEmbedsToTheSameUnitVector() {
        let text = (1...600).map { "distributor\($0) depletion shelf placement" }.joined(separator: " ")
        let embedder = HashingEmbedder()
        let vector = embedder.vector(text)
        let norm = vector.reduce(0) { $0 + $1 * $1 }
        #expect(abs(norm - 1) < 1e-4)
        #expect(embedder.vector(text) == vector)
    }
}
