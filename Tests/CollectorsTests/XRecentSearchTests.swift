import Foundation
import RadarCore
import Testing
@testable import Collectors

@Suite struct XRecentSearchTests {
    let adapter = XRecentSearchAdapter(feed: "x-ip")

    @Test func postsCarryAuthorsAndEngagement() throws {
        let page = try adapter.read(Fixture.data("x/search_recent.json"), cursor: FeedCursor(), observedAt: Sample.observedAt)
        #expect(page.posts.count == 3)
        let first = page.posts[0]
        #expect(first.source == "x")
        #expect(first.postID == "1790805389211054203")
        #expect(first.authorID == "2244994945")
        #expect(first.authorName == "XDevelopers")
        #expect(first.authorFollowers == 512_345)
        #expect(first.likes == 148)
        #expect(first.reposts == 12 + 3)
        #expect(first.replies == 5)
        #expect(first.eventTime == Timestamp(seconds: 1_715_796_251))
        #expect(first.url == "https://x.com/XDevelopers/status/1790805389211054203")
        #expect(page.posts[1].authorFollowers == 67_000_000)
        // The third author is not expanded: no name, no followers.
        #expect(page.posts[2].authorName == nil && page.posts[2].authorFollowers == nil)
        #expect(page.posts[2].url == "https://x.com/i/web/status/1790803044594634757")
    }

    @Test func pagingKeepsSinceUntilTheLastPageThenTakesTheNewestID() throws {
        let body = try Fixture.data("x/search_recent.json")
        let first = try adapter.read(body, cursor: FeedCursor(since: "1790000000000000000"), observedAt: Sample.observedAt)
        #expect(first.cursor == FeedCursor(since: "1790000000000000000", page: "b26v89c19zqg8o3fpzbkk3hgikoeqvr6x0c0rwbgmmm6l",
                                           newest: "1790805389211054203"))
        #expect(first.hasMorePages)
        let last = try adapter.read(Data(#"{"meta": {"result_count": 0}}"#.utf8), cursor: first.cursor, observedAt: Sample.observedAt)
        #expect(last.posts.isEmpty)
        #expect(last.cursor == FeedCursor(since: "1790805389211054203"))
    }

    @Test func theNextRequestAsksForFieldsSinceAndPage() {
        let items = XRecentSearchAdapter.queryItems(options: SearchOptions(query: "$APE OR ApeCoin", maxResults: 500),
                                                    cursor: FeedCursor(since: "17", page: "tok"))
        let query = Dictionary(uniqueKeysWithValues: items.map { ($0.name, $0.value ?? "") })
        #expect(query["query"] == "$APE OR ApeCoin")
        #expect(query["max_results"] == "100")
        #expect(query["since_id"] == "17")
        #expect(query["next_token"] == "tok")
        #expect(query["tweet.fields"] == "created_at,author_id,public_metrics")
        #expect(query["expansions"] == "author_id")
        #expect(XRecentSearchAdapter.queryItems(options: SearchOptions(query: "q"), cursor: FeedCursor()).allSatisfy { $0.name != "since_id" })
    }

    @Test func postsWithoutCreatedAtAreDatedByTheirSnowflake() throws {
        let page = try adapter.read(Data(#"{"data": [{"id": "1578516068309794817", "text": "t"}], "meta": {"newest_id": "1578516068309794817"}}"#.utf8),
                                    cursor: FeedCursor(), observedAt: Sample.observedAt)
        #expect(page.posts.first?.eventTime == Timestamp(seconds: 1_665_182_532))
        #expect(page.posts.first?.likes == 0)
    }

    @Test func malformedFieldsAndErrorOnlyAnswersAreNamed() throws {
        let text = try String(decoding: Fixture.data("x/search_recent.json"), as: UTF8.self)
        let date = text.replacingOccurrences(of: "2024-05-15T17:59:17.000Z", with: "yesterday")
        let error = payloadError { _ = try adapter.read(Data(date.utf8), cursor: FeedCursor(), observedAt: Sample.observedAt) }
        #expect(error?.feed == "x-ip")
        #expect(error?.field == "data[1].created_at")
        #expect(error?.value == "yesterday")
        let id = text.replacingOccurrences(of: #""id": "1790804156085489741""#, with: #""id": "17908x""#)
        #expect(payloadError { _ = try adapter.read(Data(id.utf8), cursor: FeedCursor(), observedAt: Sample.observedAt) }?.field == "data[1].id")
        let typed = text.replacingOccurrences(of: #""like_count": 148"#, with: #""like_count": "148""#)
        #expect(payloadError { _ = try adapter.read(Data(typed.utf8), cursor: FeedCursor(), observedAt: Sample.observedAt) }?.field
            == "data[0].public_metrics.like_count")
        let problem = Data(#"{"errors": [{"title": "Invalid Request", "detail": "since_id too old", "type": "about:blank"}]}"#.utf8)
        let refused = payloadError { _ = try adapter.read(problem, cursor: FeedCursor(), observedAt: Sample.observedAt) }
        #expect(refused?.field == "errors[0]")
        #expect(refused?.reason.contains("since_id too old") == true)
        #expect(payloadError { _ = try adapter.read(Data(text.utf8.prefix(300)), cursor: FeedCursor(), observedAt: Sample.observedAt) }?.field
            == PayloadError.document)
    }
}
