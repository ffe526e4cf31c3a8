import Foundation

/// How much of the world's history is revealed: all of it (the default, so runs with one seed answer
/// identically), or, live, one more simulated hour every `1 / speed` real seconds from the start.
public struct WorldHead: Sendable {
    public let hours: Int
    /// Simulated hours per real second when live; nil when the whole history is served.
    public let speed: Double?
    let started: ContinuousClock.Instant

    public init(hours: Int, speed: Double? = nil) {
        self.hours = hours
        self.speed = speed
        started = .now
    }

    /// The last revealed hour (0 ..< hours).
    public var hour: Int {
        guard let speed else { return hours - 1 }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return min(hours - 1, Int(seconds * speed))
    }

    /// The last revealed block: the last block of the head hour.
    public func block(chain: SimChain) -> Int64 { chain.firstBlock(ofHour: hour + 1) - 1 }
}
