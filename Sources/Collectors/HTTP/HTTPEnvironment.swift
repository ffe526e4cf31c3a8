import Foundation
import Synchronization

/// Time and chance as the HTTP client sees them: a monotonic clock, a way to sleep, the wall clock
/// (for `Retry-After` dates) and a random source (for backoff jitter).
///
/// Injected so that tests step time and draw jitter from a seed instead of sleeping for real, and so
/// that a simulation can run the client on its own clock.
public struct HTTPEnvironment: Sendable {
    /// Monotonic time since an arbitrary origin.
    public var uptime: @Sendable () -> Duration
    /// Suspends the calling task; throws when it is cancelled.
    public var sleep: @Sendable (Duration) async throws -> Void
    public var wallClock: @Sendable () -> Date
    /// A number in [0, 1).
    public var random: @Sendable () -> Double

    public init(uptime: @escaping @Sendable () -> Duration, sleep: @escaping @Sendable (Duration) async throws -> Void,
                wallClock: @escaping @Sendable () -> Date, random: @escaping @Sendable () -> Double) {
        self.uptime = uptime
        self.sleep = sleep
        self.wallClock = wallClock
        self.random = random
    }

    /// The real clocks; jitter from the system generator, or from `seed` when one is given.
    public static func live(seed: UInt64? = nil) -> HTTPEnvironment {
        let origin = ContinuousClock.now
        let random: @Sendable () -> Double
        if let seed {
            let generator = SeededJitter(seed: seed)
            random = { generator.next() }
        } else {
            random = { Double.random(in: 0..<1) }
        }
        return HTTPEnvironment(
            uptime: { ContinuousClock.now - origin },
            sleep: { duration in try await Task.sleep(for: duration) },
            wallClock: { Date() },
            random: random)
    }
}

/// A seeded SplitMix64 stream of numbers in [0, 1), safe to share between tasks, so that backoff
/// waits are reproducible in tests and replays.
public final class SeededJitter: Sendable {
    private let state: Mutex<UInt64>

    public init(seed: UInt64) { state = Mutex(seed) }

    public func next() -> Double {
        let bits = state.withLock { (value: inout UInt64) -> UInt64 in
            value &+= 0x9E37_79B9_7F4A_7C15
            var z = value
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        return Double(bits >> 11) * 0x1.0p-53
    }
}
