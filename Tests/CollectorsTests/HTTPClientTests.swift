import Collectors
import Foundation
import RadarCore
import RadarTestSupport
import Testing

/// The client against a real loopback server that injects faults: statuses, delays, truncation,
/// oversized and encoded bodies, keep-alive. Waits go through `SteppedTime`, so no test sleeps for
/// real except where a real timeout is the point.
@Suite struct HTTPClientTests {
    private func feed(_ name: String = "test-feed", retries: Int = 0, timeout: Duration = .seconds(5),
                      maxResponseBytes: Int = 1 << 20, rateLimit: RateLimit? = nil,
                      retry: RetryPolicy = RetryPolicy(baseDelay: .milliseconds(100))) -> HTTPFeed {
        var policy = retry
        policy.maxRetries = retries
        return HTTPFeed(name: name, connectTimeout: .seconds(2), timeout: timeout, maxResponseBytes: maxResponseBytes,
                        retry: policy, rateLimit: rateLimit)
    }

    private func client(_ time: SteppedTime = SteppedTime(), log: LogCapture? = nil,
                        perHost: Int = 4, threads: Int = 8) throws(HTTPClientError) -> HTTPClient {
        try HTTPClient(configuration: .init(maxThreads: threads, maxConcurrentRequestsPerHost: perHost),
                       environment: time.environment, log: log?.sink)
    }

    private func failure(_ body: () async throws(HTTPClientError) -> HTTPResponse) async -> HTTPClientError? {
        do {
            let response = try await body()
            Issue.record("expected a failure, got HTTP \(response.status)")
            return nil
        } catch {
            return error
        }
    }

    // MARK: Success

