import Foundation
import RadarCore

/// The body of a Reddit listing (`/r/{sub}/new.json`, `/search.json`): `kind: Listing` with its
/// children and the `after` fullname that pages to older items.
public struct RedditListing: Codable, Sendable, Equatable {
    public var kind: String
    public var data: Page

    /// One page of things.
    public struct Page: Codable, Sendable, Equatable {
        public var after: String?
        public var before: String?
        public var children: [RedditThing]
    }
}

/// A listing child: `t3` (a link post) is read; other kinds (comments, `more`) are kept as their kind only.
public struct RedditThing: Codable, Sendable, Equatable {
    public var kind: String
    public var post: RedditPost?

    enum CodingKeys: String, CodingKey { case kind, data }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(String.self, forKey: .kind)
        post = kind == "t3" ? try container.decode(RedditPost.self, forKey: .data) : nil
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encodeIfPresent(post, forKey: .data)
    }
}

/// A link post (`t3`).
public struct RedditPost: Codable, Sendable, Equatable {
    /// Base-36 id, e.g. `48fbm9`.
    public var id: String
    /// Fullname, e.g. `t3_48fbm9`.
    public var name: String
    public var title: String
    public var selftext: String?
    public var author: String?
    public var authorFullname: String?
    /// Unix seconds, as a JSON float.
    public var createdUTC: Double
    public var score: Int64
    public var numComments: Int64
    public var numCrossposts: Int64?
    public var permalink: String
    public var subreddit: String?

    enum CodingKeys: String, CodingKey {
        case id, name, title, selftext, author, score, permalink, subreddit
        case authorFullname = "author_fullname"
        case createdUTC = "created_utc"
        case numComments = "num_comments"
        case numCrossposts = "num_crossposts"
    }
}

/// Turns Reddit listing pages into posts from source `reddit`.
///
/// Cursor: `since` is the fullname of the newest post an earlier poll read; `page` is the `after`
/// of the poll in progress; `newest` the newest fullname seen in it. Listings of `new` run
/// newest-first, so a page that reaches `since` ends the poll and posts at or below it are dropped.
/// Fullnames order by their base-36 ids. The post text is the title, a blank line and the self text;
/// likes are the score, reposts the crossposts. Ask with `raw_json=1`, or text arrives HTML-escaped.
public struct RedditListingAdapter: Sendable {
    public static let source = "reddit"

    public var feed: String

    public init(feed: String) { self.feed = feed }

    /// The query of the next request: `limit`, `raw_json=1` and `after` while a poll pages.
    public static func queryItems(options: ListingOptions, cursor: FeedCursor) -> [URLQueryItem] {
        var items = [URLQueryItem(name: "limit", value: String(min(max(options.limit, 1), 100))), URLQueryItem(name: "raw_json", value: "1")]
        if let page = cursor.page { items.append(URLQueryItem(name: "after", value: page)) }
        return items
    }

    public func decode(_ body: Data) throws(PayloadError) -> RedditListing {
        try JSONPayload.decode(RedditListing.self, from: body, feed: feed)
    }

    public func read(_ body: Data, cursor: FeedCursor, observedAt: Timestamp) throws(PayloadError) -> SocialPage {
        try page(decode(body), cursor: cursor, observedAt: observedAt)
    }

    public func page(_ listing: RedditListing, cursor: FeedCursor, observedAt: Timestamp) throws(PayloadError) -> SocialPage {
        guard listing.kind == "Listing" else {
            throw PayloadError(feed: feed, field: "kind", value: listing.kind, reason: "expected a Listing")
        }
        var posts: [SocialPost] = []
        var newest: String?
        var reachedSince = false
        for (index, child) in listing.data.children.enumerated() {
            guard let post = child.post else { continue }
            let path = "data.children[\(index)].data"
            guard post.name.hasPrefix("t3_"), post.name.count > 3,
                  post.name.dropFirst(3).allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw PayloadError(feed: feed, field: "\(path).name", value: post.name, reason: "expected a fullname such as t3_48fbm9")
            }
            if let since = cursor.since, !PostOrder.base36(post.name, since) {
                reachedSince = true
                continue
            }
            guard post.createdUTC.isFinite, post.createdUTC >= 0, post.createdUTC < 1e12 else {
                throw PayloadError(feed: feed, field: "\(path).created_utc", value: String(post.createdUTC), reason: "expected Unix seconds")
            }
            guard post.numComments >= 0 else {
                throw PayloadError(feed: feed, field: "\(path).num_comments", value: String(post.numComments), reason: "expected a count of at least 0")
            }
            newest = FeedCursor.newer(newest, post.name, PostOrder.base36)
            let selftext = post.selftext ?? ""
            posts.append(SocialPost(
                source: Self.source, postID: post.name, authorID: post.authorFullname, authorName: post.author,
                authorFollowers: nil, text: selftext.isEmpty ? post.title : post.title + "\n\n" + selftext,
                likes: post.score, reposts: max(post.numCrossposts ?? 0, 0), replies: post.numComments,
                url: "https://www.reddit.com" + post.permalink, eventTime: Timestamp(seconds: Int64(post.createdUTC.rounded(.down))),
                observedAt: observedAt))
        }
        let next = reachedSince || listing.data.children.isEmpty ? nil : listing.data.after
        return SocialPage(posts: posts, cursor: cursor.advanced(nextPage: next, pageNewest: newest, isNewer: PostOrder.base36))
    }
}
