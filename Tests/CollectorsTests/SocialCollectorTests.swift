import Collectors
import FeatureStore
import Foundation
import RadarCore
import RadarTestSupport
import Testing

/// Each social format end to end: fixture bodies served by a real loopback server, read by the
/// collector through the real HTTP client, landed in a real store file, then read back.
@Suite struct SocialCollectorTests {
    @Test func xSearchLandsPostsAuthorsAndMentionsAndPagesAcrossTwoPasses() async throws {
        let bench = try CollectorBench()
        let path = "/2/tweets/search/recent"
        let second = #"""
        {"data": [{"id": "1790800000000000000", "text": "gm $PEPE", "author_id": "783214", "created_at": "2024-05-15T17:40:00.000Z",
                   "public_metrics": {"retweet_count": 1, "reply_count": 2, "like_count": 3, "quote_count": 4}}],
         "includes": {"users": [{"id": "783214", "username": "X", "public_metrics": {"followers_count": 67000000}}]},
         "meta": {"newest_id": "1790800000000000000", "oldest_id": "1790800000000000000", "result_count": 1}}
        """#
        bench.server.route(path, [try .fixture("x/search_recent.json"), .json(second), .json(#"{"meta": {"result_count": 0}}"#)])
        let feed = bench.feed("x-ip", .xSearch, path: path)

        // Pass 1 stops at the page limit mid-poll: the cursor keeps the page token and the newest id.
        let first = try await bench.collect(feed, pageLimit: 1)
        #expect(first.errors == [])
        #expect(first.fetched == 3)
        #expect(first.inserted == [.socialPosts: 3, .mentions: 2])
        #expect(first.checkpoint == "page=b26v89c19zqg8o3fpzbkk3hgikoeqvr6x0c0rwbgmmm6l&newest=1790805389211054203")
        #expect(try bench.cursor("x-ip") == first.checkpoint)
        let post = try #require(try bench.posts()["1790805389211054203"])
        #expect(post.source == "x")
        #expect(post.authorName == "XDevelopers")
        #expect(post.authorFollowers == 512_345)
        #expect(post.likes == 148 && post.reposts == 15 && post.replies == 5)
        #expect(post.eventTime == Timestamp(seconds: 1_715_796_251))
        #expect(post.observedAt == CollectorBench.now)
        #expect(try bench.mentions(of: Sample.ape) == ["1790805389211054203": .address])
        #expect(try bench.mentions(of: CollectorBench.pengu) == ["1790804156085489741": .alias])

        // Pass 2 resumes with next_token and closes the poll: since becomes the newest id.
        let resumed = try await bench.collect(feed)
        #expect(resumed.errors == [])
        #expect(resumed.inserted == [.socialPosts: 1, .mentions: 1])
        #expect(resumed.checkpoint == "since=1790805389211054203")
        // Pass 3 asks only for newer posts and finds none.
        let caughtUp = try await bench.collect(feed)
        #expect(caughtUp.errors == [] && caughtUp.fetched == 0 && caughtUp.newRows == 0)
        #expect(caughtUp.checkpoint == "since=1790805389211054203")

        let queries = bench.server.requests(to: path).map { CollectorBench.query($0.target) }
        #expect(queries.count == 3)
        #expect(queries[0]["query"] == "$APE OR \"pudgy penguins\"")
        #expect(queries[0]["max_results"] == "100")
        #expect(queries[0]["next_token"] == nil && queries[0]["since_id"] == nil)
        #expect(queries[1]["next_token"] == "b26v89c19zqg8o3fpzbkk3hgikoeqvr6x0c0rwbgmmm6l")
        #expect(queries[1]["since_id"] == nil)
        #expect(queries[2]["since_id"] == "1790805389211054203" && queries[2]["next_token"] == nil)
        #expect(try bench.mentions(of: Sample.pepe) == ["1790800000000000000": .cashtag])
        #expect(try bench.count(.socialPosts) == 4)
    }

    @Test func redditPagesWithAfterUntilItReachesWhatItRead() async throws {
        let bench = try CollectorBench()
        let path = "/r/ApeCoin/new.json"
        let older = #"""
        {"kind": "Listing", "data": {"after": null, "before": null, "children": [
          {"kind": "t3", "data": {"name": "t3_1c9x1z", "id": "1c9x1z", "title": "Older $USDC question", "selftext": "",
            "author": "old_timer", "author_fullname": "t2_old", "created_utc": 1713500000, "score": 1, "num_comments": 0,
            "permalink": "/r/ApeCoin/comments/1c9x1z/older/"}}]}}
        """#
        bench.server.route(path, [try .fixture("reddit/new.json"), .json(older), try .fixture("reddit/new.json")])
        let feed = bench.feed("reddit-apecoin", .reddit, path: path)

        let report = try await bench.collect(feed)
        #expect(report.errors == [])
        #expect(report.fetched == 4)
        #expect(report.inserted == [.socialPosts: 4, .mentions: 3])
        #expect(report.checkpoint == "since=t3_1c9x4f")
        let queries = bench.server.requests(to: path).map { CollectorBench.query($0.target) }
        #expect(queries.map { $0["after"] } == [nil, "t3_1c9x2a"])
        #expect(queries[0]["limit"] == "25" && queries[0]["raw_json"] == "1")

        let vote = try #require(try bench.posts()["t3_1c9x4f"])
        #expect(vote.text == "AIP-400: staking changes\n\nSnapshot vote closes Friday. $APE holders, read the proposal.")
        #expect(vote.likes == 57 && vote.replies == 23 && vote.reposts == 2)
        #expect(vote.url == "https://www.reddit.com/r/ApeCoin/comments/1c9x4f/aip400_staking_changes/")
        // `$APE` is a cashtag; "Bored Ape" is the alias rule's keyword for APE's IP.
        #expect(try bench.mentions(of: Sample.ape) == ["t3_1c9x4f": .cashtag, "t3_1c9x3b": .alias])
        #expect(try bench.mentions(of: Sample.usdc) == ["t3_1c9x1z": .cashtag])

        // The next pass sees the same newest posts again: it stops at since and stores nothing.
        let again = try await bench.collect(feed)
        #expect(again.errors == [] && again.fetched == 0 && again.newRows == 0)
        #expect(again.checkpoint == "since=t3_1c9x4f")
    }

    @Test func telegramAdvancesItsOffsetAndKeepsAskingWhileBatchesAreFull() async throws {
        let bench = try CollectorBench()
        let path = "/botTEST/getUpdates"
        bench.server.route(path, [try .fixture("telegram/get_updates.json"), .json(#"{"ok": true, "result": []}"#)])
        let feed = bench.feed("tg-ip", .telegram, path: path)

        let report = try await bench.collect(feed)
        #expect(report.errors == [])
        #expect(report.fetched == 2)
        #expect(report.inserted == [.socialPosts: 2, .mentions: 2])
        #expect(report.checkpoint == "since=870006")
        let announcement = try #require(try bench.posts()["-1001234567890/4410"])
        #expect(announcement.authorName == "apecoin_news")
        #expect(announcement.url == "https://t.me/apecoin_news/4410")
        #expect(announcement.eventTime == Timestamp(seconds: 1_713_600_000))
        #expect(try bench.mentions(of: Sample.ape) == ["-1001234567890/4410": .cashtag])
        #expect(try bench.mentions(of: CollectorBench.pengu) == ["-1009876543210/99": .alias])
        // A short batch means caught up: one request. The next pass confirms with offset.
        #expect(bench.server.requests(to: path).count == 1)
        let next = try await bench.collect(feed)
        #expect(next.errors == [] && next.newRows == 0 && next.checkpoint == "since=870006")
        let offsets = bench.server.requests(to: path).map { CollectorBench.query($0.target)["offset"] }
        #expect(offsets == [nil, "870006"])
    }

    @Test func telegramReadsAgainAfterAFullBatch() async throws {
        let bench = try CollectorBench()
        let path = "/botTEST/getUpdates"
        let full = (1...100).map { index in
            #"{"update_id": \#(500 + index), "message": {"message_id": \#(index), "chat": {"id": -42, "title": "Chat", "type": "group"}, "date": 1713600000, "text": "post \#(index) $PEPE"}}"#
        }
        bench.server.route(path, [.json(#"{"ok": true, "result": [\#(full.joined(separator: ","))]}"#),
                                  try .fixture("telegram/get_updates.json")])
        let report = try await bench.collect(bench.feed("tg-full", .telegram, path: path))
        #expect(report.errors == [])
        #expect(report.inserted == [.socialPosts: 102, .mentions: 102])
        #expect(report.checkpoint == "since=870006")
        let offsets = bench.server.requests(to: path).map { CollectorBench.query($0.target)["offset"] }
        #expect(offsets == [nil, "601"])
    }

    @Test func farcasterPagesWithItsCursorAndKeepsFollowers() async throws {
        let bench = try CollectorBench()
        let path = "/v2/farcaster/cast/search"
        let last = #"""
        {"result": {"casts": [{"hash": "0x0000000000000000000000000000000000000abc", "text": "penguins again",
          "timestamp": "2024-05-20T14:00:00Z", "author": {"fid": 9, "username": "nine", "follower_count": 5}}], "next": null}}
        """#
        bench.server.route(path, [try .fixture("farcaster/cast_search.json"), .json(last)])
        let feed = bench.feed("farcaster-ip", .farcaster, path: path,
                              headers: [Header(name: "x-api-key", value: SecretString(template: "${NEYNAR_API_KEY}", resolved: "neynar-key-123", references: ["NEYNAR_API_KEY"]))])
        let report = try await bench.collect(feed)
        #expect(report.errors == [])
        #expect(report.inserted == [.socialPosts: 3, .mentions: 2])
        #expect(report.checkpoint == "since=1716223510")
        let cast = try #require(try bench.posts()["0x71d5225f77e0164388b1d4c120825f3a2c1f131c"])
        #expect(cast.authorName == "dwr.eth" && cast.authorFollowers == 412_345)
        #expect(cast.likes == 210 && cast.reposts == 31 && cast.replies == 17)
        #expect(try bench.mentions(of: CollectorBench.story) == ["0x71d5225f77e0164388b1d4c120825f3a2c1f131c": .cashtag])
        #expect(try bench.mentions(of: CollectorBench.pengu) == ["0xa1b2c3d4e5f60718293a4b5c6d7e8f9012345678": .alias])
        let requests = bench.server.requests(to: path)
        #expect(requests.map { CollectorBench.query($0.target)["cursor"] } == [nil, "eyJwYWdlIjoyLCJ0aW1lc3RhbXAiOiIyMDI0LTA1LTIwVDE1OjAyOjAwLjAwMFoifQ=="])
        #expect(requests.allSatisfy { $0.header("x-api-key") == "neynar-key-123" })
        #expect(CollectorBench.query(requests[0].target)["q"] == "penguins")
    }

    @Test func rssLandsItemsAndMentionsByAddressAndAlias() async throws {
        let bench = try CollectorBench()
        bench.server.route("/feed.xml", try .fixture("rss/news.xml", contentType: "application/rss+xml"))
        let feed = bench.feed("ip-news", .rss, path: "/feed.xml")
        let report = try await bench.collect(feed)
        #expect(report.errors == [])
        #expect(report.inserted == [.socialPosts: 3, .mentions: 2])
        #expect(report.checkpoint == "since=1712932200")
        #expect(bench.server.requests(to: "/feed.xml").map(\.target) == ["/feed.xml"])
        #expect(try bench.mentions(of: Sample.ape) == ["news-2024-0412": .address])
        #expect(try bench.mentions(of: CollectorBench.pengu) == ["https://news.example.org/2024/04/pudgy-toys": .alias])
        let item = try #require(try bench.posts()["news-2024-0412"])
        #expect(item.authorName == "Jane Doe" && item.eventTime == Timestamp(seconds: 1_712_932_200))
    }

    @Test func aRecordedFileIsReadOncePerPass() async throws {
        let bench = try CollectorBench()
        let file = Fixture.directory.appendingPathComponent("x/search_recent.json").absoluteString
        let feed = bench.feed("x-replay", .xSearch, url: SecretString(literal: file))
        let report = try await bench.collect(feed)
        #expect(report.errors == [])
        #expect(report.inserted == [.socialPosts: 3, .mentions: 2])
        #expect(report.checkpoint == "page=b26v89c19zqg8o3fpzbkk3hgikoeqvr6x0c0rwbgmmm6l&newest=1790805389211054203")
    }

    @Test func reDeliveredPostsAreDuplicatesAndAddNoRows() async throws {
        let bench = try CollectorBench()
        let path = "/2/tweets/search/recent"
        // A server that ignores since_id and answers the same complete page every time.
        var body = try JSONSerialization.jsonObject(with: Fixture.data("x/search_recent.json")) as! [String: Any]
        var meta = body["meta"] as! [String: Any]
        meta["next_token"] = nil
        body["meta"] = meta
        bench.server.route(path, LoopbackHTTPServer.Reply(body: Array(try JSONSerialization.data(withJSONObject: body))))
        let feed = bench.feed("x-again", .xSearch, path: path)
        let first = try await bench.collect(feed)
        #expect(first.inserted == [.socialPosts: 3, .mentions: 2] && first.duplicateRows == 0)
        bench.clock.advance(by: .minutes(5))
        let second = try await bench.collect(feed)
        #expect(second.errors == [])
        #expect(second.fetched == 3)
        #expect(second.newRows == 0)
        #expect(second.duplicates == [.socialPosts: 3, .mentions: 2])
        #expect(try bench.count(.socialPosts) == 3 && bench.count(.mentions) == 2)
        // The first observation is the one kept.
        #expect(try bench.posts()["1790805389211054203"]?.observedAt == CollectorBench.now)
    }
}
