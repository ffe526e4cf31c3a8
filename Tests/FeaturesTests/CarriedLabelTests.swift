import FeatureStore
import Features
import RadarCore
import SimWorld
import Testing

/// Labels with the forward window carried from one timestamp to the next equal labels read afresh,
/// window by window, straight from the store.
@Suite struct CarriedLabelTests {
    @Test func carriedWindowsGiveTheLabelsOfFreshReads() throws {
        let world = try SimWorldStore.smallWorld()
        let fixture = try SimWorldStore(world: world)
        defer { fixture.cleanUp() }
        let config = LabelConfig(horizon: try Horizon(length: .hours(48)))
        var carried = LabelBuilder(store: fixture.store, config: config)
        // Hourly and ascending, then a step back (the tape starts over) and a jump of more than a window.
        let hours = Array(150...175) + [160, 161, 240]
        var priced = 0, notPriced = 0
        for hour in hours {
            let t = fixture.time(endOfHour: hour)
            let ours = try carried.labels(asOf: t)
            let expected = try Self.freshRead(store: fixture.store, asOf: t, config: config)
            #expect(ours.tokens == expected.tokens.map(\.token), "hour \(hour)")
            for (index, member) in expected.tokens.enumerated() {
                let (forward, outcome) = expected.rows[index]
                #expect(ours.outcome[index] == outcome, "hour \(hour), \(member.token): \(ours.outcome[index]) against \(outcome)")
                #expect(ours.forwardReturn[index].bitPattern == forward.bitPattern,
                        "hour \(hour), \(member.token): \(ours.forwardReturn[index]) against \(forward)")
                if outcome == .priced { priced += 1 } else { notPriced += 1 }
            }
        }
        // The comparison covered both kinds of outcome.
        #expect(priced > 500 && notPriced > 20, "priced \(priced), other \(notPriced)")
    }

    /// The labels' definition written out against whole-window reads: entry is the last reserve update
    /// at or before the window's start, exit the last one in the window, trades counted from its swaps.
    static func freshRead(store: FeatureStore, asOf: Timestamp, config: LabelConfig) throws
        -> (tokens: [UniverseMember], rows: [(Double, LabelOutcome)]) {
        let members = try Universe(reader: store.asOf(asOf), config: FeatureConfig()).members
        let window = config.horizon.window(after: asOf)
        let future = store.asOf(window.upperBound)
        let histories = try future.reserveHistories(chain: world1, pools: members.map(\.pool.address), since: window.lowerBound)
        let swaps = try future.swaps(since: window.lowerBound)
        var rows: [(Double, LabelOutcome)] = []
        for member in members {
            var buys = 0, sells = 0
            for swap in swaps where swap.pool == member.pool.address && swap.position.chain == member.pool.chain {
                let (quoteIn, tokenIn) = member.isToken0
                    ? (swap.amount1In.approximateValue, swap.amount0In.approximateValue)
                    : (swap.amount0In.approximateValue, swap.amount1In.approximateValue)
                if quoteIn > 0 { buys += 1 } else if tokenIn > 0 { sells += 1 }
            }
            func price(_ update: ReserveUpdate) -> (price: Double, quote: Double) {
                let (tokenRaw, quoteRaw) = member.isToken0
                    ? (update.reserve0.approximateValue, update.reserve1.approximateValue)
                    : (update.reserve1.approximateValue, update.reserve0.approximateValue)
                var tokenScale = 1.0, quoteScale = 1.0
                for _ in 0..<member.decimals { tokenScale *= 10 }
                for _ in 0..<member.quoteDecimals { quoteScale *= 10 }
                let tokens = tokenRaw / tokenScale, quote = quoteRaw / quoteScale
                return (tokens > 0 && quote > 0 ? quote / tokens : .nan, quote)
            }
            let history = histories[member.pool.address]
            let entry = history?.opening.map(price)
            let exit = (history?.window.last ?? history?.opening).map(price)
            if let entry, let exit, entry.price > 0, exit.price > 0, exit.quote >= config.deadLiquidityFraction * entry.quote {
                if buys >= config.unsellableMinBuys && sells == 0 {
                    rows.append((config.deadReturn, .unsellable))
                } else if config.silentIsDead && buys + sells == 0 {
                    rows.append((config.deadReturn, .silent))
                } else {
                    rows.append((exit.price / entry.price - 1, .priced))
                }
            } else {
                rows.append((config.deadReturn, .dead))
            }
        }
        return (members, rows)
    }

    static let world1: ChainID = 1
}
