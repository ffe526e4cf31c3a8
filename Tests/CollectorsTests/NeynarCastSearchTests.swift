import Foundation
import RadarCore
import Testing
@testable import Collectors

@Suite struct NeynarCastSearchTests {
    let adapter = NeynarCastSearchAdapter(feed: "farcaster-ip")

    @Test func castsBecomePosts() throws {
        let page = try adapter.read(Fixture.data("farcaster/cast_search.json"), cursor: FeedCursor(), observedAt: Sample.observedAt)
        #expect(page.posts.count == 2)
        let cast = page.posts[0]
        #expect(cast.source == "farcaster")
        #expect(cast.postID == "0x71d5225f77e0164388b1d4c120825f3a2c1f131c")
        #expect(cast.authorID == "3")
        #expect(cast.authorName == "dwr.eth")
        #expect(cast.authorFollowers == 412_345)
        #expect(cast.likes == 210 && cast.reposts == 31 && cast.replies == 17)
        #expect(cast.url == "https://warpcast.com/dwr.eth/0x71d5225f")
        #expect(cast.eventTime == Timestamp(seconds: 1_716_223_510))
        #expect(page.posts[1].eventTime == Timestamp(seconds: 1_716_217_320))
        #expect(page.cursor == FeedCursor(page: "eyJwYWdlIjoyLCJ0aW1lc3RhbXAiOiIyMDI0LTA1LTIwVDE1OjAyOjAwLjAwMFoifQ==", newest: "1716223510"))
    }

    @Test func castsOlderThanSinceEndThePoll() throws {
        let page = try adapter.read(Fixture.data("farcaster/cast_search.json"), cursor: FeedCursor(since: "1716220000"), observedAt: Sample.observedAt)
        #expect(page.posts.map(\.authorName) == ["dwr.eth"])
        #expect(page.cursor == FeedCursor(since: "1716223510"))
        let items = NeynarCastSearchAdapter.queryItems(options: SearchOptions(query: "$IP", maxResults: 25), cursor: FeedCursor(page: "c"))
        #expect(items.map { "\($0.name)=\($0.value ?? "")" } == ["q=$IP", "limit=25", "sort_type=desc_chronological", "cursor=c"])
    }

    @Test func malformedCastsAreNamed() throws {
        let text = try String(decoding: Fixture.data("farcaster/cast_search.json"), as: UTF8.self)
        let time = text.replacingOccurrences(of: "2024-05-20T15:02:00Z", with: "1716217320")
        let error = payloadError { _ = try adapter.read(Data(time.utf8), cursor: FeedCursor(), observedAt: Sample.observedAt) }
        #expect(error?.feed == "farcaster-ip")
        #expect(error?.field == "result.casts[1].timestamp")
        #expect(error?.value == "1716217320")
        let missing = text.replacingOccurrences(of: #""fid": 194372,"#, with: "")
        #expect(payloadError { _ = try adapter.read(Data(missing.utf8), cursor: FeedCursor(), observedAt: Sample.observedAt) }?.field
            == "result.casts[1].author.fid")
    }
}
