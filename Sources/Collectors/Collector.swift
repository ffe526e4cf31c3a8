import FeatureStore
import RadarCore

/// One configured feed's collector: it reads the feed from its stored checkpoint, lands each page
/// of rows in the store in one transaction together with the checkpoint that covers it, and reports
/// what it did. A failed page leaves the checkpoint where it was, so the next pass retries it.
///
/// Each feed family (EVM logs, DEX market, social, IP registry) has its own implementation.
public protocol Collector: Sendable {
    /// The feed's configured name, which also names its checkpoint.
    var feedName: String { get }

    /// Reads the feed until it has caught up with what the source has now (or `pageLimit` pages,
    /// when given), ingesting as it goes. Errors after some pages landed are reported in the
    /// result rather than thrown, so the pages that landed are counted.
    func collect(into store: FeatureStore, clock: any RadarClock, pageLimit: Int?) async -> FeedReport
}

/// What one collection pass of one feed did: the line `radar collect` prints per feed.
public struct FeedReport: Sendable, Equatable {
    public var feed: String
    /// Items read from the source (logs, pairs, posts, events), whether new or not.
    public var fetched = 0
    /// Rows the store did not have yet, per table.
    public var inserted: [StoreTable: Int] = [:]
    /// Rows the store already had, per table.
    public var duplicates: [StoreTable: Int] = [:]
    /// What went wrong, each naming the feed, the redacted URL and the cause.
    public var errors: [String] = []
    /// The checkpoint cursor after the pass (nil: none stored yet).
    public var checkpoint: String?

    public init(feed: String) { self.feed = feed }

    public var newRows: Int { inserted.values.reduce(0, +) }
    public var duplicateRows: Int { duplicates.values.reduce(0, +) }
    public var failed: Bool { !errors.isEmpty }

    /// Adds what one ingest call did.
    public mutating func add(_ report: IngestReport) {
        for (table, count) in report.inserted { inserted[table, default: 0] += count }
        for (table, count) in report.duplicates { duplicates[table, default: 0] += count }
    }

    /// `feed: fetched N, new N, duplicates N, errors N, checkpoint C`.
    public var line: String {
        "\(feed): fetched \(fetched), new \(newRows), duplicates \(duplicateRows), errors \(errors.count), checkpoint \(checkpoint ?? "-")"
    }
}
