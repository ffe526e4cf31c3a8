import Foundation
import RadarCore

/// Market features from the main pool: returns, realised volatility, volume and its growth,
/// liquidity and its change, buy ratio, trades, unique traders, pool age.
enum MarketFeatures {
    static let names = ["ret_1h", "ret_6h", "ret_24h", "ret_7d", "volatility_24h", "volume_usd_24h", "volume_growth_7d",
                        "liquidity_usd", "liquidity_change_24h", "buy_ratio_24h", "trades_24h", "unique_traders_24h",
                        "pool_age_hours"]

    static func compute(_ section: CrossSection) -> Columns {
        var columns = Columns(count: section.universe.members.count)
        columns.declare(names)
        let t = section.asOf
        let usd = section.quoteUSD
        for (position, member) in section.universe.members.enumerated() {
            let path = section.prices[position]
            let now = path.reading(at: t)
            func ret(_ back: RadarDuration) -> Double {
                guard let now, let then = path.reading(at: t - back) else { return .nan }
                return now.price / then.price - 1
            }
            columns.set("ret_1h", position, ret(.hours(1)))
            columns.set("ret_6h", position, ret(.hours(6)))
            columns.set("ret_24h", position, ret(.hours(24)))
            columns.set("ret_7d", position, ret(.days(7)))
            columns.set("volatility_24h", position, hourlyVolatility(path, at: t, hours: 24))
            if let now {
                let liquidity = 2 * now.quoteReserve * usd
                columns.set("liquidity_usd", position, liquidity)
                if let then = path.reading(at: t - .hours(24)), then.quoteReserve > 0 {
                    columns.set("liquidity_change_24h", position, now.quoteReserve / then.quoteReserve - 1)
                }
            }

            let scale = usd / pow10(member.quoteDecimals)
            let dayStart = t - .hours(24)
            var volume24 = 0.0, volume7 = 0.0, buys = 0, sells = 0, trades = 0
            var traders = Set<EVMAddress>()
            for swap in section.swaps[position] {
                let flow = quoteFlow(swap, member: member)
                let volume = (flow.quoteIn + flow.quoteOut) * scale
                volume7 += volume
                guard swap.eventTime > dayStart else { continue }
                volume24 += volume
                trades += 1
                if flow.quoteIn > 0 { buys += 1 } else if flow.tokenIn > 0 { sells += 1 }
                traders.insert(swap.recipient)
            }
            columns.set("volume_usd_24h", position, volume24)
            columns.set("volume_growth_7d", position, volume7 > 0 ? volume24 / (volume7 / 7) : .nan)
            columns.set("buy_ratio_24h", position, buys + sells > 0 ? Double(buys) / Double(buys + sells) : .nan)
            columns.set("trades_24h", position, Double(trades))
            columns.set("unique_traders_24h", position, Double(traders.count))
            columns.set("pool_age_hours", position, Double(t.seconds - member.pool.createdAt.seconds) / 3600)
        }
        return columns
    }

    /// Raw quote and token amounts into and out of the pool in one swap.
    static func quoteFlow(_ swap: Swap, member: UniverseMember) -> (quoteIn: Double, quoteOut: Double, tokenIn: Double, tokenOut: Double) {
        let a0In = swap.amount0In.approximateValue, a1In = swap.amount1In.approximateValue
        let a0Out = swap.amount0Out.approximateValue, a1Out = swap.amount1Out.approximateValue
        return member.isToken0 ? (a1In, a1Out, a0In, a0Out) : (a0In, a0Out, a1In, a1Out)
    }

    /// Sample standard deviation of the `hours` hourly log returns ending at `t`; NaN when a price is missing.
    static func hourlyVolatility(_ path: PricePath, at t: Timestamp, hours: Int) -> Double {
        var returns: [Double] = []
        returns.reserveCapacity(hours)
        for k in 0..<hours {
            guard let later = path.reading(at: t - .hours(Int64(k))), let earlier = path.reading(at: t - .hours(Int64(k + 1))),
                  later.price > 0, earlier.price > 0 else { return .nan }
            returns.append(Foundation.log(later.price / earlier.price))
        }
        guard returns.count >= 2 else { return .nan }
        let mean = returns.reduce(0, +) / Double(returns.count)
        let variance = returns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(returns.count - 1)
        return variance.squareRoot()
    }
}
