import Foundation
import RadarCore

/// Reads RSS 2.0 (and RSS 1.0/RDF) and Atom 1.0 feeds into social posts: news sites, blogs, project
/// announcements and registry feeds that publish as syndication feeds rather than through an API.
///
/// A post is the item's title and its description or content, as plain text (HTML removed, at most
/// `maxTextLength` characters). Its id is the item's `guid` (RSS) or `id` (Atom), else its link, else a
/// hash of its title, date and text. Its time is `pubDate`/`dc:date` (RSS) or `published`/`updated`
/// (Atom); undated items take the collection time. A date that is present but unreadable is an error.
///
/// Cursor: feeds have no paging, so `since` is the newest item time seen (Unix seconds). Dated items
/// older than `since` were read before and are dropped; undated ones are kept, as the store ignores
/// posts it already has.
public struct SyndicationAdapter: Sendable {
    public static let source = "rss"
    public static let maxTextLength = 10_000

    static let atom = "http://www.w3.org/2005/Atom"
    static let dublinCore = "http://purl.org/dc/elements/1.1/"
    static let content = "http://purl.org/rss/1.0/modules/content/"

    public var feed: String

    public init(feed: String) { self.feed = feed }

    /// Posts from a feed body, newer than `cursor.since`.
    public func read(_ body: Data, cursor: FeedCursor, observedAt: Timestamp) throws(PayloadError) -> SocialPage {
        let tree = try XMLTree(parsing: body, feed: feed)
        let posts = try self.posts(tree.root, observedAt: observedAt)
        return page(posts, cursor: cursor)
    }

    /// Every item of the document, whatever its dialect.
    func posts(_ root: XMLTree.Element, observedAt: Timestamp) throws(PayloadError) -> [Item] {
        switch root.name {
        case "rss":
            guard let channel = root.child("channel") else {
                throw PayloadError(feed: feed, field: "rss/channel", value: nil, reason: "an RSS document needs a channel element")
            }
            var posts: [Item] = []
            for (index, item) in channel.children("item").enumerated() {
                posts.append(try rssItem(item, path: "rss/channel/item[\(index)]", observedAt: observedAt))
            }
            return posts
        case "RDF":
            var posts: [Item] = []
            for (index, item) in root.children("item").enumerated() {
                posts.append(try rssItem(item, path: "RDF/item[\(index)]", observedAt: observedAt))
            }
            return posts
        case "feed" where root.namespace == Self.atom || root.namespace == nil:
            var posts: [Item] = []
            for (index, entry) in root.children("entry").enumerated() {
                posts.append(try atomEntry(entry, path: "feed/entry[\(index)]", observedAt: observedAt))
            }
            return posts
        default:
            throw PayloadError(feed: feed, field: root.name, value: root.namespace,
                               reason: "expected an RSS (rss, rdf:RDF) or Atom (feed) document")
        }
    }

    /// A post and whether the feed dated it.
    struct Item {
        var post: SocialPost
        var dated: Bool
    }

    private func rssItem(_ item: XMLTree.Element, path: String, observedAt: Timestamp) throws(PayloadError) -> Item {
        let title = text(item.child("title"))
        let link = text(item.child("link"))
        let body = text(item.child("description")) ?? text(item.child("encoded", namespace: Self.content))
        var time: Timestamp?
        if let date = item.child("pubDate") ?? item.child("date", namespace: Self.dublinCore) {
            time = try self.time(date, path: "\(path)/\(date.name)")
        }
        let author = text(item.child("creator", namespace: Self.dublinCore)) ?? text(item.child("author"))
        return post(id: text(item.child("guid")) ?? link, title: title, body: body, author: author, url: link,
                    time: time, observedAt: observedAt)
    }

    private func atomEntry(_ entry: XMLTree.Element, path: String, observedAt: Timestamp) throws(PayloadError) -> Item {
        let links = entry.children("link")
        let link = (links.first { ($0.attributes["rel"] ?? "alternate") == "alternate" } ?? links.first)?.attributes["href"]
        var time: Timestamp?
        if let date = entry.child("published") ?? entry.child("updated") {
            time = try self.time(date, path: "\(path)/\(date.name)")
        }
        let author = entry.child("author").flatMap { text($0.child("name")) }
        return post(id: text(entry.child("id")) ?? link, title: text(entry.child("title")),
                    body: text(entry.child("summary")) ?? text(entry.child("content")), author: author, url: link,
                    time: time, observedAt: observedAt)
    }

    /// An element's text as plain text, nil when absent or blank.
    private func text(_ element: XMLTree.Element?) -> String? {
        guard let element else { return nil }
        let plain = HTMLText.plain(element.allText)
        return plain.isEmpty ? nil : plain
    }

    private func time(_ element: XMLTree.Element, path: String) throws(PayloadError) -> Timestamp {
        let raw = element.allText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let time = FeedTime.anyFormat(raw) else {
            throw PayloadError(feed: feed, field: path, value: raw,
                               reason: "expected an RFC 822 date (Mon, 06 Sep 2021 16:45:00 +0000) or RFC 3339 time")
        }
        return time
    }

    private func post(id: String?, title: String?, body: String?, author: String?, url: String?, time: Timestamp?,
                      observedAt: Timestamp) -> Item {
        var text = [title, body].compactMap { $0 }.joined(separator: "\n\n")
        if text.count > Self.maxTextLength { text = String(text.prefix(Self.maxTextLength)) }
        let postID = id ?? "fnv1a:" + Self.fingerprint("\(title ?? "")\n\(time?.seconds ?? 0)\n\(body ?? "")")
        let post = SocialPost(source: Self.source, postID: postID, authorID: nil, authorName: author, authorFollowers: nil,
                              text: text, url: url, eventTime: time ?? observedAt, observedAt: observedAt)
        return Item(post: post, dated: time != nil)
    }

    /// FNV-1a 64 as hex: a stable id for items that carry none (no crypto needed, only stability).
    static func fingerprint(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    private func page(_ items: [Item], cursor: FeedCursor) -> SocialPage {
        let since = cursor.since.flatMap { Int64($0) } ?? .min
        let kept = items.filter { !$0.dated || $0.post.eventTime.seconds >= since }
        let newest = kept.filter(\.dated).map(\.post.eventTime.seconds).max().map(String.init)
        return SocialPage(posts: kept.map(\.post), cursor: cursor.advanced(nextPage: nil, pageNewest: newest, isNewer: PostOrder.unixTime))
    }
}
