import RadarCore

/// Risk features: how concentrated the pool's LP tokens are (who can pull the liquidity) and how far
/// liquidity has fallen from its 7-day high.
///
/// Failed sells (a honeypot's reverted transactions) are not in the store (it keeps logs, and a
/// reverted transaction emits none), so this version has no failed-sell feature.
enum RiskFeatures {
    static let names = ["lp_concentration", "liquidity_drop_7d"]

    static func compute(_ section: CrossSection) -> Columns {
        let members = section.universe.members
        var columns = Columns(count: members.count)
        columns.declare(names)
        let t = section.asOf
        for (position, member) in members.enumerated() {
            let lp = section.ledger.balances(of: TokenID(chain: member.pool.chain, address: member.pool.address))
            var total: Int128 = 0, largest: Int128 = 0
            for (address, balance) in lp where address != .zero && balance > 0 {
                total &+= balance
                largest = max(largest, balance)
            }
            if total > 0 { columns.set("lp_concentration", position, Double(largest) / Double(total)) }

            let path = section.prices[position]
            guard let now = path.reading(at: t) else { continue }
            var high = now.quoteReserve
            for hour in 1...168 {
                if let reading = path.reading(at: t - .hours(Int64(hour))) { high = max(high, reading.quoteReserve) }
            }
            // Updates between the hourly marks count too: a spike and pull within an hour is a drop.
            for point in path.points where point.time > t - .days(7) { high = max(high, point.reading.quoteReserve) }
            if high > 0 { columns.set("liquidity_drop_7d", position, 1 - now.quoteReserve / high) }
        }
        return columns
    }
}
