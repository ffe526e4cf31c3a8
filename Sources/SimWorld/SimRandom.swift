import Foundation

/// The simulator's only source of randomness: a SplitMix64 generator whose whole state is one word.
///
/// Every stream is derived from the world seed and the coordinates it serves (token, hour, purpose),
/// so a token's path does not depend on how many other tokens exist or in which order they are
/// simulated, and one seed gives the same world on every machine.
public struct SimRandom: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(state: UInt64) { self.state = state }

    /// A generator for `seed` at the given coordinates; distinct coordinates give unrelated streams.
    public init(seed: UInt64, _ a: UInt64, _ b: UInt64 = 0, _ c: UInt64 = 0) {
        state = SimRandom.mix(SimRandom.mix(SimRandom.mix(seed &+ 0x632B_E59B_D9B4_E019) ^ a) ^ (b &* 0x9E37_79B9_7F4A_7C15)) ^ c
    }

    /// The SplitMix64 output function: a bijective 64-bit finaliser.
    @inlinable public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inlinable public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits.
    @inlinable public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform integer in `0..<bound` (bound > 0), by multiply-shift (bias below 2^-32 for our bounds).
    @inlinable public mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// True with probability `p`.
    @inlinable public mutating func chance(_ p: Double) -> Bool { uniform() < p }

    /// Standard normal by Box-Muller (one value per call; the pair's twin is dropped for simplicity).
    public mutating func normal() -> Double {
        let u1 = 1.0 - uniform()
        let u2 = uniform()
        return (-2.0 * Foundation.log(u1)).squareRoot() * Foundation.cos(2.0 * Double.pi * u2)
    }

    /// Exponential with the given mean.
    public mutating func exponential(mean: Double) -> Double {
        -mean * Foundation.log(1.0 - uniform())
    }

    /// Log-normal: exp(mu + sigma * N(0, 1)).
    public mutating func logNormal(mu: Double, sigma: Double) -> Double {
        Foundation.exp(mu + sigma * normal())
    }

    /// Pareto with scale `minimum` and tail index `alpha`: heavy tails for whales and followers.
    public mutating func pareto(minimum: Double, alpha: Double) -> Double {
        minimum * Foundation.pow(1.0 - uniform(), -1.0 / alpha)
    }

    /// Poisson count: Knuth's product method for small means, a rounded normal for large ones.
    public mutating func poisson(mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        if mean < 30 {
            let limit = Foundation.exp(-mean)
            var product = uniform()
            var count = 0
            while product > limit {
                count += 1
                product *= uniform()
            }
            return count
        }
        return max(0, Int((mean + mean.squareRoot() * normal()).rounded()))
    }

    /// One element of a non-empty array.
    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// The logistic function, for probabilities driven by latent scores.
@inlinable func logistic(_ x: Double) -> Double { 1.0 / (1.0 + Foundation.exp(-x)) }
