import Synchronization

/// At most `limit` requests in flight to one host (scheme, host and port) at a time, across every feed.
///
/// APIs count connections per client, and a burst from many feeds behind one host must not look like
/// abuse. Waiters are served first come, first served; a cancelled waiter leaves the queue.
public final class HostConcurrencyLimiter: Sendable {
    public let limit: Int
    private let state = Mutex(State())

    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct Host {
        var inFlight = 0
        var waiters: [Waiter] = []
    }

    private struct State {
        var hosts: [String: Host] = [:]
        var nextID: UInt64 = 0
    }

    public init(limit: Int) { self.limit = max(1, limit) }

    /// Requests now in flight to `host` (for tests and metrics).
    public func inFlight(for host: String) -> Int { state.withLock { $0.hosts[host]?.inFlight ?? 0 } }

    /// Waits for one of `host`'s permits; every successful call must be paired with `release(_:)`.
    public func acquire(_ host: String) async throws(CancellationError) {
        do {
            try await wait(for: host)
        } catch {
            throw CancellationError()
        }
    }

    private func wait(for host: String) async throws {
        let id: UInt64? = state.withLock { state in
            if state.hosts[host, default: Host()].inFlight < limit {
                state.hosts[host, default: Host()].inFlight += 1
                return nil
            }
            state.nextID += 1
            return state.nextID
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: Bool = state.withLock { state in
                    if Task.isCancelled { return true }
                    // A permit may have been released between the check above and here.
                    if state.hosts[host, default: Host()].inFlight < limit {
                        state.hosts[host, default: Host()].inFlight += 1
                        continuation.resume()
                        return false
                    }
                    state.hosts[host, default: Host()].waiters.append(Waiter(id: id, continuation: continuation))
                    return false
                }
                if resumeNow { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let waiter: Waiter? = state.withLock { state in
                guard let index = state.hosts[host]?.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.hosts[host]?.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Gives a permit back, to the longest waiter if there is one.
    public func release(_ host: String) {
        let next: Waiter? = state.withLock { state in
            guard var entry = state.hosts[host] else { return nil }
            if entry.waiters.isEmpty {
                entry.inFlight -= 1
                state.hosts[host] = entry.inFlight == 0 ? nil : entry
                return nil
            }
            // Hand the permit straight to the next waiter: in-flight stays the same.
            let waiter = entry.waiters.removeFirst()
            state.hosts[host] = entry
            return waiter
        }
        next?.continuation.resume()
    }
}
