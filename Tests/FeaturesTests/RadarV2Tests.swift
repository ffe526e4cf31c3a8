@testable import Features
import FeatureStore
import Foundation
import RadarCore
import Testing

/// The features `radar@2` adds, against numbers worked out by hand on `HandBuiltStoreTests`' store.
@Suite struct RadarV2Tests {
    typealias Hand = HandBuiltStoreTests

    /// Rows at t with `radar@2` (10% whale line); token A's and B's values by name.
    static func rows() throws -> (a: [String: Float], b: [String: Float], frame: FeatureFrame) {
        let (store, cleanUp) = try Hand.fixture()
        defer { cleanUp() }
        var builder = FeatureBuilder(store: store, featureSet: .radarV2, config: FeatureConfig(whaleShare: 0.1))
        let frame = try builder.rows(asOf: Hand.t)
        let a = try #require(frame.tokens.firstIndex(of: TokenID(chain: 1, address: Hand.tokenA)))
        let b = try #require(frame.tokens.firstIndex(of: TokenID(chain: 1, address: Hand.tokenB)))
        return (Dictionary(uniqueKeysWithValues: zip(frame.names, frame.row(a))),
                Dictionary(uniqueKeysWithValues: zip(frame.names, frame.row(b))), frame)
    }

    @Test func versionTwoExtendsVersionOne() throws {
        let v2 = FeatureSet.radarV2
        #expect(v2.id == "radar@2" && FeatureSet.standard.id == "radar@1")
        #expect(v2.definitions.count >= 60)
        #expect(Set(v2.names).count == v2.names.count)
        #expect(Array(v2.names.prefix(FeatureSet.standard.names.count)) == FeatureSet.standard.names)
        #expect(FeatureSet.named("radar@2") == v2 && FeatureSet.named("radar@9") == nil)
        // The shared columns are the same numbers in both versions.
        let (_, _, frame) = try Self.rows()
        let (_, v1) = try Hand.rowOfA()
        let width = FeatureSet.standard.names.count
        for row in 0..<frame.rowCount {
            #expect(Array(frame.row(row).prefix(width)).map(\.bitPattern) == Array(v1.row(row)).map(\.bitPattern))
        }
    }

    @Test func market() throws {
        let (a, _, _) = try Self.rows()
        // Prices (quote per A): 0.01 from t-8d, 0.02 from t-30h, 0.03 from t-3h, 0.04 from t-30m.
        #expect(Hand.close(a["ret_3h"], 0.04 / 0.03 - 1))
        #expect(Hand.close(a["ret_12h"], 1))
        // 168 hourly log returns: ln(4/3) (t-1h to t), ln(1.5) (t-4h to t-3h), ln 2 (t-31h to t-30h), the rest 0.
        var returns = [Double](repeating: 0, count: 168)
        returns[0] = log(4.0 / 3)
        returns[3] = log(1.5)
        returns[30] = log(2.0)
        let mean = returns.reduce(0, +) / 168
        let sd = (returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 167).squareRoot()
        #expect(Hand.close(a["volatility_7d"], sd))
        // The swap at exactly t - 1h is outside (t - 1h, t]; the one at t - 5m is observed after t.
        #expect(a["volume_usd_1h"] == 0)
        // Hourly prices from t - 24h only rise (0.02, then 0.03, then 0.04).
        #expect(a["max_drawdown_24h"] == 0)
    }

    @Test func drawdownIsTheLargestFallFromARunningPeak() {
        let t = Hand.t
        func point(_ hoursAgo: Int64, _ price: Double) -> (time: Timestamp, reading: PoolReading) {
            (t - .hours(hoursAgo), PoolReading(price: price, quoteReserve: 1))
        }
        // 10 until t-20h, 20 from t-20h, 5 from t-10h, 15 from t-2h: peak 20, trough 5, so 1 - 5/20.
        let path = PricePath(points: [point(30, 10), point(20, 20), point(10, 5), point(2, 15)])
        #expect(MarketFeatures.maxDrawdown(path, at: t, hours: 24) == 0.75)
        // A price missing at the start of the window makes it NaN.
        #expect(MarketFeatures.maxDrawdown(PricePath(points: [point(20, 20)]), at: t, hours: 24).isNaN)
    }

