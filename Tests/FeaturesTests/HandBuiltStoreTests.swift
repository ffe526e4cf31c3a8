import FeatureStore
import Features
import Foundation
import RadarCore
import Testing

/// Every family's values against numbers worked out by hand on a tiny store: token A (6 decimals) in
/// pool P against quote Q (18 decimals), token B in pool P2 against Q, and a few rows per table,
/// plus rows that happened before t but were observed after it (which must change nothing).
@Suite struct HandBuiltStoreTests {
    static let t = Timestamp(seconds: 1_750_000_000)
    static func ago(_ duration: RadarDuration) -> Timestamp { t - duration }
    static func address(_ n: Int) -> EVMAddress { try! EVMAddress(String(format: "0x%040x", n)) }
    static let tokenA = address(0x0a), tokenB = address(0x0b), quote = address(0x0f)
    static let pool = address(0x100), pool2 = address(0x101)
    static let deployer = address(0x200), lpOther = address(0x201), dead = address(0xdead)
    static let holders = (1...5).map { address(0x300 + $0) }
    static let traders = (1...3).map { address(0x400 + $0) }

    final class Positions: @unchecked Sendable {
        var next: Int64 = 0
        func position(at time: Timestamp) -> LogPosition {
            next += 1
            return LogPosition(chain: 1, blockNumber: time.seconds / 12, blockHash: try! EVMHash(String(format: "0x%064x", next)),
                               logIndex: next, transactionHash: try! EVMHash(String(format: "0x%064x", next + 1_000_000)))
        }
    }

