import Dispatch

/// Runs a build's independent stages on the machine's cores: the three carried states step from
/// the store at once, and the feature families compute at once. Each job writes only its own slot,
/// so results are the same numbers in any schedule.
enum Concurrent {
    /// The jobs' results, in the jobs' order.
    static func perform<T: Sendable>(_ jobs: [@Sendable () -> T]) -> [T] {
        let slots = Slots<T>(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in slots.store(jobs[index](), at: index) }
        return slots.values()
    }

    /// One slot per job, written by that job's thread only, read after all have finished.
    private final class Slots<T>: @unchecked Sendable {
        private let buffer: UnsafeMutableBufferPointer<T?>

        init(count: Int) {
            buffer = .allocate(capacity: count)
            buffer.initialize(repeating: nil)
        }

        deinit {
            buffer.deinitialize()
            buffer.deallocate()
        }

        func store(_ value: T, at index: Int) { buffer[index] = value }
        func values() -> [T] { buffer.map { $0! } }
    }
}

/// A carried state moved into a class so that one job can step it in place (no copy of its tables)
/// while other jobs step the others.
final class CarriedBox<State>: @unchecked Sendable {
    var state: State
    init(_ state: State) { self.state = state }
}
