import Dispatch
import Synchronization

/// Runs independent pieces of work on a chosen number of threads.
///
/// Every caller splits its work into pieces whose results do not depend on which thread ran them, so
/// results are identical for any thread count; the count only decides how many run at once. Dispatch's
/// workers block rather than spin, which matters on shared machines where spinning collapses.
public struct Parallelism: Sendable, Equatable, Codable {
    /// Threads to use; 1 runs everything on the calling thread.
    public let threads: Int

    public init(threads: Int) { self.threads = max(1, threads) }

    /// One thread per core the system reports.
    public static var allCores: Parallelism { Parallelism(threads: System.activeProcessorCount) }
    public static let serial = Parallelism(threads: 1)

    /// Calls `body(piece)` for every piece in `0..<count`, at most `threads` at a time.
    public func forEach(_ count: Int, _ body: (Int) -> Void) {
        guard count > 0 else { return }
        let workers = min(threads, count)
        if workers == 1 {
            for piece in 0..<count { body(piece) }
            return
        }
        // Workers claim the next piece from a shared counter, so uneven pieces still balance.
        let next = Atomic<Int>(0)
        withoutActuallyEscaping(body) { body in
            // Pieces touch disjoint data by contract, which the compiler cannot see through the closure.
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let piece = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard piece < count else { return }
                    body(piece)
                }
            }
        }
    }
}

/// Facts about the machine.
enum System {
    static var activeProcessorCount: Int {
        #if canImport(Glibc)
        return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
        return 1
        #endif
    }
}

#if canImport(Glibc)
import Glibc
#endif
