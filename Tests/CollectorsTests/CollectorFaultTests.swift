import Collectors
import FeatureStore
import Foundation
import RadarCore
import RadarTestSupport
import Testing

/// Issue 4's bad input and faults, against a real server and store: a feed that misbehaves is retried
/// where that makes sense, then reported with its name, redacted URL, status and cause; its checkpoint
/// does not move, what it stored before stays, and a feed collected beside it lands in full.
@Suite struct CollectorFaultTests {
    enum Fault: String, CaseIterable, Sendable {
        case serverError, rateLimited, timeout, truncatedTransfer, truncatedJSON, malformedJSON, malformedXML, oversized
    }

    static let xPath = "/2/tweets/search/recent"
    static let rssPath = "/feed.xml"

    /// The X fixture as one complete page (no next_token), so one pass reads it all.
    static func completeXPage() throws -> [UInt8] {
        var body = try JSONSerialization.jsonObject(with: Fixture.data("x/search_recent.json")) as! [String: Any]
        var meta = body["meta"] as! [String: Any]
        meta["next_token"] = nil
        body["meta"] = meta
        return Array(try JSONSerialization.data(withJSONObject: body))
    }

    @Test(arguments: Fault.allCases)
    func aFaultyFeedKeepsItsCheckpointAndDataWhileAnotherFeedLands(_ fault: Fault) async throws {
        let bench = try CollectorBench()
        let good = try Self.completeXPage()
        let isXML = fault == .malformedXML
        var retries = 0, timeout: Int64 = 5, maxBytes = 1 << 20
        let faulty: LoopbackHTTPServer.Reply
        var expected: [String]
        var attempts = 1
        switch fault {
        case .serverError:
            faulty = .status(500, body: "upstream exploded")
            retries = 2
            attempts = 3
            expected = ["HTTP 500", "gave up after 3 attempts", "upstream exploded"]
        case .rateLimited:
            faulty = .status(429, headers: [("Retry-After", "7")], body: "slow down")
            retries = 1
            attempts = 2
            expected = ["HTTP 429", "gave up after 2 attempts"]
        case .timeout:
            faulty = LoopbackHTTPServer.Reply(body: good).delayed(.seconds(3))
            timeout = 1
            expected = ["timed out after 1s"]
        case .truncatedTransfer:
            faulty = LoopbackHTTPServer.Reply(body: Array(good.prefix(200)), fault: .truncate(declared: good.count))
            retries = 1
            attempts = 2
            expected = ["truncated body", "gave up after 2 attempts"]
        case .truncatedJSON:
            faulty = LoopbackHTTPServer.Reply(body: Array(good.prefix(good.count / 2)))
            expected = ["HTTP 200, unreadable body (\(good.count / 2) bytes)"]
        case .malformedJSON:
            faulty = .json(#"{"data": [{"id": "not-a-number", "text": "$APE"}]}"#)
            expected = ["HTTP 200, unreadable body", "data[0].id", "not-a-number", "expected a numeric post id"]
        case .malformedXML:
            faulty = .text("<rss><channel><item><title>cut", headers: [("Content-Type", "application/rss+xml")])
            expected = ["HTTP 200, unreadable body"]
        case .oversized:
            maxBytes = 8192
            faulty = LoopbackHTTPServer.Reply(body: Array(#"{"data": [], "padding": ""#.utf8) + [UInt8](repeating: 0x61, count: 64 << 10) + Array(#""}"#.utf8))
            expected = ["exceeds the limit of 8192 bytes"]
        }
        let path = isXML ? Self.rssPath : Self.xPath
        let first: LoopbackHTTPServer.Reply = isXML ? try .fixture("rss/news.xml") : LoopbackHTTPServer.Reply(body: good)
        bench.server.route(path, [first, faulty])
        let victim = bench.feed("victim", isXML ? .rss : .xSearch, path: path, retries: retries, timeout: timeout, maxResponseBytes: maxBytes)
        bench.server.route("/botB/getUpdates", try .fixture("telegram/get_updates.json"))
        let bystander = bench.feed("bystander", .telegram, path: "/botB/getUpdates")

        let before = try await bench.collect(victim)
        #expect(before.errors == [] && before.inserted[.socialPosts] == 3)
        let checkpoint = try #require(try bench.cursor("victim"))
        let posts = try bench.posts()
        let sent = bench.server.requests(to: path).count

        bench.clock.advance(by: .minutes(1))
        async let faultedReport = bench.collect(victim)
        async let bystanderReport = bench.collect(bystander)
        let (report, other) = try await (faultedReport, bystanderReport)

        let error = try #require(report.errors.first)
        #expect(report.errors.count == 1)
        #expect(report.newRows == 0)
        #expect(error.hasPrefix("feed 'victim': GET \(bench.server.url(path))"))
        for text in expected { #expect(error.contains(text), "\(fault): \(error)") }
        #expect(bench.server.requests(to: path).count - sent == attempts)
        if fault == .rateLimited { #expect(bench.time.sleeps.contains(.seconds(7))) }
        // The checkpoint did not move and nothing stored was lost.
        #expect(report.checkpoint == checkpoint)
        #expect(try bench.cursor("victim") == checkpoint)
        #expect(try bench.posts().filter { posts[$0.key] != nil } == posts)
        // The other feed landed in full.
        #expect(other.errors == [] && other.inserted == [.socialPosts: 2, .mentions: 2])
        #expect(try bench.cursor("bystander") == "since=870006")
    }

    @Test func aRetriedFaultThatClearsLandsThePage() async throws {
        let bench = try CollectorBench()
        bench.server.route(Self.xPath, [.status(503), .status(429, headers: [("Retry-After", "2")]),
                                        LoopbackHTTPServer.Reply(body: try Self.completeXPage())])
        let report = try await bench.collect(bench.feed("x-flaky", .xSearch, path: Self.xPath, retries: 3))
        #expect(report.errors == [])
        #expect(report.inserted == [.socialPosts: 3, .mentions: 2])
        #expect(report.checkpoint == "since=1790805389211054203")
        #expect(bench.server.requests(to: Self.xPath).count == 3)
        #expect(bench.time.sleeps.contains(.seconds(2)))
    }

    @Test func aFailureMidPollKeepsTheLandedPagesAndResumesFromThem() async throws {
        let bench = try CollectorBench()
        let path = "/v2/farcaster/cast/search"
        let last = #"{"result": {"casts": [{"hash": "0xfeed", "text": "$PEPE", "timestamp": "2024-05-20T14:00:00Z", "author": {"fid": 9}}]}}"#
        bench.server.route(path, [try .fixture("farcaster/cast_search.json"), .status(502), .json(last)])
        let feed = bench.feed("fc", .farcaster, path: path)
        let broken = try await bench.collect(feed)
        #expect(broken.errors.count == 1 && broken.errors[0].contains("HTTP 502"))
        #expect(broken.inserted == [.socialPosts: 2, .mentions: 2])
        let midPoll = "page=eyJwYWdlIjoyLCJ0aW1lc3RhbXAiOiIyMDI0LTA1LTIwVDE1OjAyOjAwLjAwMFoifQ%3D%3D&newest=1716223510"
        #expect(broken.checkpoint == midPoll)
        #expect(try bench.cursor("fc") == midPoll)
        let resumed = try await bench.collect(feed)
        #expect(resumed.errors == [] && resumed.inserted == [.socialPosts: 1, .mentions: 1])
        #expect(resumed.checkpoint == "since=1716223510")
        let cursors = bench.server.requests(to: path).map { CollectorBench.query($0.target)["cursor"] }
        #expect(cursors == [nil, "eyJwYWdlIjoyLCJ0aW1lc3RhbXAiOiIyMDI0LTA1LTIwVDE1OjAyOjAwLjAwMFoifQ==", "eyJwYWdlIjoyLCJ0aW1lc3RhbXAiOiIyMDI0LTA1LTIwVDE1OjAyOjAwLjAwMFoifQ=="])
    }

    @Test func aFeedRepeatingItsPageTokenIsStopped() async throws {
        let bench = try CollectorBench()
        bench.server.route(Self.xPath, try .fixture("x/search_recent.json"))
        let report = try await bench.collect(bench.feed("x-loop", .xSearch, path: Self.xPath))
        #expect(report.errors.count == 1 && report.errors[0].contains("paging stopped"))
        #expect(bench.server.requests(to: Self.xPath).count == 2)
        #expect(report.inserted == [.socialPosts: 3, .mentions: 2] && report.duplicates == [.socialPosts: 3, .mentions: 2])
    }

    // MARK: Secrets

    @Test func secretsInHeadersAndURLsNeverReachTheReport() async throws {
        let bench = try CollectorBench()
        let bearer = "AAAAbearer-secret-0123456789"
        let bot = "123456:ABC-bot-secret"
        let key = "neynar-query-secret-42"
        bench.server.route(Self.xPath, .status(401, body: #"{"title": "Unauthorized", "detail": "token \#(bearer) is revoked"}"#))
        bench.server.route("/bot\(bot)/getUpdates", [.json(#"{"ok": false, "error_code": 401, "description": "Unauthorized: bot\#(bot)"}"#),
                                                      .status(500, body: "failed for /bot\(bot)/getUpdates")])
        bench.server.route("/v2/farcaster/cast/search", .status(500, body: "bad key \(key)"))

        let x = bench.feed("x-secret", .xSearch, path: Self.xPath, headers: [
            Header(name: "Authorization", value: SecretString(template: "Bearer ${X_BEARER_TOKEN}", resolved: "Bearer \(bearer)", references: ["X_BEARER_TOKEN"])),
        ])
        let telegram = bench.feed("tg-secret", .telegram, url: SecretString(
            template: bench.server.url("/bot${TELEGRAM_BOT_TOKEN}/getUpdates"), resolved: bench.server.url("/bot\(bot)/getUpdates"),
            references: ["TELEGRAM_BOT_TOKEN"]))
        let farcaster = bench.feed("fc-secret", .farcaster, url: SecretString(
            template: bench.server.url("/v2/farcaster/cast/search?api_key=${NEYNAR_API_KEY}"),
            resolved: bench.server.url("/v2/farcaster/cast/search?api_key=\(key)"), references: ["NEYNAR_API_KEY"]))

        var errors: [String] = []
        for feed in [x, telegram, telegram, farcaster] {
            let report = try await bench.collect(feed)
            #expect(report.errors.count == 1)
            errors += report.errors
        }
        let text = errors.joined(separator: "\n")
        for secret in [bearer, bot, key, "ABC-bot-secret"] { #expect(!text.contains(secret)) }
        #expect(errors[0].contains("HTTP 401") && errors[0].contains("feed 'x-secret'"))
        #expect(errors[1].contains("/bot${TELEGRAM_BOT_TOKEN}/getUpdates") && errors[1].contains("Unauthorized: bot${TELEGRAM_BOT_TOKEN}"))
        #expect(errors[2].contains("HTTP 500") && errors[2].contains("failed for /bot${TELEGRAM_BOT_TOKEN}/getUpdates"))
        #expect(errors[3].contains("api_key=${NEYNAR_API_KEY}") && errors[3].contains("HTTP 500"))
        // The secrets did reach the server, where they belong.
        #expect(bench.server.requests(to: Self.xPath).first?.header("Authorization") == "Bearer \(bearer)")
        #expect(bench.server.requests(to: "/bot\(bot)/getUpdates").count == 2)
        #expect(bench.server.requests(to: "/v2/farcaster/cast/search").first.map { CollectorBench.query($0.target)["api_key"] } == key)
        #expect(try bench.store.checkpoints().isEmpty)
    }
}
