import Foundation
import RadarCore

/// The body of X API v2 `GET /2/tweets/search/recent` (and `/search/all`), asked for with
/// `tweet.fields=created_at,author_id,public_metrics`, `expansions=author_id` and
/// `user.fields=public_metrics`.
public struct XSearchResponse: Codable, Sendable, Equatable {
    /// Absent when nothing matched.
    public var data: [XTweet]?
    public var includes: XIncludes?
    public var meta: XSearchMeta?
    /// Partial errors (e.g. a deleted author) that accompany a 200 response.
    public var errors: [XProblem]?
}

/// One post; `created_at`, `author_id` and `public_metrics` are present only when asked for.
public struct XTweet: Codable, Sendable, Equatable {
    public var id: String
    public var text: String
    public var authorID: String?
    public var createdAt: String?
    public var publicMetrics: XTweetMetrics?

    enum CodingKeys: String, CodingKey {
        case id, text
        case authorID = "author_id"
        case createdAt = "created_at"
        case publicMetrics = "public_metrics"
    }
}

/// Engagement counts of a post when it was read.
public struct XTweetMetrics: Codable, Sendable, Equatable {
    public var retweetCount: Int64
    public var replyCount: Int64
    public var likeCount: Int64
    public var quoteCount: Int64
    public var impressionCount: Int64?
    public var bookmarkCount: Int64?

    enum CodingKeys: String, CodingKey {
        case retweetCount = "retweet_count"
        case replyCount = "reply_count"
        case likeCount = "like_count"
        case quoteCount = "quote_count"
        case impressionCount = "impression_count"
        case bookmarkCount = "bookmark_count"
    }
}

/// Objects the response expands: the authors.
public struct XIncludes: Codable, Sendable, Equatable {
    public var users: [XUser]?
}

/// An author.
public struct XUser: Codable, Sendable, Equatable {
    public var id: String
    public var username: String
    public var name: String?
    public var publicMetrics: Metrics?

    /// An author's audience.
    public struct Metrics: Codable, Sendable, Equatable {
        public var followersCount: Int64
        public var followingCount: Int64?
        public var tweetCount: Int64?

        enum CodingKeys: String, CodingKey {
            case followersCount = "followers_count"
            case followingCount = "following_count"
            case tweetCount = "tweet_count"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, username, name
        case publicMetrics = "public_metrics"
    }
}

/// Paging facts: the newest and oldest post id of this page and the token of the next (older) page.
public struct XSearchMeta: Codable, Sendable, Equatable {
    public var newestID: String?
    public var oldestID: String?
    public var resultCount: Int?
    public var nextToken: String?

    enum CodingKeys: String, CodingKey {
        case newestID = "newest_id"
        case oldestID = "oldest_id"
        case resultCount = "result_count"
        case nextToken = "next_token"
    }
}

/// An X API problem object.
public struct XProblem: Codable, Sendable, Equatable {
    public var title: String?
    public var detail: String?
    public var type: String?
}

/// Turns X recent-search pages into posts from source `x`.
///
/// Cursor: `since` is a post id (`since_id`: only newer posts are asked for); `page` is the
/// `next_token` of the poll in progress; `newest` the largest `newest_id` seen in it, which becomes
/// `since` when a page comes without `next_token`. Ids are compared as numbers (they are snowflakes).
/// Reposts count retweets and quotes. A post without `created_at` is dated by its snowflake id.
public struct XRecentSearchAdapter: Sendable {
    public static let source = "x"
    /// Milliseconds since the Unix epoch at snowflake 0 (X's documented epoch).
    static let snowflakeEpochMillis: UInt64 = 1_288_834_974_657

    public var feed: String

    public init(feed: String) { self.feed = feed }

