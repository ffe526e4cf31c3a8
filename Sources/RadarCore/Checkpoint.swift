/// How far a feed has read: a block number, a since-id, a page token. Stored with the data it
/// covers, in one transaction, so it is never ahead of that data.
public struct Checkpoint: Hashable, Sendable, Codable {
    /// The feed's configured name.
    public var feed: String
    /// Opaque to the store; the feed's collector writes and reads it.
    public var cursor: String
    public var updatedAt: Timestamp

    public init(feed: String, cursor: String, updatedAt: Timestamp) {
        self.feed = feed
        self.cursor = cursor
        self.updatedAt = updatedAt
    }
}
