import Foundation
import RadarCore
import Testing
@testable import Collectors

@Suite struct RedditListingTests {
    let adapter = RedditListingAdapter(feed: "reddit-apecoin")

    @Test func linkPostsBecomePosts() throws {
        let page = try adapter.read(Fixture.data("reddit/new.json"), cursor: FeedCursor(), observedAt: Sample.observedAt)
        #expect(page.posts.count == 3)
        let first = page.posts[0]
        #expect(first.source == "reddit")
        #expect(first.postID == "t3_1c9x4f")
        #expect(first.authorID == "t2_8x7w6v")
        #expect(first.authorName == "ape_voter")
        #expect(first.text == "AIP-400: staking changes\n\nSnapshot vote closes Friday. $APE holders, read the proposal.")
        #expect(first.likes == 57 && first.replies == 23 && first.reposts == 2)
        #expect(first.url == "https://www.reddit.com/r/ApeCoin/comments/1c9x4f/aip400_staking_changes/")
        #expect(first.eventTime == Timestamp(seconds: 1_713_542_400))
        #expect(page.posts[1].text == "Bored Ape floor chart")
        #expect(page.posts[1].likes == -2)
        #expect(page.posts[1].eventTime == Timestamp(seconds: 1_713_538_800))
        #expect(page.posts[2].authorID == nil)
        #expect(page.cursor == FeedCursor(since: nil, page: "t3_1c9x2a", newest: "t3_1c9x4f"))
    }

    @Test func aPollStopsAtThePostsItReadBefore() throws {
        let body = try Fixture.data("reddit/new.json")
        let page = try adapter.read(body, cursor: FeedCursor(since: "t3_1c9x3b"), observedAt: Sample.observedAt)
        #expect(page.posts.map(\.postID) == ["t3_1c9x4f"])
        #expect(page.cursor == FeedCursor(since: "t3_1c9x4f"))
        // Mid-poll, the newest seen so far is kept and becomes since at the end.
        let resumed = try adapter.read(body, cursor: FeedCursor(since: "t3_1c9x3b", page: "t3_x", newest: "t3_1c9z00"), observedAt: Sample.observedAt)
        #expect(resumed.cursor == FeedCursor(since: "t3_1c9z00"))
    }

    @Test func theNextRequestPagesWithAfter() {
        let items = RedditListingAdapter.queryItems(options: ListingOptions(limit: 250), cursor: FeedCursor(page: "t3_1c9x2a"))
        #expect(items.map { "\($0.name)=\($0.value ?? "")" } == ["limit=100", "raw_json=1", "after=t3_1c9x2a"])
    }

    @Test func otherKindsAreSkippedAndBadFieldsNamed() throws {
        let mixed = Data(#"{"kind": "Listing", "data": {"after": null, "children": [{"kind": "t1", "data": {"body": "a comment"}}, {"kind": "more", "data": {"count": 3}}]}}"#.utf8)
        let page = try adapter.read(mixed, cursor: FeedCursor(), observedAt: Sample.observedAt)
        #expect(page.posts.isEmpty && page.cursor == FeedCursor())
        let text = try String(decoding: Fixture.data("reddit/new.json"), as: UTF8.self)
        let wrongKind = text.replacingOccurrences(of: #""kind": "Listing""#, with: #""kind": "t3""#)
        let error = payloadError { _ = try adapter.read(Data(wrongKind.utf8), cursor: FeedCursor(), observedAt: Sample.observedAt) }
        #expect(error?.field == "kind" && error?.value == "t3" && error?.feed == "reddit-apecoin")
        let missing = text.replacingOccurrences(of: #""created_utc": 1713538800.5,"#, with: "")
        #expect(payloadError { _ = try adapter.read(Data(missing.utf8), cursor: FeedCursor(), observedAt: Sample.observedAt) }?.field
            == "data.children[1].data.created_utc")
        let name = text.replacingOccurrences(of: #""name": "t3_1c9x3b""#, with: #""name": "1c9x3b""#)
        #expect(payloadError { _ = try adapter.read(Data(name.utf8), cursor: FeedCursor(), observedAt: Sample.observedAt) }?.field
            == "data.children[1].data.name")
    }
}
