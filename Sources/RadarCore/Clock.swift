import Foundation
import Synchronization

/// Where the radar gets "now" from, so that collectors, schedules and tests can be run on a clock
/// other than the wall clock (a backtest replay, a simulated world, a test that steps time).
public protocol RadarClock: Sendable {
    /// The current instant, rounded up to the whole second (see `Timestamp(ceiling:)`).
    func now() -> Timestamp
}

/// The wall clock.
public struct SystemClock: RadarClock {
    public init() {}
    public func now() -> Timestamp { Timestamp(ceiling: Date()) }
}

/// A clock that only moves when told to: for replays, simulations and tests.
public final class ManualClock: RadarClock {
    private let current: Mutex<Timestamp>

    public init(_ start: Timestamp) { current = Mutex(start) }

    public func now() -> Timestamp { current.withLock { $0 } }

    /// Moves the clock forward by `duration`.
    public func advance(by duration: RadarDuration) {
        current.withLock { $0 = $0 + duration }
    }

    /// Sets the clock to `time`; a clock never runs backwards, so earlier times are rejected.
    public func set(to time: Timestamp) throws(ValidationError) {
        try current.withLock { (value: inout Timestamp) throws(ValidationError) in
            guard time >= value else {
                throw ValidationError(field: "clock", value: time.description, reason: "is before the clock's current time \(value)")
            }
            value = time
        }
    }
}
