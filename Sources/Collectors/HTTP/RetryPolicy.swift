/// How a failed request is tried again: which failures, how many times, and how long to wait.
///
/// Waits grow exponentially with full jitter (a uniform draw from zero to the exponential cap), so
/// many collectors failing together do not retry in lockstep. A server's `Retry-After` replaces the
/// draw, capped by `maxRetryAfter`. `budget` bounds the total time one request may spend waiting,
/// so a feed's poll cannot stall behind a server that keeps asking for more time.
public struct RetryPolicy: Sendable, Equatable {
    /// Retries after the first attempt (a request makes at most `maxRetries + 1` attempts).
    public var maxRetries: Int
    /// The cap of the first wait; the cap doubles with each retry.
    public var baseDelay: Duration
    /// No single wait chosen by backoff is longer than this.
    public var maxDelay: Duration
    /// A server's `Retry-After` is honoured up to this long.
    public var maxRetryAfter: Duration
    /// The most time one request spends waiting between attempts, all waits together.
    public var budget: Duration

    public init(maxRetries: Int = 3, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(30),
                maxRetryAfter: Duration = .seconds(60), budget: Duration = .seconds(120)) {
        self.maxRetries = max(0, maxRetries)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.budget = budget
    }

    /// Never retries.
    public static let none = RetryPolicy(maxRetries: 0)

    /// The backoff cap before the retry that follows attempt `attempt` (1-based): `min(maxDelay, base * 2^(attempt-1))`.
    public func backoffCap(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let cap = baseDelay * (1 << exponent)
        return min(cap, maxDelay)
    }

    /// The wait before the next attempt: `Retry-After` when the server sent one (capped), otherwise a
    /// full-jitter draw; `unit` is a number in [0, 1) from the client's random source.
    public func delay(afterAttempt attempt: Int, retryAfter: Duration?, unit: Double) -> Duration {
        if let retryAfter { return min(max(retryAfter, .zero), maxRetryAfter) }
        return backoffCap(afterAttempt: attempt) * min(max(unit, 0), 1)
    }
}
