import Foundation
import RadarCore
import Synchronization

/// The one HTTP client every feed shares: libcurl on dedicated threads behind an `async` API, with
/// per-feed rate limits, per-host concurrency limits, retries with backoff, and redacted errors and logs.
///
/// A request waits for its feed's token bucket, then for a permit on its host, then runs on a worker
/// thread (never on Swift's cooperative pool); a network failure, timeout, partial body, 5xx or 429 is
/// retried with full-jitter backoff or the server's `Retry-After`, within the feed's retry policy.
public final class HTTPClient: Sendable {
    /// Settings for the client as a whole (per-feed limits travel with each request's `HTTPFeed`).
    public struct Configuration: Sendable {
        /// Worker threads, i.e. transfers in flight at once across all hosts.
        public var maxThreads: Int
        /// Requests in flight to one host at once.
        public var maxConcurrentRequestsPerHost: Int
        public var userAgent: String
        /// Redirects followed (to http/https only); 0 turns following off.
        public var maxRedirects: Int
        /// Bytes of an error response's body quoted in the error.
        public var bodyExcerptBytes: Int

        public init(maxThreads: Int = 8, maxConcurrentRequestsPerHost: Int = 4, userAgent: String = CollectorsModule.userAgent,
                    maxRedirects: Int = 5, bodyExcerptBytes: Int = 200) {
            self.maxThreads = maxThreads
            self.maxConcurrentRequestsPerHost = maxConcurrentRequestsPerHost
            self.userAgent = userAgent
            self.maxRedirects = maxRedirects
            self.bodyExcerptBytes = bodyExcerptBytes
        }
    }

    public let configuration: Configuration
    let environment: HTTPEnvironment
    private let log: HTTPLogSink?
    private let pool: CurlWorkerPool
    private let hosts: HostConcurrencyLimiter
    private let buckets = Mutex<[String: TokenBucket]>([:])

    /// - Throws: `HTTPClientError` with `.curl` when libcurl cannot be initialised.
    public init(configuration: Configuration = Configuration(), environment: HTTPEnvironment = .live(),
                log: HTTPLogSink? = nil) throws(HTTPClientError) {
        guard let pool = CurlWorkerPool(maxThreads: configuration.maxThreads) else {
            throw HTTPClientError(feed: "", url: "", method: .get,
                                  kind: .curl(code: 2, detail: "libcurl could not be initialised (curl_global_init or curl_share_init failed)"))
        }
        self.configuration = configuration
        self.environment = environment
        self.log = log
        self.pool = pool
        hosts = HostConcurrencyLimiter(limit: configuration.maxConcurrentRequestsPerHost)
    }

    deinit { pool.close() }

    /// Worker threads started so far (they start on demand).
    public var threadCount: Int { pool.threadCount }

    /// Sends `request`, retrying as its feed's policy allows, and returns a 2xx response.
    ///
    /// - Throws: `HTTPClientError` naming the feed, the redacted URL and what went wrong; a non-2xx
    ///   status is an error too, carrying the status and a scrubbed excerpt of the body.
    public func send(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        let redactor = Redactor(url: request.url, headers: request.headers)
        let feed = request.feed
        func failure(_ kind: HTTPClientError.Kind) -> HTTPClientError {
            HTTPClientError(feed: feed.name, url: redactor.url, method: request.method, kind: kind)
        }
        func record(_ level: HTTPLogRecord.Level, attempt: Int, status: Int?, _ message: String) {
            log?(HTTPLogRecord(level: level, feed: feed.name, method: request.method, url: redactor.url, attempt: attempt,
                               status: status, message: redactor.scrub(message)))
        }

        if let problem = Self.problem(with: request) { throw failure(.invalidRequest(reason: problem)) }
        let host = request.isFile ? nil : Self.hostKey(request.url.resolved)
        let bucket = feed.rateLimit.map { self.bucket(feed: feed.name, limit: $0) }
        var waited = Duration.zero
        var attempt = 0
        while true {
            attempt += 1
            if Task.isCancelled { throw failure(.cancelled) }
            if let bucket {
                do {
                    let wait = try await bucket.acquire()
                    if wait > .zero { record(.debug, attempt: attempt, status: nil, "rate limit \(bucket.limit): waited \(wait.radarText)") }
                } catch {
                    throw failure(.cancelled)
                }
            }
            let result = await transfer(request, host: host, redactor: redactor)
            let kind: HTTPClientError.Kind
            var retryAfter: Duration?
            switch result {
            case .response(let status, let headers, let body) where (200...299).contains(status):
                record(.debug, attempt: attempt, status: status, "\(body.count) bytes")
                return HTTPResponse(status: status, headers: headers, body: body, attempts: attempt)
            case .response(let status, let headers, let body):
                kind = .httpStatus(code: status, excerpt: excerpt(body, redactor: redactor))
                retryAfter = headers["Retry-After"].flatMap { RetryAfter.delay($0, now: environment.wallClock()) }
            case .failure(let failed):
                kind = failed
            }
            if kind == .cancelled { throw failure(.cancelled) }
            guard kind.isRetryable else {
                record(.error, attempt: attempt, status: kind.status, "\(kind)")
                throw failure(kind)
            }
            guard attempt <= feed.retry.maxRetries else {
                let final: HTTPClientError.Kind = attempt == 1 ? kind : .retriesExhausted(attempts: attempt, last: kind)
                record(.error, attempt: attempt, status: kind.status, "\(final)")
                throw failure(final)
            }
            let delay = feed.retry.delay(afterAttempt: attempt, retryAfter: retryAfter, unit: environment.random())
            guard waited + delay <= feed.retry.budget else {
                let final = HTTPClientError.Kind.retryBudgetSpent(attempts: attempt, budget: feed.retry.budget, needed: delay, last: kind)
                record(.error, attempt: attempt, status: kind.status, "\(final)")
                throw failure(final)
            }
            let reason = retryAfter == nil ? "backoff" : "Retry-After"
            record(.warning, attempt: attempt, status: kind.status, "\(kind); retrying in \(delay.radarText) (\(reason))")
            do {
                try await environment.sleep(delay)
            } catch {
                throw failure(.cancelled)
            }
            waited += delay
        }
    }

