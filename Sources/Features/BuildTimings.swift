/// Where one timestamp's build spent its time, stage by stage (store reads, carried state, each
/// feature family): what `features-bench` prints as its profile. Reset at every timestamp.
public struct BuildTimings: Sendable {
    /// Stages in the order they ran.
    public private(set) var stages: [(name: String, duration: Duration)] = []

    public init() {}

    /// Runs `body` and records its wall time under `name`.
    mutating func measure<T, E: Error>(_ name: String, _ body: () throws(E) -> T) throws(E) -> T {
        let clock = ContinuousClock()
        let start = clock.now
        defer { stages.append((name, clock.now - start)) }
        return try body()
    }

    /// Records the time from `start` to now under `name`.
    mutating func record(_ name: String, since start: ContinuousClock.Instant) {
        stages.append((name, ContinuousClock.now - start))
    }

    /// Records `duration` under `name` (a stage timed on another thread).
    mutating func add(_ name: String, _ duration: Duration) { stages.append((name, duration)) }
}
