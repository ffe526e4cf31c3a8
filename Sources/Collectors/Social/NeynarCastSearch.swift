import Foundation
import RadarCore

/// The body of Neynar's Farcaster cast search (`GET /v2/farcaster/cast/search`): `result.casts` and
/// `result.next.cursor` for the next (older) page.
public struct NeynarCastSearchResponse: Codable, Sendable, Equatable {
    public var result: Result

    /// The casts and the next page's cursor.
    public struct Result: Codable, Sendable, Equatable {
        public var casts: [NeynarCast]
        public var next: Next?
    }

    /// Paging: null or absent cursor on the last page.
    public struct Next: Codable, Sendable, Equatable {
        public var cursor: String?
    }
}

/// A cast with its author and engagement counts.
public struct NeynarCast: Codable, Sendable, Equatable {
    public var hash: String
    public var text: String
    /// RFC 3339, e.g. `2024-05-01T12:00:00.000Z`.
    public var timestamp: String
    public var author: Author
    public var reactions: Reactions?
    public var replies: Replies?

    /// The caster; `fid` is Farcaster's numeric user id.
    public struct Author: Codable, Sendable, Equatable {
        public var fid: Int64
        public var username: String?
        public var displayName: String?
        public var followerCount: Int64?

        enum CodingKeys: String, CodingKey {
            case fid, username
            case displayName = "display_name"
            case followerCount = "follower_count"
        }
    }

    /// Like and recast counts.
    public struct Reactions: Codable, Sendable, Equatable {
        public var likesCount: Int64
        public var recastsCount: Int64

        enum CodingKeys: String, CodingKey {
            case likesCount = "likes_count"
            case recastsCount = "recasts_count"
        }
    }

    /// Reply count.
    public struct Replies: Codable, Sendable, Equatable {
        public var count: Int64
    }
}

/// Turns Neynar cast-search pages into posts from source `farcaster`.
///
/// The search has no since-id, so the cursor works on time: `since` is the newest cast time (Unix
/// seconds) an earlier poll read; `page` is `result.next.cursor` of the poll in progress; `newest` the
/// newest cast time seen in it. Results are asked newest-first, so casts older than `since` end the
/// poll; casts at exactly `since` are kept (re-delivered, the store ignores them).
public struct NeynarCastSearchAdapter: Sendable {
    public static let source = "farcaster"

    public var feed: String

    public init(feed: String) { self.feed = feed }

    /// The query of the next request: `q`, `limit`, newest-first order, and `cursor` while a poll pages.
    public static func queryItems(options: SearchOptions, cursor: FeedCursor) -> [URLQueryItem] {
        var items = [
            URLQueryItem(name: "q", value: options.query),
            URLQueryItem(name: "limit", value: String(min(max(options.maxResults, 1), 100))),
            URLQueryItem(name: "sort_type", value: "desc_chronological"),
        ]
        if let page = cursor.page { items.append(URLQueryItem(name: "cursor", value: page)) }
        return items
    }

    public func decode(_ body: Data) throws(PayloadError) -> NeynarCastSearchResponse {
        try JSONPayload.decode(NeynarCastSearchResponse.self, from: body, feed: feed)
    }

    public func read(_ body: Data, cursor: FeedCursor, observedAt: Timestamp) throws(PayloadError) -> SocialPage {
        try page(decode(body), cursor: cursor, observedAt: observedAt)
    }

    public func page(_ response: NeynarCastSearchResponse, cursor: FeedCursor, observedAt: Timestamp) throws(PayloadError) -> SocialPage {
        let since = cursor.since.flatMap { Int64($0) }
        var posts: [SocialPost] = []
        var newest: String?
        var reachedSince = false
        for (index, cast) in response.result.casts.enumerated() {
            let path = "result.casts[\(index)]"
            guard let time = FeedTime.rfc3339(cast.timestamp) else {
                throw PayloadError(feed: feed, field: "\(path).timestamp", value: cast.timestamp, reason: "expected an RFC 3339 time")
            }
            if let since, time.seconds < since {
                reachedSince = true
                continue
            }
            newest = FeedCursor.newer(newest, String(time.seconds), PostOrder.unixTime)
            let likes = cast.reactions?.likesCount ?? 0, recasts = cast.reactions?.recastsCount ?? 0, replies = cast.replies?.count ?? 0
            for (name, count) in [("reactions.likes_count", likes), ("reactions.recasts_count", recasts), ("replies.count", replies)] where count < 0 {
                throw PayloadError(feed: feed, field: "\(path).\(name)", value: String(count), reason: "expected a count of at least 0")
            }
            let username = cast.author.username
            posts.append(SocialPost(
                source: Self.source, postID: cast.hash, authorID: String(cast.author.fid), authorName: username,
                authorFollowers: cast.author.followerCount, text: cast.text, likes: likes, reposts: recasts, replies: replies,
                url: username.map { "https://warpcast.com/\($0)/\(cast.hash.prefix(10))" }, eventTime: time, observedAt: observedAt))
        }
        let next = reachedSince || response.result.casts.isEmpty ? nil : response.result.next?.cursor
        return SocialPage(posts: posts, cursor: cursor.advanced(nextPage: next, pageNewest: newest, isNewer: PostOrder.unixTime))
    }
}
