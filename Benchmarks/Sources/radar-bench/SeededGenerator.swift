/// A small, fast, seeded random number generator (SplitMix64).
///
/// Benchmarks must see the same rows on every run and on every machine, so the synthetic data is
/// drawn from this rather than from `SystemRandomNumberGenerator`.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniformly drawn index in `0..<count`.
    mutating func index(_ count: Int) -> Int { Int.random(in: 0..<count, using: &self) }
}
