import CCurl
import Dispatch
import Foundation
import Synchronization

/// A libcurl easy handle owned by one worker thread.
struct CurlEasy: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
}

/// One blocking transfer to run on a worker: `run` performs it with the worker's easy handle and
/// returns the completion to call once the worker is free again (the handle is nil only when libcurl
/// could not make one).
struct CurlJob: Sendable {
    /// `scheme://host:port`, or `file:` for recorded responses: the key for connection affinity.
    let host: String
    let run: @Sendable (CurlEasy?) -> @Sendable () -> Void
}

/// Dedicated threads that run blocking `curl_easy_perform` calls, so they never occupy Swift's
/// cooperative thread pool.
///
/// Each worker keeps one easy handle for its whole life (`curl_easy_reset` between transfers keeps the
/// handle's connection cache), and a job goes to an idle worker that recently talked to its host, so
/// sequential requests to one API ride one keep-alive connection. Threads start on demand, up to
/// `maxThreads`; jobs beyond that wait in arrival order.
final class CurlWorkerPool: Sendable {
    let maxThreads: Int
    let share: CurlShare
    private let state = Mutex(State())

    /// Hosts a worker remembers for affinity (libcurl keeps 5 idle connections per handle by default).
    static let rememberedHosts = 5

    private struct State {
        var workers: [Worker] = []
        /// Idle workers, least recently used first.
        var idle: [Int] = []
        var pending: [CurlJob] = []
        var closed = false
    }

    private final class Worker: @unchecked Sendable {
        let index: Int
        let wake = DispatchSemaphore(value: 0)
        /// Guarded by the pool's lock.
        var assigned: CurlJob?
        var recentHosts: [String] = []

        init(index: Int) { self.index = index }
    }

    init?(maxThreads: Int) {
        guard let share = CurlShare() else { return nil }
        self.share = share
        self.maxThreads = max(1, maxThreads)
    }

    /// Threads started so far.
    var threadCount: Int { state.withLock { $0.workers.count } }

    /// Queues `job`; it runs on a worker thread as soon as one is free.
    func submit(_ job: CurlJob) {
        enum Action { case wake(Worker), start(Worker), queued }
        let action: Action = state.withLock { state in
            if let slot = state.idle.firstIndex(where: { state.workers[$0].recentHosts.contains(job.host) })
                ?? (state.idle.isEmpty ? nil : state.idle.startIndex) {
                let worker = state.workers[state.idle.remove(at: slot)]
                worker.assigned = job
                return .wake(worker)
            }
            if state.workers.count < maxThreads {
                let worker = Worker(index: state.workers.count)
                worker.assigned = job
                state.workers.append(worker)
                return .start(worker)
            }
            state.pending.append(job)
            return .queued
        }
        switch action {
        case .wake(let worker):
            worker.wake.signal()
        case .start(let worker):
            let thread = Thread { [self] in self.serve(worker) }
            thread.name = "radar-curl-\(worker.index)"
            thread.start()
        case .queued:
            break
        }
    }

    /// Lets idle threads exit; called when the client goes away (no job is in flight then).
    func close() {
        let idle: [Worker] = state.withLock { state in
            state.closed = true
            defer { state.idle.removeAll() }
            return state.idle.map { state.workers[$0] }
        }
        for worker in idle { worker.wake.signal() }
    }

    /// A worker thread's life: wait for a job, run it, hand back, repeat until closed.
    private func serve(_ worker: Worker) {
        // Without a handle (out of memory) the jobs still run, and fail with libcurl's own error.
        let easy = curl_easy_init().map(CurlEasy.init(raw:))
        defer { if let easy { curl_easy_cleanup(easy.raw) } }
        var job = takeAssigned(worker)
        while let current = job {
            if let easy { curl_easy_reset(easy.raw) }
            let deliver = current.run(easy)
            let next = finished(worker, host: current.host)
            // Resume the caller only after this worker is idle again, so its next request finds it.
            deliver()
            switch next {
            case .job(let pending):
                job = pending
            case .idle:
                worker.wake.wait()
                job = takeAssigned(worker)
            case .exit:
                job = nil
            }
        }
    }

    private enum Next { case job(CurlJob), idle, exit }

    private func takeAssigned(_ worker: Worker) -> CurlJob? {
        state.withLock { _ in
            defer { worker.assigned = nil }
            return worker.assigned
        }
    }

    /// Records `host` on the worker and gives it the oldest pending job, or marks it idle.
    private func finished(_ worker: Worker, host: String) -> Next {
        state.withLock { state in
            worker.recentHosts.removeAll { $0 == host }
            worker.recentHosts.append(host)
            if worker.recentHosts.count > Self.rememberedHosts { worker.recentHosts.removeFirst() }
            if !state.pending.isEmpty { return .job(state.pending.removeFirst()) }
            if state.closed { return .exit }
            state.idle.append(worker.index)
            return .idle
        }
    }
}
