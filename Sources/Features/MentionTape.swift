import FeatureStore
import RadarCore

/// One mention of a token reduced to what the social features read, with its post's lexicon score
/// worked out once, when the mention became visible.
struct MentionRecord: Sendable {
    var mentionTime: Timestamp
    var postTime: Timestamp
    /// The post's key: with the mention time, the order the features sum in.
    var source: String, postID: String
    var author: String
    var followers: Double
    var engagement: Double
    var sentiment: Double
}

/// Every token's mentions over the trailing window (7 days) as of a timestamp, carried from one
/// timestamp to the next like `PoolTape`: a step reads only the post-mention pairs that became visible
/// since the last one and drops what left the window. Per token, records stay in the order a fresh
/// read returns them (mention time, then post key), so sums over them are the same numbers.
struct MentionTape: Sendable {
    var asOf = Timestamp(seconds: -(1 << 62))
    let window: RadarDuration
    /// Per token: mentions whose post and mention both fall in `(asOf - window, asOf]`.
    var mentions: [TokenID: [MentionRecord]] = [:]

    init(window: RadarDuration = .days(7)) { self.window = window }

    /// Steps to the reader's timestamp; stepping back starts over.
    mutating func advance(to reader: PointInTimeReader, lexicon: SentimentLexicon) throws(StoreError) {
        let t = reader.asOf
        if t < asOf { self = MentionTape(window: window) }
        guard t > asOf else { return }
        let since = t - window
        let fresh = asOf == MentionTape(window: window).asOf
        let new: [(mention: Mention, post: SocialPost)]
        if fresh {
            new = try reader.mentions(since: since)
        } else {
            new = try reader.mentionsBecomingVisible(after: asOf, since: since)
        }
        asOf = t
        for token in Array(mentions.keys) {
            mentions[token]!.removeAll { $0.mentionTime <= since || $0.postTime <= since }
            if mentions[token]!.isEmpty { mentions[token] = nil }
        }
        var touched = Set<TokenID>()
        for (mention, post) in new {
            mentions[mention.token, default: []].append(MentionRecord(
                mentionTime: mention.eventTime, postTime: post.eventTime, source: mention.source, postID: mention.postID,
                author: post.authorID ?? post.authorName ?? "\(post.source)/\(post.postID)",
                followers: Double(max(0, post.authorFollowers ?? 0)),
                engagement: Double(max(0, post.likes) + max(0, post.reposts) + max(0, post.replies)),
                sentiment: lexicon.score(post.text)))
            touched.insert(mention.token)
        }
        // SQLite orders text by its bytes; so does this.
        for token in touched where !fresh {
            mentions[token]!.sort {
                if $0.mentionTime != $1.mentionTime { return $0.mentionTime < $1.mentionTime }
                if $0.source != $1.source { return $0.source.utf8.lexicographicallyPrecedes($1.source.utf8) }
                return $0.postID.utf8.lexicographicallyPrecedes($1.postID.utf8)
            }
        }
    }
}
