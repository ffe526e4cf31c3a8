import RadarCore

/// The limits one feed's requests run under: its name (for errors and logs), timeouts, the largest
/// response it accepts, its retry policy and its request budget.
///
/// Requests carry it so that one shared `HTTPClient` (one set of threads and connections) serves every
/// feed while each keeps its own limits and its own token bucket.
public struct HTTPFeed: Sendable, Equatable {
    public var name: String
    public var connectTimeout: Duration
    /// Total time one attempt may take, connection included.
    public var timeout: Duration
    /// Bodies larger than this (after gzip/deflate decoding) are refused.
    public var maxResponseBytes: Int
    public var retry: RetryPolicy
    /// At most this many requests per period, shared by every request of this feed.
    public var rateLimit: RateLimit?

    public init(name: String, connectTimeout: Duration = .seconds(10), timeout: Duration = .seconds(30),
                maxResponseBytes: Int = 32 << 20, retry: RetryPolicy = RetryPolicy(), rateLimit: RateLimit? = nil) {
        self.name = name
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
        self.retry = retry
        self.rateLimit = rateLimit
    }

    /// The limits a feed's config sets (`timeout`, `connectTimeout`, `maxResponseBytes`, `retries`, `rateLimit`).
    public init(_ config: FeedConfig, retry: RetryPolicy = RetryPolicy()) {
        var policy = retry
        policy.maxRetries = max(0, config.retries)
        self.init(name: config.name, connectTimeout: config.connectTimeout.duration, timeout: config.timeout.duration,
                  maxResponseBytes: config.maxResponseBytes, retry: policy, rateLimit: config.rateLimit)
    }
}
