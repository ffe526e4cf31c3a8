import Foundation
import RadarCore
import Testing
@testable import Collectors

@Suite struct TelegramUpdatesTests {
    let adapter = TelegramUpdatesAdapter(feed: "tg-ape")

    @Test func channelPostsAndMessagesBecomePosts() throws {
        let page = try adapter.read(Fixture.data("telegram/get_updates.json"), cursor: FeedCursor(), observedAt: Sample.observedAt)
        #expect(page.posts.count == 2)
        let post = page.posts[0]
        #expect(post.source == "telegram")
        #expect(post.postID == "-1001234567890/4410")
        #expect(post.authorID == "-1001234567890")
        #expect(post.authorName == "apecoin_news")
        #expect(post.text == "Staking v2 is live for $APE. Details: https://example.org/staking")
        #expect(post.url == "https://t.me/apecoin_news/4410")
        #expect(post.eventTime == Timestamp(seconds: 1_713_600_000))
        let captioned = page.posts[1]
        #expect(captioned.postID == "-1009876543210/99")
        #expect(captioned.authorID == "5012345678")
        #expect(captioned.authorName == "mia_trades")
        #expect(captioned.text == "Pudgy Penguins chart looking strong")
        #expect(captioned.url == nil)
        // Every update, edits and stickers included, moves the offset past it.
        #expect(page.cursor == FeedCursor(since: "870006"))
    }

    @Test func theOffsetStaysWhenNothingArrives() throws {
        let page = try adapter.read(Data(#"{"ok": true, "result": []}"#.utf8), cursor: FeedCursor(since: "870006"), observedAt: Sample.observedAt)
        #expect(page.posts.isEmpty)
        #expect(page.cursor == FeedCursor(since: "870006"))
        let items = TelegramUpdatesAdapter.queryItems(cursor: page.cursor, timeout: 30)
        #expect(items.map { "\($0.name)=\($0.value ?? "")" } == ["offset=870006", "limit=100", "timeout=30", #"allowed_updates=["message","channel_post"]"#])
    }

    @Test func okFalseIsAnErrorWithTelegramsDescription() throws {
        let error = payloadError { _ = try adapter.read(try Fixture.data("telegram/error.json"), cursor: FeedCursor(), observedAt: Sample.observedAt) }
        #expect(error?.feed == "tg-ape")
        #expect(error?.field == "description")
        #expect(error?.value?.hasPrefix("Conflict: terminated by other getUpdates request") == true)
        #expect(error?.reason.contains("409") == true)
    }

    @Test func malformedUpdatesAreNamed() throws {
        let text = try String(decoding: Fixture.data("telegram/get_updates.json"), as: UTF8.self)
        let typed = text.replacingOccurrences(of: #""message_id": 99,"#, with: #""message_id": "99","#)
        let error = payloadError { _ = try adapter.read(Data(typed.utf8), cursor: FeedCursor(), observedAt: Sample.observedAt) }
        #expect(error?.field == "result[1].message.message_id")
        #expect(error?.value == "99")
        let date = text.replacingOccurrences(of: #""date": 1713600300"#, with: #""date": -5"#)
        #expect(payloadError { _ = try adapter.read(Data(date.utf8), cursor: FeedCursor(), observedAt: Sample.observedAt) }?.field
            == "result[1].message.date")
        #expect(payloadError { _ = try adapter.read(Data(#"{"ok": true}"#.utf8), cursor: FeedCursor(), observedAt: Sample.observedAt) }?.field == "result")
    }
}
