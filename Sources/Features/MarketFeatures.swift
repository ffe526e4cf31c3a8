import FeatureStore
import Foundation
import RadarCore

/// Market features from the main pool: returns, realised volatility, volume and its growth,
/// liquidity and its change, buy ratio, trades, unique traders, pool age; from `radar@2` also 3h and 12h
/// returns, 7-day volatility, 1h volume and the 24h maximum drawdown.
enum MarketFeatures {
    static let names = ["ret_1h", "ret_6h", "ret_24h", "ret_7d", "volatility_24h", "volume_usd_24h", "volume_growth_7d",
                        "liquidity_usd", "liquidity_change_24h", "buy_ratio_24h", "trades_24h", "unique_traders_24h",
                        "pool_age_hours", "ret_3h", "ret_12h", "volatility_7d", "volume_usd_1h", "max_drawdown_24h"]

    static func compute(_ section: CrossSection) -> Columns {
        var columns = Columns(count: section.universe.members.count)
        columns.declare(names)
        let t = section.asOf
        let usd = section.quoteUSD
        for (position, member) in section.universe.members.enumerated() {
            // Every hourly price a feature below reads, from t back to t - 7d.
            let marks = section.prices[position].hourlyReadings(at: t, hours: 168)
            let now = marks[0]
            func ret(hours: Int) -> Double {
                guard let now, let then = marks[hours] else { return .nan }
                return now.price / then.price - 1
            }
            columns.set("ret_1h", position, ret(hours: 1))
            columns.set("ret_6h", position, ret(hours: 6))
            columns.set("ret_24h", position, ret(hours: 24))
            columns.set("ret_7d", position, ret(hours: 168))
            columns.set("ret_3h", position, ret(hours: 3))
            columns.set("ret_12h", position, ret(hours: 12))
            columns.set("volatility_24h", position, hourlyVolatility(marks, hours: 24))
            columns.set("volatility_7d", position, hourlyVolatility(marks, hours: 168))
            columns.set("max_drawdown_24h", position, maxDrawdown(marks, hours: 24))
            if let now {
                let liquidity = 2 * now.quoteReserve * usd
                columns.set("liquidity_usd", position, liquidity)
                if let then = marks[24], then.quoteReserve > 0 {
                    columns.set("liquidity_change_24h", position, now.quoteReserve / then.quoteReserve - 1)
                }
            }

            let scale = usd / pow10(member.quoteDecimals)
            let dayStart = t - .hours(24), hourStart = t - .hours(1)
            var volume24 = 0.0, volume7 = 0.0, volume1 = 0.0, buys = 0, sells = 0, trades = 0
            var traders = Set<PackedAddress>()
            for swap in section.swaps[position] {
                let flow = quoteFlow(swap, member: member)
                let volume = (flow.quoteIn + flow.quoteOut) * scale
                volume7 += volume
                guard swap.eventTime > dayStart else { continue }
                volume24 += volume
                if swap.eventTime > hourStart { volume1 += volume }
                trades += 1
                if flow.quoteIn > 0 { buys += 1 } else if flow.tokenIn > 0 { sells += 1 }
                traders.insert(swap.recipient)
            }
            columns.set("volume_usd_24h", position, volume24)
            columns.set("volume_usd_1h", position, volume1)
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

    /// The same from a window read's swap, whose amounts are already Doubles.
    static func quoteFlow(_ swap: SwapFlow, member: UniverseMember) -> (quoteIn: Double, quoteOut: Double, tokenIn: Double, tokenOut: Double) {
        let a0In = swap.amount0In, a1In = swap.amount1In
        let a0Out = swap.amount0Out, a1Out = swap.amount1Out
        return member.isToken0 ? (a1In, a1Out, a0In, a0Out) : (a0In, a0Out, a1In, a1Out)
    }

    /// Sample standard deviation of the `hours` hourly log returns ending at `t`; NaN when a price is missing.
    static func hourlyVolatility(_ path: PricePath, at t: Timestamp, hours: Int) -> Double {
        hourlyVolatility(path.hourlyReadings(at: t, hours: hours), hours: hours)
    }

    /// The same over hourly readings (element k at t - k hours, at least `hours + 1` of them).
    static func hourlyVolatility(_ marks: [PoolReading?], hours: Int) -> Double {
        var returns: [Double] = []
        returns.reserveCapacity(hours)
        for k in 0..<hours {
            guard let later = marks[k], let earlier = marks[k + 1], later.price > 0, earlier.price > 0 else { return .nan }
            returns.append(Foundation.log(later.price / earlier.price))
        }
        guard returns.count >= 2 else { return .nan }
        let mean = returns.reduce(0, +) / Double(returns.count)
        let variance = returns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(returns.count - 1)
        return variance.squareRoot()
    }

    /// The largest fall from a running peak over the `hours + 1` hourly prices ending at `t` (oldest
    /// first): max of 1 - price / peak so far, 0 when the price never fell; NaN when a price is missing.
    static func maxDrawdown(_ path: PricePath, at t: Timestamp, hours: Int) -> Double {
        maxDrawdown(path.hourlyReadings(at: t, hours: hours), hours: hours)
    }

    /// The same over hourly readings (element k at t - k hours).
    static func maxDrawdown(_ marks: [PoolReading?], hours: Int) -> Double {
        var peak = 0.0, drawdown = 0.0
        for k in stride(from: hours, through: 0, by: -1) {
            guard let reading = marks[k], reading.price > 0 else { return .nan }
            peak = max(peak, reading.price)
            drawdown = max(drawdown, 1 - reading.price / peak)
        }
        return drawdown
    }
}
