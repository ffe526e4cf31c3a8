import RadarCore

/// What one response of a social feed yields: its posts, and the cursor to store with them as the
/// feed's checkpoint (see `FeedCursor` for what `since`, `page` and `newest` mean per format).
public struct SocialPage: Sendable, Equatable {
    public var posts: [SocialPost]
    public var cursor: FeedCursor

    public init(posts: [SocialPost], cursor: FeedCursor) {
        self.posts = posts
        self.cursor = cursor
    }

    /// Whether the poll in progress has another page to read (with `cursor.page`).
    public var hasMorePages: Bool { cursor.page != nil }
}

/// Order of ids the formats use for their `since` marks.
enum PostOrder {
    /// Decimal ids and Unix times: by value.
    static func decimal(_ a: String, _ b: String) -> Bool { FeedCursor.decimalIsNewer(a, b) }

    /// Unix seconds, possibly negative.
    static func unixTime(_ a: String, _ b: String) -> Bool { (Int64(a) ?? .min) > (Int64(b) ?? .min) }

    /// Reddit base-36 ids (`t3_48fbm9`): longer is newer, then by digits.
    static func base36(_ a: String, _ b: String) -> Bool {
        let a = a.split(separator: "_").last ?? "", b = b.split(separator: "_").last ?? ""
        return a.count != b.count ? a.count > b.count : a.lowercased() > b.lowercased()
    }
}
