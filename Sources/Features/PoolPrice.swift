import FeatureStore
import RadarCore

/// Prices and liquidity read from a V2 pool's reserves, in whole units (decimals applied).
struct PoolReading: Sendable {
    /// Quote tokens per token; NaN when either reserve is zero.
    var price: Double
    /// The quote side of the pool, in whole quote tokens.
    var quoteReserve: Double

    init(price: Double, quoteReserve: Double) {
        self.price = price
        self.quoteReserve = quoteReserve
    }

    init(_ update: ReserveUpdate, member: UniverseMember) {
        self.init(raw0: update.reserve0.approximateValue, raw1: update.reserve1.approximateValue, member: member)
    }

    init(_ update: ReservePoint, member: UniverseMember) {
        self.init(raw0: update.reserve0, raw1: update.reserve1, member: member)
    }

    init(raw0: Double, raw1: Double, member: UniverseMember) {
        let (tokenRaw, quoteRaw) = member.isToken0 ? (raw0, raw1) : (raw1, raw0)
        let tokenUnits = tokenRaw / pow10(member.decimals)
        quoteReserve = quoteRaw / pow10(member.quoteDecimals)
        price = tokenUnits > 0 && quoteReserve > 0 ? quoteReserve / tokenUnits : .nan
    }
}

/// 10^n as a Double, for decimals.
func pow10(_ n: Int) -> Double {
    var result = 1.0
    for _ in 0..<max(0, n) { result *= 10 }
    return result
}

/// A pool's price path over a window, answering "the price at time s" as the last update at or
/// before s.
struct PricePath: Sendable {
    /// (event time, reading) in chain order; the opening reading first, when there is one.
    var points: [(time: Timestamp, reading: PoolReading)]

    /// The last reading at or before `time`, nil before the first.
    func reading(at time: Timestamp) -> PoolReading? {
        // Binary search for the last point with time <= `time`.
        var low = 0, high = points.count
        while low < high {
            let mid = (low + high) / 2
            if points[mid].time <= time { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : points[low - 1].reading
    }

    /// The readings at `t`, `t - 1h`, ..., `t - hours` (element k is `reading(at: t - k hours)`), found
    /// by one backward walk instead of a search per hour.
    func hourlyReadings(at t: Timestamp, hours: Int) -> [PoolReading?] {
        var result = [PoolReading?](repeating: nil, count: hours + 1)
        var end = points.count
        for k in 0...hours {
            let mark = t - .hours(Int64(k))
            while end > 0 && points[end - 1].time > mark { end -= 1 }
            if end == 0 { break }
            result[k] = points[end - 1].reading
        }
        return result
    }
}
