import Foundation
import RadarCore
import Testing
@testable import Collectors

@Suite struct SyndicationTests {
    let adapter = SyndicationAdapter(feed: "ip-news")

    @Test func rssItemsBecomePosts() throws {
        let page = try adapter.read(Fixture.data("rss/news.xml"), cursor: FeedCursor(), observedAt: Sample.observedAt)
        #expect(page.posts.count == 3)
        let first = page.posts[0]
        #expect(first.source == "rss")
        #expect(first.postID == "news-2024-0412")
        #expect(first.authorName == "Jane Doe")
        #expect(first.text == "Yuga Labs & ApeCoin DAO vote on $APE staking\n\nThe Bored Ape ecosystem votes on staking for 0x4d224452801ACEd8B2F0aebE155379bb5D594381 & more.")
        #expect(first.url == "https://news.example.org/2024/04/ape-staking")
        #expect(first.eventTime == Timestamp(seconds: 1_712_932_200))
        #expect(first.observedAt == Sample.observedAt)
        let second = page.posts[1]
        #expect(second.postID == "https://news.example.org/2024/04/pudgy-toys")
        #expect(second.text == "Pudgy Penguins licence new toy line\n\nPlush penguins arrive in stores.")
        #expect(second.authorName == "desk@news.example.org (News Desk)")
        #expect(second.eventTime == Timestamp(seconds: 1_712_826_000))
        let undated = page.posts[2]
        #expect(undated.postID.hasPrefix("fnv1a:") && undated.postID.count == 22)
        #expect(undated.eventTime == Sample.observedAt)
        #expect(page.cursor == FeedCursor(since: "1712932200"))
        #expect(!page.hasMorePages)
    }

    @Test func atomEntriesBecomePosts() throws {
        let page = try adapter.read(Fixture.data("rss/atom.xml"), cursor: FeedCursor(), observedAt: Sample.observedAt)
        #expect(page.posts.count == 2)
        let first = page.posts[0]
        #expect(first.postID == "tag:blog.example.com,2024:post-1")
        #expect(first.text == "Programmable IP goes live\n\nRegister your IP and mint $IP licences.")
        #expect(first.url == "https://blog.example.com/posts/programmable-ip")
        #expect(first.authorName == "Story Team")
        #expect(first.eventTime == Timestamp(seconds: 1_714_644_000))
        let second = page.posts[1]
        #expect(second.text == "Royalty module update\n\nRoyalties now flow on chain.")
        #expect(second.url == "https://blog.example.com/posts/royalties")
        #expect(second.eventTime == Timestamp(seconds: 1_714_464_900))
        #expect(page.cursor.since == "1714644000")
    }

    @Test func itemsOlderThanTheCursorAreDroppedButUndatedOnesKept() throws {
        let page = try adapter.read(Fixture.data("rss/news.xml"), cursor: FeedCursor(since: "1712932200"), observedAt: Sample.observedAt)
        #expect(page.posts.map(\.postID).first == "news-2024-0412")
        #expect(page.posts.count == 2)
        #expect(page.cursor.since == "1712932200")
    }

    @Test func unreadableDatesAndUnknownDocumentsAreNamed() throws {
        let text = try String(decoding: Fixture.data("rss/news.xml"), as: UTF8.self)
        let bad = text.replacingOccurrences(of: "Thu, 11 Apr 2024 09:00:00 GMT", with: "last Thursday")
        let error = payloadError { _ = try adapter.read(Data(bad.utf8), cursor: FeedCursor(), observedAt: Sample.observedAt) }
        #expect(error?.feed == "ip-news")
        #expect(error?.field == "rss/channel/item[1]/pubDate")
        #expect(error?.value == "last Thursday")
        let html = payloadError { _ = try adapter.read(Data("<html><body/></html>".utf8), cursor: FeedCursor(), observedAt: Sample.observedAt) }
        #expect(html?.field == "html")
        let noChannel = payloadError { _ = try adapter.read(Data("<rss version=\"2.0\"/>".utf8), cursor: FeedCursor(), observedAt: Sample.observedAt) }
        #expect(noChannel?.field == "rss/channel")
    }

    @Test func truncatedFeedsAreErrorsWithAPosition() throws {
        let body = try Fixture.data("rss/news.xml")
        let error = payloadError { _ = try adapter.read(body.prefix(body.count / 2), cursor: FeedCursor(), observedAt: Sample.observedAt) }
        #expect(error?.feed == "ip-news")
        #expect(error?.line != nil)
        #expect(error?.field.hasPrefix("rss/channel") == true)
    }

    @Test func rdfFeedsAreRead() throws {
        let body = Data("""
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
          <channel rdf:about="x"><title>t</title></channel>
          <item rdf:about="https://e.org/1"><title>One</title><link>https://e.org/1</link><dc:date>2024-04-30T08:15:00Z</dc:date></item>
        </rdf:RDF>
        """.utf8)
        let page = try adapter.read(body, cursor: FeedCursor(), observedAt: Sample.observedAt)
        #expect(page.posts.map(\.postID) == ["https://e.org/1"])
        #expect(page.posts.first?.eventTime == Timestamp(seconds: 1_714_464_900))
    }
}
