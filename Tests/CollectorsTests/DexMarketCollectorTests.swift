import Collectors
import FeatureStore
import Foundation
import RadarCore
import Testing

/// The market collector end to end: the chain's tracked tokens read from the store, batched into
/// DexScreener requests (one token per GeckoTerminal request), snapshots landed and read back.
@Suite struct DexMarketCollectorTests {
    static let chainOne: [(TokenID, String)] = [
        (Sample.ape, "APE"), (Sample.pepe, "PEPE"), (Sample.usdc, "USDC"), (Sample.weth, "WETH"), (CollectorBench.baseApe, "APE"),
    ]
    static let firstBatch = "/latest/dex/tokens/0x4d224452801aced8b2f0aebe155379bb5d594381,0x6982508145454ce325ddbe47a25d4ec3d2311933"
    static let secondBatch = "/latest/dex/tokens/0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48,0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2"

    private func snapshot(_ bench: CollectorBench, _ token: TokenID) throws -> MarketSnapshot? {
        let rows = try bench.store.asOf(bench.clock.now()).marketSnapshots(of: token, since: Timestamp(seconds: 0))
        #expect(rows.count <= 1)
        return rows.first
    }

    @Test func dexScreenerBatchesTheChainsTokensAndLandsOneSnapshotEach() async throws {
        let bench = try CollectorBench(tokens: Self.chainOne)
        bench.server.route(Self.firstBatch, try .fixture("dexscreener/tokens.json"))
        bench.server.route(Self.secondBatch, try .fixture("dexscreener/tokens.json"))
        let feed = bench.feed("dex-eth", .dexMarket, path: "",
                              options: .dexMarket(DexMarketOptions(format: .dexscreener, network: "ethereum", batchSize: 2)))
        let report = try await bench.collect(feed)
        #expect(report.errors == [])
        #expect(report.fetched == 10)
        #expect(report.inserted == [.marketSnapshots: 4])
        #expect(report.checkpoint == "1716500000")
        #expect(try bench.cursor("dex-eth") == "1716500000")
        // Only chain 1's four tokens were asked for, two per request; the Base token was not.
        #expect(bench.server.requests.map(\.path) == [Self.firstBatch, Self.secondBatch])

        let ape = try #require(try snapshot(bench, Sample.ape))
        #expect(ape.source == "dexscreener")
        #expect(ape.priceUSD == 1.0234)
        #expect(ape.pool == (try EVMAddress("0xac4b3dacb91461209ae9d41ec517c2b9cb1b7daf")))
        #expect(ape.liquidityUSD == 4321987.65 + 10000.5 + 50000.0)
        #expect(ape.volume24hUSD == 1523456.78 + 2500.25 + 3000.0)
        #expect(ape.buys24h == 812 + 4 + 25 && ape.sells24h == 790 + 10 + 30)
        #expect(ape.fdvUSD == 1_023_400_000)
        #expect(ape.pairCreatedAt == Timestamp(seconds: 1_647_392_400))
        #expect(ape.eventTime == CollectorBench.now && ape.observedAt == CollectorBench.now)
        let pepe = try #require(try snapshot(bench, Sample.pepe))
        #expect(pepe.priceUSD == 0.5117 && pepe.fdvUSD == 215_000_000 && pepe.buys24h == 10 && pepe.sells24h == 4)
        let usdc = try #require(try snapshot(bench, Sample.usdc))
        #expect(usdc.priceUSD == 0.9998 && usdc.liquidityUSD == 150_000_000.0 + 50000.0 && usdc.buys24h == 15000 + 30)
        let weth = try #require(try snapshot(bench, Sample.weth))
        #expect(weth.fdvUSD == nil)
        #expect(try snapshot(bench, CollectorBench.baseApe) == nil)

        // The same answers at the same instant are the same observations: duplicates, nothing new.
        let again = try await bench.collect(feed)
        #expect(again.errors == [] && again.newRows == 0 && again.duplicates == [.marketSnapshots: 4])
        #expect(try bench.count(.marketSnapshots) == 4)
        // A minute later they are new observations.
        bench.clock.advance(by: .minutes(1))
        let later = try await bench.collect(feed)
        #expect(later.inserted == [.marketSnapshots: 4] && later.checkpoint == "1716500060")
    }

    @Test func geckoTerminalAsksOneTokenAtATime() async throws {
        let bench = try CollectorBench(tokens: [(Sample.ape, "APE")])
        let path = "/api/v2/networks/eth/tokens/0x4d224452801aced8b2f0aebe155379bb5d594381/pools"
        bench.server.route(path, try .fixture("geckoterminal/token_pools.json"))
        let feed = bench.feed("gecko-eth", .dexMarket, path: "/api/v2",
                              options: .dexMarket(DexMarketOptions(format: .geckoterminal, network: "eth")))
        let report = try await bench.collect(feed)
        #expect(report.errors == [])
        #expect(report.fetched == 2 && report.inserted == [.marketSnapshots: 1])
        #expect(report.checkpoint == "1716500000")
        #expect(bench.server.requests.map(\.path) == [path])
        let ape = try #require(try snapshot(bench, Sample.ape))
        #expect(ape.source == "geckoterminal")
        #expect(ape.priceUSD == 1.0234)
        #expect(ape.liquidityUSD == 4321987.6543 + 10000.5)
        #expect(ape.buys24h == 812 + 4 && ape.sells24h == 790 + 10)
    }

    @Test func aFailedBatchIsReportedTheOthersLandAndTheCheckpointStays() async throws {
        let bench = try CollectorBench(tokens: Self.chainOne)
        bench.server.route(Self.firstBatch, .status(503, body: "maintenance"))
        bench.server.route(Self.secondBatch, try .fixture("dexscreener/tokens.json"))
        try bench.store.saveCheckpoint(Checkpoint(feed: "dex-eth", cursor: "1716400000", updatedAt: Timestamp(seconds: 1_716_400_000)))
        let feed = bench.feed("dex-eth", .dexMarket, path: "", options: .dexMarket(DexMarketOptions(batchSize: 2)), retries: 1)
        let report = try await bench.collect(feed)
        let error = try #require(report.errors.first)
        #expect(report.errors.count == 1)
        #expect(error.contains("feed 'dex-eth'"))
        #expect(error.contains(bench.server.url(Self.firstBatch)))
        #expect(error.contains("HTTP 503") && error.contains("gave up after 2 attempts") && error.contains("maintenance"))
        #expect(bench.server.requests(to: Self.firstBatch).count == 2)
        #expect(report.inserted == [.marketSnapshots: 2])
        #expect(try snapshot(bench, Sample.usdc) != nil && snapshot(bench, Sample.ape) == nil)
        #expect(report.checkpoint == "1716400000")
        #expect(try bench.cursor("dex-eth") == "1716400000")
    }

    @Test func aSweepCutShortByThePageLimitLeavesTheCheckpoint() async throws {
        let bench = try CollectorBench(tokens: Self.chainOne)
        bench.server.route(Self.firstBatch, try .fixture("dexscreener/tokens.json"))
        let feed = bench.feed("dex-eth", .dexMarket, path: "", options: .dexMarket(DexMarketOptions(batchSize: 2)))
        let report = try await bench.collect(feed, pageLimit: 1)
        #expect(report.errors == [] && report.inserted == [.marketSnapshots: 2])
        #expect(report.checkpoint == nil)
        #expect(try bench.cursor("dex-eth") == nil)
    }
}