    static func fixture() throws -> (store: FeatureStore, cleanUp: () -> Void) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("radar-hand-\(UUID().uuidString)")
        let store = try FeatureStore(path: directory.appendingPathComponent("radar.sqlite").path)
        let positions = Positions()
        let late = RadarDuration.hours(1)
        var batch = IngestBatch()
        let launch = ago(.days(9))
        batch.tokens = [
            Token(id: TokenID(chain: 1, address: tokenA), symbol: "A", name: "A", decimals: 6, totalSupply: 1_000_000, firstSeenAt: launch, observedAt: launch),
            Token(id: TokenID(chain: 1, address: tokenB), symbol: "B", name: "B", decimals: 18, totalSupply: nil, firstSeenAt: launch, observedAt: launch),
        ]
        let created = ago(.hours(193))
        for (poolAddress, token) in [(pool, tokenA), (pool2, tokenB)] {
            batch.pools.append(Pool(chain: 1, address: poolAddress, dex: .uniswapV2, factory: address(0x999), token0: token, token1: quote,
                                    fee: nil, created: positions.position(at: created), createdAt: created, observedAt: created))
        }
        func reserves(_ time: Timestamp, _ a: Int64, _ q: Double, observed: Timestamp? = nil) {
            batch.reserves.append(ReserveUpdate(position: positions.position(at: time), pool: pool, reserve0: DecimalAmount(a * 1_000_000),
                                                reserve1: try! DecimalAmount(String(format: "%.0f", q * 1e18)),
                                                eventTime: time, observedAt: observed ?? time))
        }
        reserves(ago(.days(8)), 1000, 10)
        reserves(ago(.hours(30)), 1000, 20)
        reserves(ago(.hours(3)), 500, 15)
        reserves(ago(.minutes(30)), 400, 16)
        reserves(ago(.minutes(10)), 1, 1, observed: t + late)
        func swap(_ time: Timestamp, quoteIn: Double = 0, quoteOut: Double = 0, tokenIn: Int64 = 0, _ recipient: EVMAddress,
                  observed: Timestamp? = nil) {
            func wei(_ q: Double) -> DecimalAmount { try! DecimalAmount(String(format: "%.0f", q * 1e18)) }
            batch.swaps.append(Swap(position: positions.position(at: time), pool: pool, sender: address(0x998), recipient: recipient,
                                    amount0In: DecimalAmount(tokenIn * 1_000_000), amount1In: wei(quoteIn),
                                    amount0Out: DecimalAmount(quoteIn > 0 ? 50_000_000 : 0), amount1Out: wei(quoteOut),
                                    eventTime: time, observedAt: observed ?? time))
        }
        swap(ago(.hours(2)), quoteIn: 1, traders[0])
        swap(ago(.hours(1)), quoteIn: 2, traders[1])
        swap(ago(.hours(20)), quoteOut: 0.5, tokenIn: 10, traders[0])
        swap(ago(.days(3)), quoteIn: 4, traders[2])
        swap(ago(.minutes(5)), quoteIn: 100, traders[2], observed: t + .minutes(10))
        func transfer(_ time: Timestamp, _ token: EVMAddress, _ from: EVMAddress, _ to: EVMAddress, _ amount: Int64, observed: Timestamp? = nil) {
            batch.transfers.append(Transfer(position: positions.position(at: time), token: token, from: from, to: to,
                                            amount: DecimalAmount(amount), eventTime: time, observedAt: observed ?? time))
        }
        transfer(ago(.days(8)), tokenA, .zero, deployer, 1_000_000)
        transfer(ago(.days(8)), tokenA, deployer, pool, 400_000)
        transfer(ago(.days(2)), tokenA, deployer, holders[0], 100_000)
        transfer(ago(.days(2)), tokenA, deployer, holders[1], 50_000)
        transfer(ago(.hours(10)), tokenA, deployer, holders[2], 30_000)
        transfer(ago(.hours(5)), tokenA, holders[1], holders[3], 50_000)
        transfer(ago(.hours(1)), tokenA, deployer, holders[4], 1000, observed: t + late)
        transfer(ago(.days(8)), pool, .zero, deployer, 900)
        transfer(ago(.days(8)), pool, .zero, lpOther, 100)
        // The deployer burns 500 of its LP tokens and 20k tokens: 0x…dEaD is nobody's, so neither counts
        // as a holder or as LP that could be pulled.
        transfer(ago(.days(7)), pool, deployer, dead, 500)
        transfer(ago(.days(2)), tokenA, deployer, dead, 20_000)
        // One snapshot prices the quote: A at 80 USD when the pool says 0.04 quote per A, so 2,000 USD per quote.
        batch.marketSnapshots.append(MarketSnapshot(source: "dexscreener", token: TokenID(chain: 1, address: tokenA), priceUSD: 80,
                                                    liquidityUSD: nil, volume24hUSD: nil, buys24h: nil, sells24h: nil, fdvUSD: nil,
                                                    eventTime: ago(.minutes(10)), observedAt: ago(.minutes(10))))
        func post(_ id: String, _ time: Timestamp, _ token: EVMAddress, author: String, followers: Int64, text: String,
                  likes: Int64 = 0, reposts: Int64 = 0, replies: Int64 = 0, observed: Timestamp? = nil) {
            batch.socialPosts.append(SocialPost(source: "x", postID: id, authorID: author, authorName: author, authorFollowers: followers,
                                                text: text, likes: likes, reposts: reposts, replies: replies,
                                                eventTime: time, observedAt: observed ?? time))
            batch.mentions.append(Mention(source: "x", postID: id, token: TokenID(chain: 1, address: token), matchedBy: .cashtag,
                                          eventTime: time, observedAt: observed ?? time))
        }
        post("1", ago(.minutes(30)), tokenA, author: "a1", followers: 1000, text: "Bullish! moon gem", likes: 10, reposts: 2, replies: 1)
        post("2", ago(.hours(5)), tokenA, author: "a2", followers: 500, text: "this is a scam, dump")
        post("3", ago(.hours(10)), tokenA, author: "a1", followers: 1000, text: "neutral words")
        post("4", ago(.hours(30)), tokenA, author: "a3", followers: 7, text: "older")
        post("5", ago(.hours(2)), tokenB, author: "a4", followers: 9, text: "b")
        post("6", ago(.minutes(10)), tokenA, author: "a5", followers: 1_000_000, text: "moon", observed: t + .minutes(5))
        batch.ipLinks.append(IPLink(token: TokenID(chain: 1, address: tokenA), registry: "story", registryID: "ip-a", category: .music,
                                    ipName: "A Records", source: .declared, observedAt: ago(.days(9))))
        func ipEvent(_ id: String, _ kind: IPEventKind, _ time: Timestamp, amount: DecimalAmount?, observed: Timestamp? = nil) {
            batch.ipEvents.append(IPEvent(key: .offChain(source: "story", id: id), kind: kind, ipID: "ip-a", token: nil, amount: amount,
                                          counterparty: nil, eventTime: time, observedAt: observed ?? time))
        }
        ipEvent("r", .registered, ago(.days(9)), amount: nil)
        ipEvent("m1", .licenceMinted, ago(.days(8)), amount: 2)
        ipEvent("m2", .licenceMinted, ago(.days(2)), amount: 3)
        ipEvent("d1", .derivativeRegistered, ago(.days(1)), amount: nil)
        ipEvent("p1", .royaltyPaid, ago(.days(8)), amount: try DecimalAmount("1000000000000000000"))
        ipEvent("p2", .royaltyPaid, ago(.days(3)), amount: try DecimalAmount("500000000000000000"))
        ipEvent("p3", .royaltyPaid, ago(.hours(1)), amount: try DecimalAmount("100000000000000000000"), observed: t + late)
        try store.ingest(batch)
        return (store, { try? FileManager.default.removeItem(at: directory) })
    }

    /// Builds the rows at t with a 10% whale line and returns token A's values by name.
    static func rowOfA() throws -> (values: [String: Float], frame: FeatureFrame) {
        let (store, cleanUp) = try fixture()
        defer { cleanUp() }
        var builder = FeatureBuilder(store: store, config: FeatureConfig(whaleShare: 0.1))
        let frame = try builder.rows(asOf: t)
        let row = try #require(frame.tokens.firstIndex(of: TokenID(chain: 1, address: tokenA)))
        return (Dictionary(uniqueKeysWithValues: zip(frame.names, frame.row(row))), frame)
    }

    static func close(_ value: Float?, _ expected: Double, tolerance: Double = 1e-5) -> Bool {
        guard let value else { return false }
        return abs(Double(value) - expected) <= tolerance * max(1, abs(expected))
    }

    @Test func universeIsTheTokensWithAPoolAgainstTheQuote() throws {
        let (_, frame) = try Self.rowOfA()
        #expect(frame.tokens == [TokenID(chain: 1, address: Self.tokenA), TokenID(chain: 1, address: Self.tokenB)])
        #expect(frame.names == FeatureSet.standard.names)
    }

    @Test func market() throws {
        let (a, _) = try Self.rowOfA()
        // Prices (quote per A): 0.01 from t-8d, 0.02 from t-30h, 0.03 from t-3h, 0.04 from t-30m.
        #expect(Self.close(a["ret_1h"], 0.04 / 0.03 - 1))
        #expect(Self.close(a["ret_6h"], 1))
        #expect(Self.close(a["ret_24h"], 1))
        #expect(Self.close(a["ret_7d"], 3))
        // Hourly log returns ending at t: ln(4/3) (t-1h to t), ln(1.5) (t-4h to t-3h), 22 zeros.
        let returns = [log(4.0 / 3)] + [0, 0, log(1.5)] + [Double](repeating: 0, count: 20)
        let mean = returns.reduce(0, +) / 24
        let sd = (returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 23).squareRoot()
        #expect(Self.close(a["volatility_24h"], sd))
        // Quote at 2,000 USD; 24h quote volume 1 + 2 + 0.5, 7-day 7.5.
        #expect(Self.close(a["volume_usd_24h"], 7000))
        #expect(Self.close(a["volume_growth_7d"], 7000 / (15000.0 / 7)))
        #expect(Self.close(a["liquidity_usd"], 2 * 16 * 2000))
        #expect(Self.close(a["liquidity_change_24h"], 16.0 / 20 - 1))
        #expect(Self.close(a["buy_ratio_24h"], 2.0 / 3))
        #expect(a["trades_24h"] == 3)
        #expect(a["unique_traders_24h"] == 2)
        #expect(a["pool_age_hours"] == 193)
    }

    @Test func holders() throws {
        let (a, _) = try Self.rowOfA()
        // Now: deployer 400k, h1 100k, h3 30k, h4 50k (h2 emptied; the pool and the burnt 20k are not
        // holders). 24h ago: deployer 430k, h1 100k, h2 50k.
        #expect(a["holder_count"] == 4)
        #expect(Self.close(a["holder_growth_24h"], 4.0 / 3 - 1))
        #expect(a["new_holders_24h"] == 2)
        #expect(a["top10_share"] == 1)
        let shares = [400.0, 100, 30, 50].map { $0 / 580 }
        #expect(Self.close(a["holder_hhi"], shares.map { $0 * $0 }.reduce(0, +)))
        // Whales at 10%: the deployer (400k) and h1 (100k); the deployer sent 30k in the day.
        #expect(Self.close(a["whale_net_flow_24h"], -30_000.0 / 580_000))
    }

    @Test func social() throws {
        let (a, _) = try Self.rowOfA()
        #expect(a["mentions_1h"] == 1)
        #expect(a["mentions_24h"] == 3)
        #expect(Self.close(a["mentions_growth_24h"], log(4.0 / 2)))
        #expect(a["unique_authors_24h"] == 2)
        #expect(Self.close(a["reach_24h"], log1p(2500)))
        #expect(Self.close(a["engagement_24h"], log1p(13)))
        // +1 (three positive words), -1 (two negative), 0 (no hits).
        #expect(a["sentiment_24h"] == 0)
        #expect(Self.close(a["share_of_voice_24h"], 0.75))
    }

    @Test func ipAndRisk() throws {
        let (a, _) = try Self.rowOfA()
        #expect(a["ip_music"] == 1)
        #expect(a["ip_brand"] == 0 && a["ip_entertainment"] == 0)
        #expect(a["licence_mints"] == 5)
        #expect(a["licence_mints_7d"] == 3)
        #expect(a["derivatives"] == 1)
        #expect(Self.close(a["royalties_paid"], 1.5))
        #expect(Self.close(a["royalties_paid_7d"], 0.5))
        #expect(a["ip_age_days"] == 9)
        // LP: deployer 400, another provider 100, burnt 500: the largest who could pull holds 40%.
        #expect(Self.close(a["lp_concentration"], 0.4))
        #expect(Self.close(a["liquidity_drop_7d"], 1 - 16.0 / 20))
    }

    /// Stepping every carried state (ledger, pool and mention tapes, IP events) hour by hour across
    /// the late arrivals (rows observed after they happened) lands on a fresh build at every hour.
    @Test func steppingAcrossLateArrivalsMatchesFreshBuilds() throws {
        let (store, cleanUp) = try Self.fixture()
        defer { cleanUp() }
        var stepping = FeatureBuilder(store: store, featureSet: .radarV2)
        var compared = 0
        for hoursBefore in stride(from: 30, through: -3, by: -1) {
            let time = Self.t - .hours(Int64(hoursBefore))
            let stepped = try stepping.rows(asOf: time)
            var fresh = FeatureBuilder(store: store, featureSet: .radarV2)
            let expected = try fresh.rows(asOf: time)
            #expect(stepped.isBitIdentical(to: expected), "\(hoursBefore)h before t")
            compared += stepped.rowCount
        }
        #expect(compared >= 60)
    }

    @Test func percentileRanksPerTimestamp() {
        let tokens = (1...4).map { TokenID(chain: 1, address: Self.address($0)) }
        let t = Self.t
        let frame = FeatureFrame(featureSetID: "x@1", names: ["f"], timestamps: [t, t, t, t + .hours(1)], tokens: tokens,
                                 values: [3, .nan, 1, 5])
        let ranks = frame.percentileRanks()
        #expect(ranks.names == ["f_rank"])
        #expect(ranks.values[0] == 1 && ranks.values[1].isNaN && ranks.values[2] == 0.5 && ranks.values[3] == 1)
    }
}
