import FeatureStore
import RadarCore

/// Holder features from the ledger's exact balances at t and the transfers of the last 24 hours.
///
/// Holders are addresses with a positive balance other than the zero address, the burn address
/// (`0x…dEaD`), the token contract and the token's pools. Balances 24h earlier are today's minus the
/// 24h transfers' net flows (the past as known at t, which uses nothing after t).
enum HolderFeatures {
    static let names = ["holder_count", "holder_growth_24h", "new_holders_24h", "top10_share", "holder_hhi", "whale_net_flow_24h",
                        "top1_share"]

    static func compute(_ section: CrossSection) -> Columns {
        var columns = Columns(count: section.universe.members.count)
        columns.declare(names)
        for (position, member) in section.universe.members.enumerated() {
            // The ledger's dictionary is read in place (no copy per token); excluded addresses are skipped.
            let balances = section.ledger.balances(of: ContractKey(member.token))
            let zero = PackedAddress(.zero), token = PackedAddress(member.token.address), pool = PackedAddress(member.pool.address)
            func excluded(_ address: PackedAddress) -> Bool {
                address == zero || address == token || address == pool || address == RiskFeatures.burnAddress
            }
            var delta: [PackedAddress: Int128] = [:]
            for transfer in section.transfers24h[position] {
                let amount = transfer.amount
                delta[transfer.from, default: 0] &-= amount
                delta[transfer.to, default: 0] &+= amount
            }
            // Sums stay in Int128 so that they do not depend on dictionary order (bit-identical rows).
            // Balances 24h ago equal today's except at the addresses the day's transfers touched: one pass
            // counts every holder as if unchanged, then the touched addresses are corrected.
            var count = 0, countBefore = 0, newHolders = 0
            var supplyRaw: Int128 = 0, supplyBeforeRaw: Int128 = 0
            var held: [Double] = []
            held.reserveCapacity(balances.count)
            for (address, balance) in balances where balance > 0 && !excluded(address) {
                count += 1
                supplyRaw &+= balance
                held.append(Double(nearest: balance))
            }
            countBefore = count
            supplyBeforeRaw = supplyRaw
            for (address, change) in delta where !excluded(address) {
                let balance = balances[address] ?? 0
                let before = balance &- change
                if balance > 0 { countBefore -= 1; supplyBeforeRaw &-= balance }
                if before > 0 { countBefore += 1; supplyBeforeRaw &+= before }
                if balance > 0 && before <= 0 { newHolders += 1 }
            }
            let supply = Double(nearest: supplyRaw), supplyBefore = Double(nearest: supplyBeforeRaw)
            columns.set("holder_count", position, Double(count))
            columns.set("holder_growth_24h", position, Double(count) / Double(max(countBefore, 1)) - 1)
            columns.set("new_holders_24h", position, Double(newHolders))
            guard supply > 0 else { continue }
            held.sort(by: >)
            columns.set("top10_share", position, held.prefix(10).reduce(0, +) / supply)
            columns.set("top1_share", position, held[0] / supply)
            columns.set("holder_hhi", position, held.reduce(0) { $0 + ($1 / supply) * ($1 / supply) })
            let whaleLine = section.config.whaleShare * supply
            let whaleLineBefore = section.config.whaleShare * supplyBefore
            var whaleFlow: Int128 = 0
            for (address, change) in delta where !excluded(address) {
                let now = balances[address] ?? 0
                let before = now &- change
                if Double(nearest: now) >= whaleLine || (supplyBefore > 0 && Double(nearest: before) >= whaleLineBefore) { whaleFlow &+= change }
            }
            columns.set("whale_net_flow_24h", position, Double(nearest: whaleFlow) / supply)
        }
        return columns
    }
}
