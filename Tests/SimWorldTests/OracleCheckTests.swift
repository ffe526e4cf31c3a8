import Foundation
import RadarCore
import Testing
@testable import SimWorld

/// The planted signal is real (the oracle ranks realised alpha well) and not trivially visible (no
/// single raw feature computed from the observable events comes close), but learnable (the best
/// raw features point the right way).
@Suite struct OracleCheckTests {
    /// Raw features per token and hour, computed from the events alone.
    struct Observables {
        var holderGrowth24h: [[Double]]
        var volumeGrowth24h: [[Double]]
        var royalties7d: [[Double]]
        var smartBuyShare7d: [[Double]]
        var mentionTone24h: [[Double]]
        var sellShare24h: [[Double]]
        var momentum7d: [[Double]]

        init(world: SimWorld, hours: [SimHour]) {
            let tokens = world.tokens.count, count = hours.count
            func grid() -> [[Double]] { Array(repeating: Array(repeating: 0, count: count), count: tokens) }
            var newHolders = grid(), royalties = grid(), smartBuys = grid(), buys = grid(), volume24 = grid()
            var positive = grid(), negative = grid(), sells = grid(), price = grid()
            let smart = Set((0..<SimWorld.smartWalletCount).map(world.smartWallet))
            var seen = [Set<SimAddress>](repeating: [], count: tokens)
            let positiveWords = Set(SimNames.positiveWords), negativeWords = Set(SimNames.negativeWords)
            for hour in hours {
                let h = hour.hour
                for log in hour.logs where log.token >= 0 {
                    let t = Int(log.token)
                    let token = world.tokens[t]
                    switch log.event {
                    case .transfer(_, let to, _) where log.address == token.address:
                        if to != token.pool && seen[t].insert(to).inserted { newHolders[t][h] += 1 }
                    case .swap(_, _, _, let out0, let out1, let to):
                        if (token.isToken0 ? out0 : out1) > 0 {
                            buys[t][h] += 1
                            if smart.contains(to) { smartBuys[t][h] += 1 }
                        } else {
                            sells[t][h] += 1
                        }
                    case .royaltyPaid:
                        royalties[t][h] += 1
                    default: break
                    }
                }
                for snapshot in hour.snapshots {
                    volume24[Int(snapshot.token)][h] = snapshot.volumeH24USD
                    price[Int(snapshot.token)][h] = snapshot.priceUSD
                }
                for post in hour.posts {
                    for word in post.text.split(separator: " ") {
                        if positiveWords.contains(String(word)) { positive[Int(post.token)][h] += 1 }
                        if negativeWords.contains(String(word)) { negative[Int(post.token)][h] += 1 }
                    }
                }
            }
            func trailing(_ series: [Double], _ h: Int, _ window: Int) -> Double {
                series[max(0, h - window + 1)...h].reduce(0, +)
            }
            holderGrowth24h = grid(); volumeGrowth24h = grid(); royalties7d = grid(); smartBuyShare7d = grid(); mentionTone24h = grid()
            sellShare24h = grid(); momentum7d = grid()
            for t in 0..<tokens {
                for h in 0..<count {
                    holderGrowth24h[t][h] = trailing(newHolders[t], h, 24)
                    volumeGrowth24h[t][h] = Foundation.log((volume24[t][h] + 1) / (volume24[t][max(0, h - 24)] + 1))
                    royalties7d[t][h] = trailing(royalties[t], h, 168)
                    smartBuyShare7d[t][h] = trailing(smartBuys[t], h, 168) / (trailing(buys[t], h, 168) + 1)
                    let up = trailing(positive[t], h, 24), down = trailing(negative[t], h, 24)
                    mentionTone24h[t][h] = (up - down) / (up + down + 1)
                    let sold = trailing(sells[t], h, 24), bought = trailing(buys[t], h, 24)
                    sellShare24h[t][h] = sold / (sold + bought + 1)
                    let then = price[t][max(0, h - 168)]
                    momentum7d[t][h] = then > 0 ? Foundation.log(price[t][h] / then) : 0
                }
            }
        }
    }

    /// Mean over hours (with at least 30 tokens in the universe) of the rank IC of `score` against alpha.
    static func meanRankIC(_ score: (SimTruthRow) -> Double) -> Double {
        let byHour = Dictionary(grouping: SmallWorld.truth.filter { $0.forwardAlpha != nil }, by: \.hour)
        var ics = [Double]()
        for (_, rows) in byHour where rows.count >= 30 {
            if let ic = rankIC(rows.map(score), rows.map { $0.forwardAlpha! }) { ics.append(ic) }
        }
        return ics.reduce(0, +) / Double(max(1, ics.count))
    }

    @Test func thePlantedSignalIsRealAndNotTriviallyVisible() {
        let observed = Observables(world: SmallWorld.world, hours: SmallWorld.hours)
        let oracle = Self.meanRankIC(\.expectedReturn)
        let features: [(String, [[Double]])] = [
            ("holder growth 24h", observed.holderGrowth24h),
            ("volume growth 24h", observed.volumeGrowth24h),
            ("royalties 7d", observed.royalties7d),
            ("smart-money buy share 7d", observed.smartBuyShare7d),
            ("mention tone 24h", observed.mentionTone24h),
            ("sell share 24h", observed.sellShare24h),
            ("price momentum 7d", observed.momentum7d),
        ]
        var ics = [String: Double]()
        for (name, values) in features {
            ics[name] = Self.meanRankIC { values[Int($0.token)][Int($0.hour)] }
        }
        print("oracle check: oracle rank IC \(oracle); " + features.map { "\($0.0) \(ics[$0.0]!)" }.joined(separator: "; "))
        #expect(oracle > 0.1)
        let best = ics.values.max()!
        #expect(best > 0.02, "the best raw feature must point the right way")
        #expect(best < oracle * 0.6, "a single raw feature must stay well below the oracle")
    }
}
