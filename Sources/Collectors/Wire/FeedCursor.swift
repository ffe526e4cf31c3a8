import Foundation

/// How far a polled feed has read, in the one shape every social format fits, so that it can be
/// stored as the feed's checkpoint string with the posts it covers.
///
/// A poll reads pages newest-first until it reaches what an earlier poll already read:
/// - `since` is the mark earlier polls reached (an X since-id, a Reddit fullname, a Telegram offset,
///   a Unix time for Farcaster and RSS); the next poll reads only what is newer.
/// - `page` continues the poll in progress (X `next_token`, Reddit `after`, Neynar `cursor`).
/// - `newest` is the newest mark seen by the poll in progress; it becomes `since` once the poll's last
///   page is read. Keeping it apart means a crash mid-poll resumes paging instead of skipping the
///   older pages it had not yet read.
public struct FeedCursor: Hashable, Sendable, CustomStringConvertible {
    public var since: String?
    public var page: String?
    public var newest: String?

    public init(since: String? = nil, page: String? = nil, newest: String? = nil) {
        self.since = since
        self.page = page
        self.newest = newest
    }

    /// Whether a poll is part-way through its pages.
    public var isMidPoll: Bool { page != nil }

    /// The cursor as stored in a checkpoint: `since=...&page=...&newest=...`, values percent-encoded,
    /// absent parts left out (an empty string is the cursor of a feed never read).
    public var checkpoint: String {
        [("since", since), ("page", page), ("newest", newest)]
            .compactMap { key, value in value.map { "\(key)=\(Self.encode($0))" } }
            .joined(separator: "&")
    }

    public var description: String { checkpoint.isEmpty ? "(start)" : checkpoint }

    /// Reads a checkpoint written by `checkpoint`; `feed` names the feed in the error.
    public init(checkpoint: String, feed: String) throws(PayloadError) {
        self.init()
        guard !checkpoint.isEmpty else { return }
        for part in checkpoint.split(separator: "&", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pieces.count == 2, let value = String(pieces[1]).removingPercentEncoding, !value.isEmpty else {
                throw PayloadError(feed: feed, field: "checkpoint", value: checkpoint, reason: "expected key=value parts joined by &")
            }
            switch pieces[0] {
            case "since": since = value
            case "page": page = value
            case "newest": newest = value
            default:
                throw PayloadError(feed: feed, field: "checkpoint", value: checkpoint,
                                   reason: "unknown part '\(pieces[0])'; expected since, page or newest")
            }
        }
    }

    /// After a page: continue with `nextPage` when there is one (remembering the newest mark so far),
    /// else close the poll by moving `since` up to the newest mark.
    func advanced(nextPage: String?, pageNewest: String?, isNewer: (String, String) -> Bool) -> FeedCursor {
        let newest = Self.newer(self.newest, pageNewest, isNewer)
        if let nextPage {
            return FeedCursor(since: since, page: nextPage, newest: newest)
        }
        return FeedCursor(since: Self.newer(since, newest, isNewer), page: nil, newest: nil)
    }

    static func newer(_ a: String?, _ b: String?, _ isNewer: (String, String) -> Bool) -> String? {
        guard let a else { return b }
        guard let b else { return a }
        return isNewer(b, a) ? b : a
    }

    /// Whether decimal digit strings (snowflake ids, Unix times) compare `a > b` by value.
    static func decimalIsNewer(_ a: String, _ b: String) -> Bool {
        let a = a.drop(while: { $0 == "0" }), b = b.drop(while: { $0 == "0" })
        return a.count != b.count ? a.count > b.count : a > b
    }

    private static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    private static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }
}