    /// The query of the next request: the search, the fields posts need, and `since_id`/`next_token`.
    public static func queryItems(options: SearchOptions, cursor: FeedCursor) -> [URLQueryItem] {
        var items = [
            URLQueryItem(name: "query", value: options.query),
            URLQueryItem(name: "max_results", value: String(min(max(options.maxResults, 10), 100))),
            URLQueryItem(name: "tweet.fields", value: "created_at,author_id,public_metrics"),
            URLQueryItem(name: "expansions", value: "author_id"),
            URLQueryItem(name: "user.fields", value: "username,public_metrics"),
        ]
        if let since = cursor.since { items.append(URLQueryItem(name: "since_id", value: since)) }
        if let page = cursor.page { items.append(URLQueryItem(name: "next_token", value: page)) }
        return items
    }

    public func decode(_ body: Data) throws(PayloadError) -> XSearchResponse {
        try JSONPayload.decode(XSearchResponse.self, from: body, feed: feed)
    }

    public func read(_ body: Data, cursor: FeedCursor, observedAt: Timestamp) throws(PayloadError) -> SocialPage {
        try page(decode(body), cursor: cursor, observedAt: observedAt)
    }

    public func page(_ response: XSearchResponse, cursor: FeedCursor, observedAt: Timestamp) throws(PayloadError) -> SocialPage {
        let tweets = response.data ?? []
        if tweets.isEmpty, let problem = response.errors?.first {
            throw PayloadError(feed: feed, field: "errors[0]", value: problem.title,
                               reason: "X answered with errors and no posts: \(problem.detail ?? problem.type ?? "no detail")")
        }
        var users: [String: XUser] = [:]
        for user in response.includes?.users ?? [] { users[user.id] = user }
        var posts: [SocialPost] = []
        posts.reserveCapacity(tweets.count)
        var newest: String?
        for (index, tweet) in tweets.enumerated() {
            let path = "data[\(index)]"
            guard let snowflake = UInt64(tweet.id), tweet.id.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                throw PayloadError(feed: feed, field: "\(path).id", value: tweet.id, reason: "expected a numeric post id")
            }
            newest = FeedCursor.newer(newest, tweet.id, PostOrder.decimal)
            let time: Timestamp
            if let created = tweet.createdAt {
                guard let parsed = FeedTime.rfc3339(created) else {
                    throw PayloadError(feed: feed, field: "\(path).created_at", value: created, reason: "expected an RFC 3339 time")
                }
                time = parsed
            } else {
                time = Timestamp(seconds: Int64(((snowflake >> 22) + Self.snowflakeEpochMillis) / 1000))
            }
            let metrics = tweet.publicMetrics
            if let metrics {
                for (name, count) in [("retweet_count", metrics.retweetCount), ("reply_count", metrics.replyCount),
                                      ("like_count", metrics.likeCount), ("quote_count", metrics.quoteCount)] where count < 0 {
                    throw PayloadError(feed: feed, field: "\(path).public_metrics.\(name)", value: String(count), reason: "expected a count of at least 0")
                }
            }
            let author = tweet.authorID.flatMap { users[$0] }
            let (reposts, overflow) = (metrics?.retweetCount ?? 0).addingReportingOverflow(metrics?.quoteCount ?? 0)
            posts.append(SocialPost(
                source: Self.source, postID: tweet.id, authorID: tweet.authorID, authorName: author?.username,
                authorFollowers: author?.publicMetrics?.followersCount, text: tweet.text,
                likes: metrics?.likeCount ?? 0, reposts: overflow ? .max : reposts, replies: metrics?.replyCount ?? 0,
                url: "https://x.com/\(author?.username ?? "i/web")/status/\(tweet.id)", eventTime: time, observedAt: observedAt))
        }
        let pageNewest = FeedCursor.newer(newest, response.meta?.newestID, PostOrder.decimal)
        let next = posts.isEmpty ? nil : response.meta?.nextToken
        return SocialPage(posts: posts, cursor: cursor.advanced(nextPage: next, pageNewest: pageNewest, isNewer: PostOrder.decimal))
    }
}
