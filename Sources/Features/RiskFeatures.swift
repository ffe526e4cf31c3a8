import FeatureStore
import RadarCore

/// Risk features: how concentrated the pool's LP tokens are (who can pull the liquidity), how far
/// liquidity has fallen from its 7-day high, and (from `radar@2`) signs that a token cannot be sold.
///
/// Failed sells (a honeypot's reverted transactions) are not in the store: it keeps logs, and a
/// reverted transaction emits none. What a honeypot does leave is a one-sided market, so the sell
/// features measure that instead and are named for what they measure: buys with no sells in the last
/// day, and how far the sell share of the last day fell below the week's.
enum RiskFeatures {
    static let names = ["lp_concentration", "liquidity_drop_7d", "buys_without_sells_24h", "sell_share_drop_7d"]

    /// Where tokens are sent to be burnt (`0x…dEaD`): a holder nobody controls.
    static let burnAddress = PackedAddress(try! EVMAddress("0x000000000000000000000000000000000000dEaD"))

    static func compute(_ section: CrossSection) -> Columns {
        let members = section.universe.members
        var columns = Columns(count: members.count)
        columns.declare(names)
        let t = section.asOf
        let zero = PackedAddress(.zero)
        for (position, member) in members.enumerated() {
            let lp = section.ledger.balances(of: ContractKey(chain: member.pool.chain, address: PackedAddress(member.pool.address)))
            // LP tokens burnt to 0x…dEaD count in the supply but belong to nobody who could pull them.
            var total: Int128 = 0, largest: Int128 = 0
            for (address, balance) in lp where address != zero && balance > 0 {
                total &+= balance
                if address != Self.burnAddress { largest = max(largest, balance) }
            }
            if total > 0 { columns.set("lp_concentration", position, Double(nearest: largest) / Double(nearest: total)) }

            let (buys, sells, buys24, sells24) = sides(section.swaps[position], member: member, dayStart: t - .hours(24))
            if buys24 + sells24 > 0 { columns.set("buys_without_sells_24h", position, buys24 > 0 && sells24 == 0 ? 1 : 0) }
            if buys + sells > 0 && buys24 + sells24 > 0 {
                columns.set("sell_share_drop_7d", position, Double(sells) / Double(buys + sells) - Double(sells24) / Double(buys24 + sells24))
            }

            let path = section.prices[position]
            let marks = path.hourlyReadings(at: t, hours: 168)
            guard let now = marks[0] else { continue }
            var high = now.quoteReserve
            for hour in 1...168 {
                if let reading = marks[hour] { high = max(high, reading.quoteReserve) }
            }
            // Updates between the hourly marks count too: a spike and pull within an hour is a drop.
            for point in path.points where point.time > t - .days(7) { high = max(high, point.reading.quoteReserve) }
            if high > 0 { columns.set("liquidity_drop_7d", position, 1 - now.quoteReserve / high) }
        }
        return columns
    }

    /// Buys and sells (as `MarketFeatures` counts them: quote in is a buy, token in a sell) over the
    /// week's swaps and over those after `dayStart`.
    static func sides(_ swaps: [SwapFlow], member: UniverseMember, dayStart: Timestamp) -> (Int, Int, Int, Int) {
        var buys = 0, sells = 0, buys24 = 0, sells24 = 0
        for swap in swaps {
            let flow = MarketFeatures.quoteFlow(swap, member: member)
            let recent = swap.eventTime > dayStart
            if flow.quoteIn > 0 {
                buys += 1
                if recent { buys24 += 1 }
            } else if flow.tokenIn > 0 {
                sells += 1
                if recent { sells24 += 1 }
            }
        }
        return (buys, sells, buys24, sells24)
    }
}
