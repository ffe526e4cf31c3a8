import FeatureStore
import Foundation
import RadarCore
import Testing
@testable import Collectors

/// The factory picks a collector per kind, skips disabled feeds, reports feeds it cannot build, and
/// hands evm-logs and ip-registry to the caller's hook.
@Suite struct FeedCollectorsTests {
    struct StubCollector: Collector {
        var feedName: String
        func collect(into store: FeatureStore, clock: any RadarClock, pageLimit: Int?) async -> FeedReport { FeedReport(feed: feedName) }
    }

    static func config() -> RadarConfig {
        func feed(_ name: String, _ kind: FeedKind, _ options: FeedOptions, enabled: Bool = true) -> FeedConfig {
            FeedConfig(name: name, kind: kind, url: SecretString(literal: "https://example.org/\(name)"), enabled: enabled, options: options)
        }
        return RadarConfig(store: StoreConfig(path: "/tmp/unused.sqlite"), universe: UniverseConfig(aliases: CollectorBench.aliasRules), feeds: [
            feed("chain", .evmLogs, .evmLogs(EVMLogsOptions())),
            feed("dex", .dexMarket, .dexMarket(DexMarketOptions(format: .geckoterminal, network: "base"))),
            feed("news", .rss, .rss),
            feed("x", .xSearch, .xSearch(SearchOptions(query: "$APE"))),
            feed("reddit", .reddit, .reddit(ListingOptions())),
            feed("tg", .telegram, .telegram),
            feed("fc", .farcaster, .farcaster(SearchOptions(query: "ip"))),
            feed("story", .ipRegistry, .ipRegistry(IPRegistryOptions())),
            feed("off", .rss, .rss, enabled: false),
            feed("solana", .dexMarket, .dexMarket(DexMarketOptions(network: "solana"))),
        ])
    }

    @Test func eachEnabledFeedGetsItsCollectorAndTheRestAreReported() throws {
        let client = try HTTPClient()
        let set = FeedCollectors.make(config: Self.config(), client: client)
        #expect(set.collectors.map(\.feedName) == ["dex", "news", "x", "reddit", "tg", "fc"])
        let dex = try #require(set.collectors[0] as? DexMarketCollector)
        #expect(dex.format == .geckoterminal && dex.chain == 8453)
        #expect(set.collectors.compactMap { ($0 as? SocialCollector)?.format } == [.rss, .xSearch, .reddit, .telegram, .farcaster])
        #expect(set.unbuilt.map(\.feed) == ["chain", "story", "solana"])
        #expect(set.unbuilt.allSatisfy { $0.failed })
        #expect(set.unbuilt[0].errors == ["feed 'chain': no collector is available for kind evm-logs in this build"])
        #expect(set.unbuilt[2].errors[0].hasPrefix("feed 'solana': network 'solana': not an EVM network dexscreener names"))
    }

    @Test func theHookBuildsTheKindsThisModuleLeavesToOthers() throws {
        let client = try HTTPClient()
        let set = FeedCollectors.make(config: Self.config(), client: client) { feed, _ throws(CollectorSetupError) in
            guard feed.kind == .evmLogs else { throw CollectorSetupError(feed: feed.name, reason: "not yet") }
            return StubCollector(feedName: feed.name)
        }
        #expect(set.collectors.map(\.feedName) == ["chain", "dex", "news", "x", "reddit", "tg", "fc"])
        #expect(set.unbuilt.map(\.feed) == ["story", "solana"])
        #expect(set.unbuilt[0].errors == ["feed 'story': not yet"])
    }

    @Test func aCollectorRefusesAFeedOfAnotherFamily() throws {
        let client = try HTTPClient()
        let rss = FeedConfig(name: "news", kind: .rss, url: SecretString(literal: "https://example.org/feed"), options: .rss)
        #expect(throws: CollectorSetupError(feed: "news", reason: "a rss feed is not a dex-market feed")) {
            try DexMarketCollector(config: rss, client: client)
        }
        let chain = FeedConfig(name: "chain", kind: .evmLogs, url: SecretString(literal: "https://example.org/rpc"), options: .evmLogs(EVMLogsOptions()))
        #expect(throws: CollectorSetupError.self) { try SocialCollector(config: chain, client: client) }
    }

    @Test func trackedTokensTakeIPNamesAndAliasRuleKeywords() {
        let seen = Timestamp(seconds: 1)
        let tokens = [Token(id: Sample.ape, symbol: "APE", name: "ApeCoin", decimals: 18, totalSupply: nil, firstSeenAt: seen, observedAt: seen),
                      Token(id: Sample.pepe, symbol: nil, name: nil, decimals: nil, totalSupply: nil, firstSeenAt: seen, observedAt: seen)]
        let links = [IPLink(token: Sample.ape, registry: "universe", registryID: "bayc", category: .entertainment, ipName: "Bored Ape Yacht Club",
                            source: .declared, observedAt: seen),
                     IPLink(token: Sample.ape, registry: "story", registryID: "0x1", category: .entertainment, ipName: "Bored Ape Yacht Club",
                            source: .declared, observedAt: seen)]
        let tracked = TrackedToken.known(tokens: tokens, links: links, aliasRules: CollectorBench.aliasRules)
        #expect(tracked == [TrackedToken(id: Sample.ape, symbol: "APE", aliases: ["Bored Ape Yacht Club", "Bored Ape"]),
                            TrackedToken(id: Sample.pepe, symbol: nil, aliases: [])])
    }

    @Test func feedURLsKeepTheirSecretsAsTemplates() {
        let url = SecretString(template: "https://api.example.org/v1/search?key=${KEY}", resolved: "https://api.example.org/v1/search?key=k1", references: ["KEY"])
        let query = FeedURL.appendingQuery([URLQueryItem(name: "q", value: "$APE OR \"pudgy penguins\""), URLQueryItem(name: "limit", value: "5")], to: url)
        #expect(query.template == "https://api.example.org/v1/search?key=${KEY}&q=%24APE%20OR%20%22pudgy%20penguins%22&limit=5")
        #expect(query.resolved == "https://api.example.org/v1/search?key=k1&q=%24APE%20OR%20%22pudgy%20penguins%22&limit=5")
        #expect(query.references == ["KEY"])
        let path = FeedURL.replacingPath(of: url) { $0 + "/more" }
        #expect(path.resolved == "https://api.example.org/v1/search/more?key=k1")
        #expect(FeedURL.appendingQuery([URLQueryItem(name: "a", value: "1")], to: SecretString(literal: "http://h/p#frag")).resolved == "http://h/p?a=1#frag")
        #expect(FeedURL.isReplay(SecretString(literal: "FILE:///tmp/x.json")))
    }
}