    /// One attempt: a permit on the host, then the transfer on a worker thread.
    private func transfer(_ request: HTTPRequest, host: String?, redactor: Redactor)
        async -> TransferResult {
        if let host {
            do {
                try await hosts.acquire(host)
            } catch {
                return .failure(.cancelled)
            }
        }
        defer { if let host { hosts.release(host) } }
        let cancellation = TransferCancellation()
        let pool = pool
        let configuration = configuration
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<CurlOutcome, Never>) in
                pool.submit(CurlJob(host: host ?? "file:") { easy in
                    let outcome = CurlTransfer.perform(request, on: easy, share: pool.share, userAgent: configuration.userAgent,
                                                       maxRedirects: configuration.maxRedirects, cancellation: cancellation)
                    return { continuation.resume(returning: outcome) }
                })
            }
        } onCancel: {
            cancellation.cancel()
        }
        return CurlTransfer.interpret(outcome, request: request, redactor: redactor)
    }

    private func excerpt(_ body: [UInt8], redactor: Redactor) -> String {
        let limit = configuration.bodyExcerptBytes
        var text = String(decoding: body.prefix(limit), as: UTF8.self)
        text = String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 }.filter { !($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false) })
        text = redactor.scrub(text.trimmingCharacters(in: .whitespaces))
        return body.count > limit ? "'\(text)…' (\(body.count) bytes)" : (text.isEmpty ? "" : "'\(text)'")
    }

    private func bucket(feed: String, limit: RateLimit) -> TokenBucket {
        buckets.withLock { buckets in
            if let bucket = buckets[feed], bucket.limit == limit { return bucket }
            let bucket = TokenBucket(limit: limit, environment: environment)
            buckets[feed] = bucket
            return bucket
        }
    }

    /// `scheme://host:port`, lowercased, without user info: the unit of the per-host limit.
    static func hostKey(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url.lowercased() }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        var authority = url[schemeEnd.upperBound...].prefix { !"/?#".contains($0) }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        let hasPort = authority.hasPrefix("[") ? authority.contains("]:") : authority.contains(":")
        let port = scheme == "https" ? ":443" : ":80"
        return "\(scheme)://\(authority.lowercased())\(hasPort ? "" : port)"
    }

    /// Why `request` cannot be sent, or nil. Header values are never quoted: they may be secrets.
    static func problem(with request: HTTPRequest) -> String? {
        let url = request.url.resolved
        guard url.contains(":"), !url.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0 == "\0" }) else {
            return "the URL must be absolute (http://, https:// or file://) and contain no spaces or line breaks"
        }
        if request.method == .get, request.body != nil { return "a GET cannot carry a body" }
        for header in request.headers {
            let name = header.name
            guard !name.isEmpty, name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }) else {
                return "header name '\(name)' is empty or has characters not allowed in a header name"
            }
            // Scalars, not Characters: "\r\n" is one Character and would slip past a Character test.
            if header.value.resolved.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
                return "header '\(name)' has a line break or NUL in its value"
            }
        }
        return nil
    }
}
