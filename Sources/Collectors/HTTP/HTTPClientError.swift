/// Why a request failed, for which feed and URL, in words an operator can act on.
///
/// The URL is already redacted (secret query values and `${NAME}` references never appear resolved)
/// and body excerpts are scrubbed of every secret the request carried, so the error may be logged,
/// printed or stored as it is.
public struct HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public indirect enum Kind: Sendable, Equatable {
        /// The connection (`connect: true`) or the whole attempt took longer than `limit`.
        case timedOut(connect: Bool, limit: Duration)
        /// Nothing listens at the host and port.
        case connectionRefused
        /// The host name did not resolve.
        case hostNotFound
        /// Another network failure (reset, empty reply, TLS); `detail` is libcurl's message.
        case connectionFailed(detail: String)
        /// The body grew past the feed's `maxResponseBytes`; the transfer was stopped.
        case bodyTooLarge(limit: Int)
        /// The connection closed before the body was complete (a partial transfer).
        case truncatedBody(received: Int, expected: Int?)
        /// The server answered with a status that is not 2xx; `excerpt` is the start of the body.
        case httpStatus(code: Int, excerpt: String)
        /// A `file://` response could not be read.
        case fileUnreadable(detail: String)
        /// Every retry was used; `last` is the final attempt's failure.
        case retriesExhausted(attempts: Int, last: Kind)
        /// The next wait would have passed the request's retry budget.
        case retryBudgetSpent(attempts: Int, budget: Duration, needed: Duration, last: Kind)
        /// The request cannot be sent as written (bad URL, unsupported scheme, a header with a line break).
        case invalidRequest(reason: String)
        /// The calling task was cancelled.
        case cancelled
        /// Another libcurl failure, with its code and message.
        case curl(code: Int, detail: String)
    }

    /// The feed whose request failed.
    public var feed: String
    /// The redacted URL.
    public var url: String
    public var method: HTTPMethod
    public var kind: Kind

    public init(feed: String, url: String, method: HTTPMethod, kind: Kind) {
        self.feed = feed
        self.url = url
        self.method = method
        self.kind = kind
    }

    /// The HTTP status of the (last) response, when there was one.
    public var status: Int? { kind.status }

    /// Attempts made (1 unless retries were used up).
    public var attempts: Int {
        switch kind {
        case .retriesExhausted(let attempts, _), .retryBudgetSpent(let attempts, _, _, _): attempts
        default: 1
        }
    }

    public var description: String {
        "feed '\(feed)': \(method.rawValue) \(url): \(kind)"
    }
}

extension HTTPClientError.Kind: CustomStringConvertible {
    /// The HTTP status, looking through retries to the last attempt.
    public var status: Int? {
        switch self {
        case .httpStatus(let code, _): code
        case .retriesExhausted(_, let last), .retryBudgetSpent(_, _, _, let last): last.status
        default: nil
        }
    }

    /// Whether another attempt may succeed: network failures, timeouts, partial transfers, 5xx and 429.
    public var isRetryable: Bool {
        switch self {
        case .timedOut, .connectionRefused, .hostNotFound, .connectionFailed, .truncatedBody: true
        case .httpStatus(let code, _): code == 429 || (500...599).contains(code)
        default: false
        }
    }

    public var description: String {
        switch self {
        case .timedOut(let connect, let limit):
            connect
                ? "could not connect within the connect timeout of \(limit.radarText); check the host, or raise connectTimeout"
                : "timed out after \(limit.radarText) (the feed's timeout); the server is slow or stalled, or raise timeout"
        case .connectionRefused:
            "connection refused; is the server running and the port right?"
        case .hostNotFound:
            "the host name did not resolve; check the URL and DNS"
        case .connectionFailed(let detail):
            "network failure: \(detail)"
        case .bodyTooLarge(let limit):
            "response body exceeds the limit of \(limit) bytes (maxResponseBytes); the transfer was stopped — raise maxResponseBytes or ask for less per request"
        case .truncatedBody(let received, let expected):
            if let expected {
                "truncated body: the connection closed after \(received) of \(expected) bytes (partial transfer)"
            } else {
                "truncated body: the connection closed after \(received) bytes, before the body was complete (partial transfer)"
            }
        case .httpStatus(let code, let excerpt):
            excerpt.isEmpty ? "HTTP \(code)" : "HTTP \(code); body starts: \(excerpt)"
        case .fileUnreadable(let detail):
            "the recorded response could not be read: \(detail)"
        case .retriesExhausted(let attempts, let last):
            "gave up after \(attempts) attempts; last failure: \(last)"
        case .retryBudgetSpent(let attempts, let budget, let needed, let last):
            "gave up after \(attempts) attempts: waiting \(needed.radarText) more would pass the retry budget of \(budget.radarText); last failure: \(last)"
        case .invalidRequest(let reason):
            "invalid request: \(reason)"
        case .cancelled:
            "cancelled"
        case .curl(let code, let detail):
            "libcurl error \(code): \(detail)"
        }
    }
}

extension Duration {
    /// `250ms`, `1.5s`: short enough for an error line.
    var radarText: String {
        let (seconds, attoseconds) = components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        if milliseconds < 1000 { return "\(milliseconds)ms" }
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000)s" }
        return "\(Double(milliseconds) / 1000)s"
    }
}
