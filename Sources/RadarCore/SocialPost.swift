/// A post from a social feed (X, Reddit, Telegram, Farcaster, RSS) as first observed.
///
/// Engagement counts are those seen at `observedAt`; later counts are later observations, never a
/// rewrite of this row, so that a read as of `t` sees only what was known at `t`.
public struct SocialPost: Hashable, Sendable, Codable {
    /// The feed family, e.g. `x`, `reddit`.
    public var source: String
    public var postID: String
    public var authorID: String?
    public var authorName: String?
    public var authorFollowers: Int64?
    public var text: String
    public var likes: Int64
    public var reposts: Int64
    public var replies: Int64
    public var url: String?
    public var eventTime: Timestamp
    public var observedAt: Timestamp

    public init(source: String, postID: String, authorID: String?, authorName: String?, authorFollowers: Int64?,
                text: String, likes: Int64 = 0, reposts: Int64 = 0, replies: Int64 = 0, url: String? = nil,
                eventTime: Timestamp, observedAt: Timestamp) {
        self.source = source
        self.postID = postID
        self.authorID = authorID
        self.authorName = authorName
        self.authorFollowers = authorFollowers
        self.text = text
        self.likes = likes
        self.reposts = reposts
        self.replies = replies
        self.url = url
        self.eventTime = eventTime
        self.observedAt = observedAt
    }
}

/// How a post was linked to a token.
public enum MentionMatch: String, CaseIterable, Hashable, Sendable, Codable {
    case cashtag, address, alias
}

/// A post that names a token: the link from `social_posts` to the radar's universe.
public struct Mention: Hashable, Sendable, Codable {
    public var source: String
    public var postID: String
    public var token: TokenID
    public var matchedBy: MentionMatch
    public var eventTime: Timestamp
    public var observedAt: Timestamp

    public init(source: String, postID: String, token: TokenID, matchedBy: MentionMatch, eventTime: Timestamp, observedAt: Timestamp) {
        self.source = source
        self.postID = postID
        self.token = token
        self.matchedBy = matchedBy
        self.eventTime = eventTime
        self.observedAt = observedAt
    }
}
