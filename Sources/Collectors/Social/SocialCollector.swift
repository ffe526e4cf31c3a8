import FeatureStore
import Foundation
import RadarCore

/// Collects one social feed (RSS/Atom, X recent search, a Reddit listing, Telegram `getUpdates`,
/// Neynar cast search): it reads pages from the stored `FeedCursor`, finds mentions of the tracked
/// tokens in each post, and lands each page's posts and mentions together with the advanced cursor.
///
/// A pass pages until the feed has caught up (no next page: X `next_token`, Reddit `after`, Neynar
/// `cursor`; for Telegram, until a batch comes back short of the limit) or until `pageLimit` pages.
/// A cursor stored mid-poll is resumed by the next pass, so a failure or the page limit never skips
/// pages. The first failed request or unreadable page ends the pass: it is reported, and the
/// checkpoint stays with the last page that landed.
///
/// Tracked tokens are what the store knows at the pass's start: symbols as cashtags, addresses, and
/// as aliases the IP names of the tokens' `ip_links` plus the config's alias-rule keywords for them.
/// Credentials come from the feed's headers and URL as `SecretString`s and never reach the report.
///
/// Checkpoint: `FeedCursor.checkpoint`, e.g. `since=1790805389211054203` or
/// `since=t3_1c9x2a&page=t3_1c9x00&newest=t3_1c9x4f` (see `FeedCursor` for each format's marks).
/// A `file://` URL is a recorded response: one page per pass, no query added.
public struct SocialCollector: Collector {
    /// The social wire formats, by the feed kind that names them in config.
    public enum Format: String, CaseIterable, Sendable {
        case rss
        case xSearch = "x-search"
        case reddit
        case telegram
        case farcaster
    }

    public let feedName: String
    public let format: Format
    /// Pages read in one pass when the caller sets no limit: a guard against a feed that pages forever.
    public var defaultPageLimit = 500
    private let url: SecretString
    private let headers: [HTTPHeader]
    private let options: FeedOptions
    private let aliasRules: [AliasRule]
    private let http: HTTPFeed
    private let client: HTTPClient

    /// Updates asked for per Telegram `getUpdates` call (the Bot API's maximum).
    static let telegramLimit = 100

    /// - Throws: `CollectorSetupError` when the feed's kind is not a social one.
    public init(config: FeedConfig, client: HTTPClient, aliasRules: [AliasRule] = [], retry: RetryPolicy = RetryPolicy())
        throws(CollectorSetupError) {
        guard let format = Format(rawValue: config.kind.rawValue) else {
            throw CollectorSetupError(feed: config.name, reason: "a \(config.kind.rawValue) feed is not a social feed (rss, x-search, reddit, telegram, farcaster)")
        }
        feedName = config.name
        self.format = format
        url = config.url
        headers = config.headers.map(HTTPHeader.init)
        options = config.options
        self.aliasRules = aliasRules
        http = HTTPFeed(config, retry: retry)
        self.client = client
    }

    /// The request that reads the page after `cursor`.
    func request(after cursor: FeedCursor) -> HTTPRequest {
        guard !FeedURL.isReplay(url) else { return .get(url, headers: headers, feed: http) }
        let items: [URLQueryItem]
        switch (format, options) {
        case (.xSearch, .xSearch(let search)): items = XRecentSearchAdapter.queryItems(options: search, cursor: cursor)
        case (.farcaster, .farcaster(let search)): items = NeynarCastSearchAdapter.queryItems(options: search, cursor: cursor)
        case (.reddit, .reddit(let listing)): items = RedditListingAdapter.queryItems(options: listing, cursor: cursor)
        case (.reddit, _): items = RedditListingAdapter.queryItems(options: ListingOptions(), cursor: cursor)
        case (.telegram, _): items = TelegramUpdatesAdapter.queryItems(cursor: cursor, limit: Self.telegramLimit)
        default: items = []
        }
        return .get(FeedURL.appendingQuery(items, to: url), headers: headers, feed: http)
    }

    /// A page from `body`, and whether the feed has more to read after it in this pass.
    func read(_ body: Data, cursor: FeedCursor, observedAt: Timestamp) throws(PayloadError) -> (page: SocialPage, more: Bool) {
        let page: SocialPage
        switch format {
        case .rss:
            return (try SyndicationAdapter(feed: feedName).read(body, cursor: cursor, observedAt: observedAt), false)
        case .xSearch:
            page = try XRecentSearchAdapter(feed: feedName).read(body, cursor: cursor, observedAt: observedAt)
        case .reddit:
            page = try RedditListingAdapter(feed: feedName).read(body, cursor: cursor, observedAt: observedAt)
        case .farcaster:
            page = try NeynarCastSearchAdapter(feed: feedName).read(body, cursor: cursor, observedAt: observedAt)
        case .telegram:
            // getUpdates has no pages: a full batch means more updates are waiting past the new offset.
            let adapter = TelegramUpdatesAdapter(feed: feedName)
            let response = try adapter.decode(body)
            let telegramPage = try adapter.page(response, cursor: cursor, observedAt: observedAt)
            let full = (response.result?.count ?? 0) >= Self.telegramLimit
            return (telegramPage, full && telegramPage.cursor != cursor)
        }
        return (page, page.hasMorePages)
    }

    public func collect(into store: FeatureStore, clock: any RadarClock, pageLimit: Int? = nil) async -> FeedReport {
        var report = FeedReport(feed: feedName)
        var cursor: FeedCursor
        let matcher: MentionMatcher
        do {
            let stored = try store.checkpoint(feed: feedName)?.cursor
            report.checkpoint = stored
            cursor = try FeedCursor(checkpoint: stored ?? "", feed: feedName)
            matcher = MentionMatcher(tokens: try TrackedToken.known(in: store, at: clock.now(), aliasRules: aliasRules))
        } catch let error as PayloadError {
            report.errors.append("feed '\(feedName)': the stored checkpoint is unreadable: \(error.field): \(error.reason); fix or delete it to restart the feed")
            return report
        } catch {
            report.errors.append("feed '\(feedName)': could not read the checkpoint and tracked tokens from the store: \(error)")
            return report
        }
        let limit = max(pageLimit ?? defaultPageLimit, 0)
        var pages = 0
        while pages < limit {
            let request = request(after: cursor)
            let failure = FeedFailure(feed: feedName, request: request)
            let response: HTTPResponse
            do {
                response = try await client.send(request)
            } catch {
                report.errors.append(failure.http(error))
                break
            }
            let observedAt = clock.now()
            let read: (page: SocialPage, more: Bool)
            do {
                read = try self.read(response.data, cursor: cursor, observedAt: observedAt)
            } catch {
                report.errors.append(failure.payload(error, status: response.status, bytes: response.body.count))
                break
            }
            let page = read.page
            report.fetched += page.posts.count
            let batch = IngestBatch(socialPosts: page.posts, mentions: matcher.mentions(in: page.posts))
            let checkpoint = Checkpoint(feed: feedName, cursor: page.cursor.checkpoint, updatedAt: observedAt)
            do {
                report.add(try store.ingest(batch, checkpoint: checkpoint))
            } catch {
                report.errors.append(failure.store(error))
                break
            }
            report.checkpoint = checkpoint.cursor
            pages += 1
            guard read.more, !FeedURL.isReplay(url) else { break }
            if page.cursor == cursor {
                report.errors.append(failure.noProgress(cursor: cursor.description))
                break
            }
            cursor = page.cursor
        }
        return report
    }
}