    @Test func holdersSocialIPAndRisk() throws {
        let (a, _, _) = try Self.rows()
        // Holders now: deployer 400k of 580k (the 20k sent to 0x…dEaD are burnt).
        #expect(Hand.close(a["top1_share"], 400.0 / 580))
        // Posts on A at t-30m (a1, positive), t-5h (a2, negative), t-10h (a1, neutral), t-30h; the one at
        // t-10m is observed after t.
        #expect(a["mentions_6h"] == 2)
        #expect(a["mentions_7d"] == 4)
        #expect(Hand.close(a["author_concentration_24h"], 2.0 / 3))
        #expect(Hand.close(a["positive_share_24h"], 1.0 / 3))
        #expect(Hand.close(a["negative_share_24h"], 1.0 / 3))
        // IP events in the week: a mint (2d), a derivative (1d), a royalty (3d); the royalty at t-1h is late.
        #expect(a["ip_events_7d"] == 3)
        // Royalties: 0.5 in the last week, 1.0 in the week before (t-8d).
        #expect(Hand.close(a["royalty_growth_7d"], log1p(0.5) - log1p(1.0)))
        // 24h: two buys, one sell; 7d: three buys, one sell.
        #expect(a["buys_without_sells_24h"] == 0)
        #expect(Hand.close(a["sell_share_drop_7d"], 1.0 / 4 - 1.0 / 3))
    }

    @Test func oneSidedMarketIsFlagged() {
        let t = Hand.t
        let member = UniverseMember(token: TokenID(chain: 1, address: Hand.tokenA), decimals: 18,
                                    pool: Pool(chain: 1, address: Hand.pool, dex: .uniswapV2, factory: Hand.address(0x999), token0: Hand.tokenA,
                                               token1: Hand.quote, fee: nil,
                                               created: LogPosition(chain: 1, blockNumber: 1, blockHash: try! EVMHash(String(format: "0x%064x", 1)),
                                                                    logIndex: 0, transactionHash: try! EVMHash(String(format: "0x%064x", 2))),
                                               createdAt: t - .days(9), observedAt: t - .days(9)),
                                    isToken0: true, quote: Hand.quote, quoteDecimals: 18)
        func swap(_ hoursAgo: Int64, buy: Bool) -> SwapFlow {
            SwapFlow(chain: 1, pool: PackedAddress(Hand.pool), blockNumber: 100 - hoursAgo, logIndex: 0, eventTime: t - .hours(hoursAgo),
                     recipient: PackedAddress(Hand.traders[0]), amount0In: buy ? 0 : 5, amount1In: buy ? 1 : 0,
                     amount0Out: buy ? 5 : 0, amount1Out: buy ? 0 : 1)
        }
        // A week with sells, then a day of buys only.
        let sides = RiskFeatures.sides([swap(100, buy: false), swap(90, buy: false), swap(5, buy: true), swap(1, buy: true)],
                                       member: member, dayStart: t - .hours(24))
        let counts: [Int] = [sides.0, sides.1, sides.2, sides.3]
        #expect(counts == [2, 2, 2, 0])
    }

    @Test func ranksAcrossTheUniverse() throws {
        let (a, b, _) = try Self.rows()
        // B has no reserves (no return or liquidity), no swaps (volume 0), no holders (growth -1), one mention.
        #expect(a["ret_24h_rank"] == 1 && b["ret_24h_rank"]!.isNaN)
        #expect(a["liquidity_usd_rank"] == 1 && b["liquidity_usd_rank"]!.isNaN)
        #expect(a["volume_usd_24h_rank"] == 1 && b["volume_usd_24h_rank"] == 0.5)
        #expect(a["holder_growth_24h_rank"] == 1 && b["holder_growth_24h_rank"] == 0.5)
        #expect(a["mentions_24h_rank"] == 1 && b["mentions_24h_rank"] == 0.5)
        let ranks: [Float] = RankFeatures.percentileRanks([3, .nan, 1, 3]).map { $0.isNaN ? -1 : $0 }
        let expected: [Float] = [Float(5) / 6, -1, Float(1) / 3, Float(5) / 6]
        #expect(ranks == expected)
    }
}
