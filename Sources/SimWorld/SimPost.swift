/// Where a simulated post appears.
public enum SimPostSource: String, Hashable, Sendable, CaseIterable {
    /// An X (Twitter) API v2 post.
    case x
    /// An RSS item from a news or blog feed.
    case rss
}

/// How a post names its token (what a collector must match to link it).
public enum SimMentionStyle: String, Hashable, Sendable, CaseIterable {
    case cashtag, address, alias
}

/// One social post about a token: X-like (author, followers, engagement) or RSS-like (a publication's item).
public struct SimPost: Hashable, Sendable {
    public var source: SimPostSource
    /// X: a 19-digit snowflake-like id; RSS: the item's guid.
    public var id: String
    public var authorID: String
    /// X handle without `@`, or the publication's name.
    public var authorName: String
    public var authorFollowers: Int64
    public var text: String
    /// RSS only: the item's link.
    public var url: String?
    /// Unix seconds.
    public var createdAt: Int64
    public var likes: Int64
    public var reposts: Int64
    public var replies: Int64
    /// Ground truth: the token the post is about and how it names it.
    public var token: Int32
    public var mention: SimMentionStyle
}
