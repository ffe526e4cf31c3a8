import RadarCore

/// Builds a collector for a feed kind this module does not build itself, or returns nil when it has none.
///
/// The hook for `evm-logs` and `ip-registry`, whose collectors are wired in by their own modules:
/// `FeedCollectors.make(config:client:other:)` calls it for those kinds only.
public typealias CollectorHook = @Sendable (FeedConfig, HTTPClient) throws(CollectorSetupError) -> (any Collector)?

/// The collectors of a config's enabled feeds, and a failed report for each feed that could not be
/// set up, so `radar collect` prints those feeds as failed while the others run.
public struct FeedCollectorSet: Sendable {
    public var collectors: [any Collector]
    public var unbuilt: [FeedReport]

    public init(collectors: [any Collector] = [], unbuilt: [FeedReport] = []) {
        self.collectors = collectors
        self.unbuilt = unbuilt
    }
}

/// Picks the collector for each configured feed: `DexMarketCollector` for `dex-market`,
/// `SocialCollector` for `rss`, `x-search`, `reddit`, `telegram` and `farcaster`; `evm-logs` and
/// `ip-registry` go to the caller's `CollectorHook` (nil when there is none yet).
public enum FeedCollectors {
    /// The collector for one feed, enabled or not; nil when its kind is left to `other` and `other` has none.
    public static func make(_ feed: FeedConfig, client: HTTPClient, aliasRules: [AliasRule] = [], retry: RetryPolicy = RetryPolicy(),
                            other: CollectorHook? = nil) throws(CollectorSetupError) -> (any Collector)? {
        switch feed.kind {
        case .dexMarket:
            return try DexMarketCollector(config: feed, client: client, retry: retry)
        case .rss, .xSearch, .reddit, .telegram, .farcaster:
            return try SocialCollector(config: feed, client: client, aliasRules: aliasRules, retry: retry)
        case .evmLogs, .ipRegistry:
            return try other?(feed, client)
        }
    }

    /// Collectors for every enabled feed of `config`, in config order; the universe's alias rules
    /// become the social feeds' mention aliases.
    public static func make(config: RadarConfig, client: HTTPClient, retry: RetryPolicy = RetryPolicy(),
                            other: CollectorHook? = nil) -> FeedCollectorSet {
        var set = FeedCollectorSet()
        for feed in config.feeds where feed.enabled {
            do {
                if let collector = try make(feed, client: client, aliasRules: config.universe.aliases, retry: retry, other: other) {
                    set.collectors.append(collector)
                } else {
                    var report = FeedReport(feed: feed.name)
                    report.errors.append("feed '\(feed.name)': no collector is available for kind \(feed.kind.rawValue) in this build")
                    set.unbuilt.append(report)
                }
            } catch {
                var report = FeedReport(feed: feed.name)
                report.errors.append(error.description)
                set.unbuilt.append(report)
            }
        }
        return set
    }
}