    @Test func getReturnsTheBodyAndHeadersAndSendsAcceptEncoding() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/pairs", .text("hello", headers: [("X-Feed", "dex")]))
        let response = try await client().send(.get(server.url("/pairs?chain=base"), feed: feed()))
        #expect(response.status == 200)
        #expect(response.text == "hello")
        #expect(response.headers["x-feed"] == "dex")
        #expect(response.attempts == 1)
        let seen = try #require(server.requests.first)
        #expect(seen.method == "GET")
        #expect(seen.target == "/pairs?chain=base")
        #expect(seen.header("Accept-Encoding")?.contains("gzip") == true)
        #expect(seen.header("User-Agent") == CollectorsModule.userAgent)
    }

    @Test func postSendsItsJSONBodyAndContentType() async throws {
        struct Call: Codable, Equatable { var jsonrpc = "2.0"; var id = 1; var method = "eth_blockNumber"; var params: [String] = [] }
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/rpc", .json(#"{"jsonrpc":"2.0","id":1,"result":"0x10"}"#))
        let request = try HTTPRequest.post(SecretString(literal: server.url("/rpc")), json: Call(),
                                           headers: [HTTPHeader("X-Client", "radar")], feed: feed())
        let response = try await client().send(request)
        #expect(response.text.contains("0x10"))
        let seen = try #require(server.requests.first)
        #expect(seen.method == "POST")
        #expect(seen.header("Content-Type") == "application/json")
        #expect(seen.header("X-Client") == "radar")
        #expect(seen.header("Expect") == nil)
        #expect(try JSONDecoder().decode(Call.self, from: Data(seen.body)) == Call())
    }

    @Test func gzipAndDeflateBodiesAreDecoded() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let text = String(repeating: "{\"price\":\"1.25\"}", count: 300)
        server.route("/gz", LoopbackHTTPServer.Reply(headers: [("Content-Encoding", "gzip")], body: CompressedBodies.gzip(Array(text.utf8))))
        server.route("/zz", LoopbackHTTPServer.Reply(headers: [("Content-Encoding", "deflate")], body: CompressedBodies.zlib(Array(text.utf8))))
        let http = try client()
        #expect(try await http.send(.get(server.url("/gz"), feed: feed())).text == text)
        #expect(try await http.send(.get(server.url("/zz"), feed: feed())).text == text)
    }

    @Test func fileURLsReplayRecordedResponsesAsStatus200() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("radar-http-\(UUID().uuidString).json")
        try Data(#"{"pairs":[]}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let http = try client()
        let response = try await http.send(.get(file.absoluteString, feed: feed()))
        #expect(response.status == 200)
        #expect(response.text == #"{"pairs":[]}"#)

        let missing = await failure { () async throws(HTTPClientError) in
            try await http.send(.get(file.absoluteString + ".missing", feed: feed(retries: 3)))
        }
        guard case .fileUnreadable = missing?.kind else { Issue.record("got \(String(describing: missing))"); return }
        #expect(missing?.attempts == 1)
    }

    // MARK: Retries

    @Test func retriesAfter503sThenSucceedsWithJitteredBackoff() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/flaky", [.status(503), .status(503), .text("ok")])
        let time = SteppedTime()
        let log = LogCapture()
        let response = try await client(time, log: log).send(.get(server.url("/flaky"), feed: feed(retries: 3)))
        #expect(response.text == "ok")
        #expect(response.attempts == 3)
        #expect(server.requests(to: "/flaky").count == 3)
        // Full jitter: each wait is drawn from [0, base * 2^(n-1)].
        #expect(time.sleeps.count == 2)
        #expect(time.sleeps[0] <= .milliseconds(100))
        #expect(time.sleeps[1] <= .milliseconds(200))
        #expect(log.all.filter { $0.level == .warning }.count == 2)
    }

    @Test func tooManyRequestsWaitsForRetryAfterSeconds() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/limited", [.status(429, headers: [("Retry-After", "2")]), .text("ok")])
        let time = SteppedTime()
        let response = try await client(time).send(.get(server.url("/limited"), feed: feed(retries: 2)))
        #expect(response.text == "ok")
        #expect(time.sleeps == [.seconds(2)])
    }

    @Test func retryAfterAsAnHTTPDateIsMeasuredFromTheWallClock() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        // Wed, 21 Oct 2015 07:28:00 GMT is 1445412480; the wall clock stands 3 s before it.
        server.route("/maintenance", [.status(503, headers: [("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")]), .text("ok")])
        let time = SteppedTime(wallClock: Date(timeIntervalSince1970: 1_445_412_477))
        _ = try await client(time).send(.get(server.url("/maintenance"), feed: feed(retries: 1)))
        #expect(time.sleeps == [.seconds(3)])
    }

    @Test func retryAfterIsCappedAndTheBudgetStopsLongWaits() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/slow-down", [.status(429, headers: [("Retry-After", "3600")]), .text("ok")])
        let capped = SteppedTime()
        let policy = RetryPolicy(maxRetryAfter: .seconds(5), budget: .seconds(10))
        _ = try await client(capped).send(.get(server.url("/slow-down"), feed: feed(retries: 1, retry: policy)))
        #expect(capped.sleeps == [.seconds(5)])

        server.route("/later", .status(429, headers: [("Retry-After", "30")]))
        let spent = SteppedTime()
        let error = await failure { () async throws(HTTPClientError) in
            try await client(spent).send(.get(server.url("/later"), feed: feed(retries: 3, retry: RetryPolicy(maxRetryAfter: .seconds(60), budget: .seconds(10)))))
        }
        guard case .retryBudgetSpent(1, .seconds(10), .seconds(30), .httpStatus(429, _)) = error?.kind else {
            Issue.record("got \(String(describing: error))"); return
        }
        #expect(spent.sleeps.isEmpty)
        #expect(error?.status == 429)
    }

    @Test func exhaustedRetriesReportTheAttemptCountAndLastStatus() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/down", .status(500, body: "database unavailable"))
        let error = try #require(await failure { () async throws(HTTPClientError) in
            try await client().send(.get(server.url("/down"), feed: feed("dex-screener", retries: 2)))
        })
        guard case .retriesExhausted(3, .httpStatus(500, let excerpt)) = error.kind else { Issue.record("got \(error)"); return }
        #expect(excerpt.contains("database unavailable"))
        #expect(error.status == 500)
        #expect(error.attempts == 3)
        #expect(server.requests(to: "/down").count == 3)
        let text = error.description
        #expect(text.contains("feed 'dex-screener'"))
        #expect(text.contains(server.url("/down")))
        #expect(text.contains("3 attempts"))
        #expect(text.contains("HTTP 500"))
    }

    @Test func clientErrorsOtherThan429AreNotRetried() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/gone", .status(404, body: "no such pair"))
        let time = SteppedTime()
        let error = try #require(await failure { () async throws(HTTPClientError) in
            try await client(time).send(.get(server.url("/gone"), feed: feed(retries: 3)))
        })
        guard case .httpStatus(404, let excerpt) = error.kind else { Issue.record("got \(error)"); return }
        #expect(excerpt.contains("no such pair"))
        #expect(server.requests(to: "/gone").count == 1)
        #expect(time.sleeps.isEmpty)
    }

    // MARK: Faults

    @Test func aStalledServerTimesOut() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/stall", LoopbackHTTPServer.Reply.text("late").delayed(.seconds(3)))
        let started = ContinuousClock.now
        let error = try #require(await failure { () async throws(HTTPClientError) in
            try await client().send(.get(server.url("/stall"), feed: feed(timeout: .milliseconds(200))))
        })
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(error.kind == .timedOut(connect: false, limit: .milliseconds(200)))
        #expect(error.description.contains("timed out after 200ms"))
    }

    @Test func aBodyCutShortIsATruncationError() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/cut", LoopbackHTTPServer.Reply(body: Array("0123456789".utf8), fault: .truncate(declared: 100)))
        let error = try #require(await failure { () async throws(HTTPClientError) in
            try await client().send(.get(server.url("/cut"), feed: feed()))
        })
        #expect(error.kind == .truncatedBody(received: 10, expected: 100))
        #expect(error.description.contains("10 of 100 bytes"))
    }

    @Test func aTruncatedBodyIsRetried() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/cut-once", [LoopbackHTTPServer.Reply(body: Array("01".utf8), fault: .truncate(declared: 50)), .text("whole")])
        let response = try await client().send(.get(server.url("/cut-once"), feed: feed(retries: 1)))
        #expect(response.text == "whole")
        #expect(response.attempts == 2)
    }

    @Test func oversizedBodiesAreRefusedNamingTheLimit() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let big = [UInt8](repeating: UInt8(ascii: "x"), count: 5000)
        server.route("/declared", LoopbackHTTPServer.Reply(body: big))
        server.route("/streamed", LoopbackHTTPServer.Reply(body: big, fault: .closeDelimited))
        server.route("/inflated", LoopbackHTTPServer.Reply(headers: [("Content-Encoding", "gzip")], body: CompressedBodies.gzip(big)))
        let http = try client()
        for path in ["/declared", "/streamed", "/inflated"] {
            let error = try #require(await failure { () async throws(HTTPClientError) in
                try await http.send(.get(server.url(path), feed: feed(retries: 2, maxResponseBytes: 1000)))
            })
            #expect(error.kind == .bodyTooLarge(limit: 1000), "\(path)")
            #expect(error.description.contains("1000 bytes"))
            #expect(server.requests(to: path).count == 1, "a body too large is not retried")
        }
    }

    @Test(.enabled(if: CompressedBodies.gzipTool != nil, "needs gzip to make a body that really shrinks"))
    func aSmallBodyThatInflatesPastTheLimitIsStopped() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let bomb = try CompressedBodies.gzipCompressed([UInt8](repeating: 0x20, count: 200_000))
        #expect(bomb.count < 1000)
        server.route("/bomb", LoopbackHTTPServer.Reply(headers: [("Content-Encoding", "gzip")], body: bomb))
        let error = try #require(await failure { () async throws(HTTPClientError) in
            try await client().send(.get(server.url("/bomb"), feed: feed(maxResponseBytes: 1000)))
        })
        #expect(error.kind == .bodyTooLarge(limit: 1000))
    }

    @Test func aClosedPortIsConnectionRefused() async throws {
        let server = try LoopbackHTTPServer()
        let url = server.url("/nothing")
        server.stop()
        try await Task.sleep(for: .milliseconds(20))
        let error = try #require(await failure { () async throws(HTTPClientError) in
            try await client().send(.get(url, feed: feed()))
        })
        #expect(error.kind == .connectionRefused)
    }

    @Test func cancellingTheTaskAbortsTheTransfer() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/forever", LoopbackHTTPServer.Reply.text("late").delayed(.seconds(10)))
        let http = try client()
        let started = ContinuousClock.now
        let task = Task { () async throws(HTTPClientError) -> HTTPResponse in
            try await http.send(.get(server.url("/forever"), feed: feed(timeout: .seconds(20))))
        }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        let result = await task.result
        guard case .failure(let error) = result else { Issue.record("expected cancellation"); return }
        #expect((error as? HTTPClientError)?.kind == .cancelled)
        #expect(ContinuousClock.now - started < .seconds(3))
    }

    @Test func redirectsAreFollowedButNeverIntoLocalFiles() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/moved", .status(302, headers: [("Location", "/here")]))
        server.route("/here", .text("arrived"))
        server.route("/sneaky", .status(302, headers: [("Location", "file:///etc/hostname")]))
        let http = try client()
        #expect(try await http.send(.get(server.url("/moved"), feed: feed())).text == "arrived")
        let error = try #require(await failure { () async throws(HTTPClientError) in
            try await http.send(.get(server.url("/sneaky"), feed: feed(retries: 2)))
        })
        guard case .invalidRequest = error.kind else { Issue.record("got \(error)"); return }
        #expect(server.requests(to: "/sneaky").count == 1)
    }

    @Test func schemesOtherThanHTTPAndFileAreRefused() async throws {
        let error = try #require(await failure { () async throws(HTTPClientError) in
            try await client().send(.get("ftp://127.0.0.1/x", feed: feed()))
        })
        guard case .invalidRequest = error.kind else { Issue.record("got \(error)"); return }
    }

    // MARK: Secrets

    @Test func secretsNeverReachErrorsOrLogs() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let key = "k3y-4bcdef-123456"
        let token = "t0ken-zyxwvu-987654"
        // The server echoes the key, as some APIs do in their error bodies.
        server.route("/v1/search", [.status(503), .status(401, body: "invalid api_key \(key) for bearer \(token)")])
        let url = SecretString(template: server.url("/v1/search?q=ip&api_key=${RADAR_KEY}"),
                               resolved: server.url("/v1/search?q=ip&api_key=\(key)"), references: ["RADAR_KEY"])
        let headers = [
            HTTPHeader(name: "Authorization", value: SecretString(template: "Bearer ${RADAR_TOKEN}", resolved: "Bearer \(token)", references: ["RADAR_TOKEN"])),
            HTTPHeader("X-Api-Key", "literal-key-in-config"),
        ]
        let log = LogCapture()
        let error = try #require(await failure { () async throws(HTTPClientError) in
            try await client(log: log).send(.get(url, headers: headers, feed: feed(retries: 2)))
        })
        let seen = try #require(server.requests.last)
        #expect(seen.target.contains(key), "the server gets the real key")
        #expect(seen.header("Authorization") == "Bearer \(token)")

        let printed = [error.description, "\(error.kind)", error.url, log.text].joined(separator: "\n")
        for secret in [key, token, "literal-key-in-config"] {
            #expect(!printed.contains(secret), "\(secret) leaked")
        }
        #expect(error.url.contains("api_key=${RADAR_KEY}"))
        #expect(error.description.contains("${RADAR_KEY}"))
        #expect(error.status == 401)
        #expect(!log.all.isEmpty)
    }

    @Test func literalCredentialsInQueriesAreMaskedInErrors() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/feed", .status(403, body: "bad token hunter22hunter"))
        let error = try #require(await failure { () async throws(HTTPClientError) in
            try await client().send(.get(server.url("/feed?token=hunter22hunter&limit=5"), feed: feed()))
        })
        #expect(error.url == server.url("/feed?token=***&limit=5"))
        #expect(!error.description.contains("hunter22hunter"))
    }

    @Test func headersWithLineBreaksAreRefusedWithoutQuotingTheValue() async throws {
        let error = try #require(await failure { () async throws(HTTPClientError) in
            try await client().send(.get("http://127.0.0.1:9/", headers: [HTTPHeader("X-Token", "abc\r\nInjected: 1")], feed: feed()))
        })
        guard case .invalidRequest = error.kind else { Issue.record("got \(error)"); return }
        #expect(!error.description.contains("Injected"))
    }

    // MARK: Limits and reuse

    @Test func requestsToOneHostStayWithinItsConcurrencyLimit() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/slow", LoopbackHTTPServer.Reply.text("ok").delayed(.milliseconds(120)))
        let http = try client(perHost: 2, threads: 8)
        let slow = feed()
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<6 {
                group.addTask { try await http.send(.get(server.url("/slow?i=\(index)"), feed: slow)).status }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 6))
        #expect(server.maxConcurrentRequests == 2)
    }

    @Test func theTokenBucketSpacesAFeedsRequests() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/tick", .text("ok"))
        let time = SteppedTime()
        let http = try client(time)
        let limited = feed(rateLimit: try RateLimit(parsing: "2/s"))
        for _ in 0..<5 { _ = try await http.send(.get(server.url("/tick"), feed: limited)) }
        // A burst of two, then one every 500 ms.
        #expect(time.sleeps == [.milliseconds(500), .milliseconds(500), .milliseconds(500)])
        #expect(server.requests.count == 5)
    }

    @Test func blockedTransfersLeaveSwiftsCooperativePoolFree() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/stall", LoopbackHTTPServer.Reply.text("ok").delayed(.milliseconds(400)))
        let http = try client(perHost: 8, threads: 8)
        let slow = feed()
        // More blocking transfers than this machine has cores: were they on the cooperative pool, the
        // small task below could not run until they finished.
        let transfers = (0..<8).map { index in
            Task { try await http.send(.get(server.url("/stall?i=\(index)"), feed: slow)).status }
        }
        try await Task.sleep(for: .milliseconds(100))
        let started = ContinuousClock.now
        let quick = await Task.detached { (1...1000).reduce(0, +) }.value
        #expect(quick == 500_500)
        #expect(ContinuousClock.now - started < .milliseconds(200))
        for transfer in transfers { #expect(try await transfer.value == 200) }
        #expect(http.threadCount == 8)
    }

    @Test func aFeedsConfigSetsItsLimits() throws {
        let config = FeedConfig(name: "dexscreener", kind: .dexMarket, url: SecretString(literal: "https://api.dexscreener.com/"),
                                timeout: .seconds(12), connectTimeout: .seconds(3), rateLimit: try RateLimit(parsing: "5/s"),
                                retries: 4, maxResponseBytes: 4096, options: .dexMarket(DexMarketOptions()))
        let limits = HTTPFeed(config)
        #expect(limits == HTTPFeed(name: "dexscreener", connectTimeout: .seconds(3), timeout: .seconds(12), maxResponseBytes: 4096,
                                   retry: RetryPolicy(maxRetries: 4), rateLimit: try RateLimit(parsing: "5/s")))
    }

    @Test func sequentialRequestsReuseOneKeepAliveConnection() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/blocks", .json("[]"))
        let http = try client()
        for index in 0..<6 { _ = try await http.send(.get(server.url("/blocks?page=\(index)"), feed: feed())) }
        #expect(server.requests.count == 6)
        #expect(server.acceptedConnections == 1)
        #expect(Set(server.requests.map(\.connection)) == [0])
    }
}
