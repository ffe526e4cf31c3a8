import RadarCore
import Synchronization

/// A feed's request budget (`RateLimit`, e.g. `5/s`) enforced as a token bucket: a burst of up to
/// `requests` at once, then one request every `period / requests`.
///
/// Each caller reserves its slot under a lock and then sleeps outside it, so concurrent callers are
/// spaced in arrival order without polling, and a cancelled sleep gives its token back.
public final class TokenBucket: Sendable {
    public let limit: RateLimit
    private let environment: HTTPEnvironment
    private let state: Mutex<State>

    private struct State {
        /// May go negative: each unit below zero is a caller already waiting for a future token.
        var tokens: Double
        var updated: Duration
    }

    public init(limit: RateLimit, environment: HTTPEnvironment) {
        self.limit = limit
        self.environment = environment
        state = Mutex(State(tokens: Double(limit.requests), updated: environment.uptime()))
    }

    /// Seconds between tokens.
    var interval: Double { Double(limit.period.seconds) / Double(limit.requests) }

    /// Takes one token, waiting (through the environment's sleep) until one is due.
    /// - Returns: how long the caller waited.
    @discardableResult
    public func acquire() async throws(CancellationError) -> Duration {
        let wait = reserve()
        guard wait > .zero else { return .zero }
        do {
            try await environment.sleep(wait)
        } catch {
            state.withLock { $0.tokens += 1 }
            throw CancellationError()
        }
        return wait
    }

    /// Takes a token now, possibly on credit, and says how long until it is really there.
    func reserve() -> Duration {
        let now = environment.uptime()
        let capacity = Double(limit.requests)
        let rate = 1 / interval
        return state.withLock { state in
            let elapsed = Double((now - state.updated).components.seconds)
                + Double((now - state.updated).components.attoseconds) * 1e-18
            state.tokens = min(capacity, state.tokens + max(0, elapsed) * rate)
            state.updated = now
            state.tokens -= 1
            guard state.tokens < 0 else { return .zero }
            return .milliseconds(Int64((-state.tokens / rate * 1000).rounded(.up)))
        }
    }
}
