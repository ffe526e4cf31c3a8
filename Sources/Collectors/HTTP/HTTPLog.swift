/// One thing the HTTP client reports: an attempt's result, a retry and its wait, a final failure.
///
/// Records are built from redacted parts only (the URL is redacted, messages are scrubbed), so a sink
/// may write them anywhere. The caller injects the sink; the client keeps no global logger.
public struct HTTPLogRecord: Sendable, CustomStringConvertible {
    /// How much an operator should care.
    public enum Level: Int, Sendable, Comparable, CustomStringConvertible {
        case debug, info, warning, error

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
        public var description: String { ["debug", "info", "warning", "error"][rawValue] }
    }

    public var level: Level
    public var feed: String
    public var method: HTTPMethod
    /// The redacted URL.
    public var url: String
    /// 1-based attempt number.
    public var attempt: Int
    public var status: Int?
    public var message: String

    public init(level: Level, feed: String, method: HTTPMethod, url: String, attempt: Int, status: Int?, message: String) {
        self.level = level
        self.feed = feed
        self.method = method
        self.url = url
        self.attempt = attempt
        self.status = status
        self.message = message
    }

    /// `warning feed=dex GET https://api/x attempt=2 status=503: retrying in 1.2s`
    public var description: String {
        var text = "\(level) feed=\(feed) \(method.rawValue) \(url) attempt=\(attempt)"
        if let status { text += " status=\(status)" }
        return text + ": " + message
    }
}

/// Where the client's log records go (a closure, so callers bring their own logger).
public typealias HTTPLogSink = @Sendable (HTTPLogRecord) -> Void
