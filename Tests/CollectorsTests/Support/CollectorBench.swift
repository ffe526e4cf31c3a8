import Collectors
import FeatureStore
import Foundation
import RadarCore
import RadarTestSupport

/// What the collector tests share: a real store file in a temporary directory holding a small
/// universe, a real loopback server, one `HTTPClient` whose waits cost no real time, and a clock
/// that only moves when told to.
final class CollectorBench: Sendable {
    let directory: URL
    let store: FeatureStore
    let server: LoopbackHTTPServer
    let time = SteppedTime()
    let client: HTTPClient
    let clock = ManualClock(CollectorBench.now)

    /// After every fixture's posts, so point-in-time reads see them.
    static let now = Timestamp(seconds: 1_716_500_000)

    static let pengu = try! TokenID(chain: 1, address: "0x524d524b4c9366be706d3a90dcf70076ca037ae3")
    static let story = try! TokenID(chain: 1, address: "0x1514000000000000000000000000000000001514")
    static let baseApe = try! TokenID(chain: 8453, address: "0x4d224452801ACEd8B2F0aebE155379bb5D594381")

    /// Tracked tokens: symbol per token; Pudgy Penguins and Bored Ape are IP names (the latter with a keyword rule).
    static let tokens: [(TokenID, String)] = [
        (Sample.ape, "APE"), (Sample.pepe, "PEPE"), (Sample.usdc, "USDC"), (Sample.weth, "WETH"),
        (pengu, "PENGU"), (story, "IP"),
    ]
    static let aliasRules = [AliasRule(ip: "bored ape yacht club", category: .entertainment, keywords: ["Bored Ape"])]

    init(tokens: [(TokenID, String)] = CollectorBench.tokens) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("radar-collect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try FeatureStore(path: directory.appendingPathComponent("radar.sqlite").path)
        server = try LoopbackHTTPServer()
        client = try HTTPClient(environment: time.environment)
        let seen = Timestamp(seconds: 1_700_000_000)
        try store.ingest(IngestBatch(
            tokens: tokens.map { Token(id: $0.0, symbol: $0.1, name: nil, decimals: 18, totalSupply: nil, firstSeenAt: seen, observedAt: seen) },
            ipLinks: [
                IPLink(token: Self.pengu, registry: "universe", registryID: "pudgy-penguins", category: .brand,
                       ipName: "Pudgy Penguins", source: .declared, observedAt: seen),
                IPLink(token: Sample.ape, registry: "universe", registryID: "bored-ape-yacht-club", category: .entertainment,
                       ipName: "Bored Ape Yacht Club", source: .declared, observedAt: seen),
            ]))
    }

    deinit {
        server.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// A feed on the loopback server; `options` default to the kind's defaults.
    func feed(_ name: String, _ kind: FeedKind, path: String, options: FeedOptions? = nil, headers: [Header] = [],
              retries: Int = 0, timeout: Int64 = 5, maxResponseBytes: Int = 1 << 20) -> FeedConfig {
        feed(name, kind, url: SecretString(literal: server.url(path)), options: options, headers: headers, retries: retries,
             timeout: timeout, maxResponseBytes: maxResponseBytes)
    }

    func feed(_ name: String, _ kind: FeedKind, url: SecretString, options: FeedOptions? = nil, headers: [Header] = [],
              retries: Int = 0, timeout: Int64 = 5, maxResponseBytes: Int = 1 << 20) -> FeedConfig {
        let defaults: FeedOptions = switch kind {
        case .dexMarket: .dexMarket(DexMarketOptions())
        case .xSearch: .xSearch(SearchOptions(query: "$APE OR \"pudgy penguins\"", maxResults: 100))
        case .farcaster: .farcaster(SearchOptions(query: "penguins", maxResults: 25))
        case .reddit: .reddit(ListingOptions(limit: 25))
        case .telegram: .telegram
        case .rss: .rss
        case .evmLogs: .evmLogs(EVMLogsOptions())
        case .ipRegistry: .ipRegistry(IPRegistryOptions())
        }
        return FeedConfig(name: name, kind: kind, url: url, timeout: .seconds(timeout), connectTimeout: .seconds(2), retries: retries,
                          maxResponseBytes: maxResponseBytes, headers: headers, options: options ?? defaults)
    }

    /// A collector for `feed` through the factory, with a short backoff (waits are stepped anyway).
    func collector(_ feed: FeedConfig) throws -> any Collector {
        let made = try FeedCollectors.make(feed, client: client, aliasRules: Self.aliasRules,
                                           retry: RetryPolicy(baseDelay: .milliseconds(100)))
        guard let made else { throw CollectorSetupError(feed: feed.name, reason: "no collector") }
        return made
    }

    func collect(_ feed: FeedConfig, pageLimit: Int? = nil) async throws -> FeedReport {
        await (try collector(feed)).collect(into: store, clock: clock, pageLimit: pageLimit)
    }

    func count(_ table: StoreTable) throws -> Int { try store.stats().tables[table] ?? 0 }

    func cursor(_ feed: String) throws -> String? { try store.checkpoint(feed: feed)?.cursor }

    /// Every post the store holds, by id.
    func posts() throws -> [String: SocialPost] {
        Dictionary(uniqueKeysWithValues: try store.asOf(clock.now()).socialPosts(since: Timestamp(seconds: 0)).map { ($0.postID, $0) })
    }

    /// Mentions of `token` as `postID: match`.
    func mentions(of token: TokenID) throws -> [String: MentionMatch] {
        Dictionary(uniqueKeysWithValues: try store.asOf(clock.now()).mentions(of: token, since: Timestamp(seconds: 0))
            .map { ($0.mention.postID, $0.mention.matchedBy) })
    }

    /// The query of a recorded request as name/value pairs (percent-decoded).
    static func query(_ target: String) -> [String: String] {
        guard let mark = target.firstIndex(of: "?") else { return [:] }
        var items: [String: String] = [:]
        for part in target[target.index(after: mark)...].split(separator: "&") {
            let pieces = part.split(separator: "=", maxSplits: 1)
            items[String(pieces[0])] = pieces.count > 1 ? String(pieces[1]).removingPercentEncoding : ""
        }
        return items
    }
}

extension LoopbackHTTPServer.Reply {
    /// A fixture file's body as a 200.
    static func fixture(_ path: String, contentType: String = "application/json") throws -> Self {
        Self(headers: [("Content-Type", contentType)], body: Array(try Fixture.data(path)))
    }
}
