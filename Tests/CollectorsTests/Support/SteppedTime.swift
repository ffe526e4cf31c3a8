import Collectors
import Foundation
import Synchronization

/// An `HTTPEnvironment` whose time only moves when the client sleeps: every sleep is recorded and
/// returns at once, so retry and rate-limit waits are asserted exactly and cost no real time.
final class SteppedTime: Sendable {
    private let state: Mutex<(now: Duration, sleeps: [Duration])> = Mutex((.zero, []))
    let wallClock: Date
    let jitter: SeededJitter
    /// When false the clock stands still: callers that arrive together all see the same instant.
    let advancesOnSleep: Bool

    init(wallClock: Date = Date(timeIntervalSince1970: 1_700_000_000), seed: UInt64 = 7, advancesOnSleep: Bool = true) {
        self.wallClock = wallClock
        self.advancesOnSleep = advancesOnSleep
        jitter = SeededJitter(seed: seed)
    }

    /// Every wait the client asked for, in order.
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    var environment: HTTPEnvironment {
        HTTPEnvironment(
            uptime: { [self] in state.withLock { $0.now } },
            sleep: { [self] duration in
                state.withLock { state in
                    state.sleeps.append(duration)
                    if advancesOnSleep { state.now += duration }
                }
            },
            wallClock: { [self] in wallClock },
            random: { [self] in jitter.next() })
    }
}

/// Collects what the client logs, to assert on it.
final class LogCapture: Sendable {
    private let records = Mutex<[HTTPLogRecord]>([])

    var sink: HTTPLogSink { { [self] record in records.withLock { $0.append(record) } } }

    var all: [HTTPLogRecord] { records.withLock { $0 } }

    /// Every record as one text, for "never contains" checks.
    var text: String { all.map(\.description).joined(separator: "\n") }
}
