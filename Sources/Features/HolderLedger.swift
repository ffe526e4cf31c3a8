import FeatureStore
import RadarCore

/// Every token's balances as of a timestamp, summed exactly from the ERC-20 transfers visible then,
/// and the transfers of the last 24 hours (what the 24h holder features subtract).
///
/// Balances are `Int128` (enough for any supply below 1.7e38 raw units; a transfer amount past that
/// saturates, which no real token reaches in practice); they go negative only when the store is
/// missing a transfer. Summing is order-free, so stepping forward adds just the transfers that became
/// visible between the two timestamps, late arrivals included, and lands on the same balances as a
/// fresh read would. Addresses are packed (`PackedAddress`): the ledger holds millions of entries.
public struct HolderLedger: Sendable {
    /// The timestamp the balances are as of.
    public internal(set) var asOf: Timestamp
    /// Balance per token contract (chain, address) and holder.
    var balances: [ContractKey: [PackedAddress: Int128]] = [:]
    /// Per token: the visible transfers with `asOf - recentWindow < event_time <= asOf`, in no order.
    var recent: [ContractKey: [TransferFlow]] = [:]
    /// How far back `recent` reaches.
    static let recentWindow = RadarDuration.hours(24)

    /// An empty ledger, before any transfer.
    public init() { asOf = Timestamp(seconds: -(1 << 62)) }

    /// Steps to the reader's timestamp, adding the transfers that became visible since `asOf`.
    /// Stepping back rebuilds from empty, since balances cannot be un-summed without the rows.
    public mutating func advance(to reader: PointInTimeReader) throws(StoreError) {
        if reader.asOf < asOf { self = HolderLedger() }
        guard reader.asOf > asOf else { return }
        let flows = try reader.transferFlowsBecomingVisible(after: asOf)
        apply(flows)
        asOf = reader.asOf
        let since = asOf - Self.recentWindow
        for key in Array(recent.keys) {
            recent[key]!.removeAll { $0.eventTime <= since }
            if recent[key]!.isEmpty { recent[key] = nil }
        }
        for flow in flows where flow.eventTime > since { recent[flow.token, default: []].append(flow) }
    }

    /// Adds transfers to the balances (mint from and burn to the zero address move supply as well).
    mutating func apply(_ transfers: [TransferFlow]) {
        for transfer in transfers {
            balances[transfer.token, default: [:]][transfer.from, default: 0] &-= transfer.amount
            balances[transfer.token, default: [:]][transfer.to, default: 0] &+= transfer.amount
        }
    }

    /// Balances of one token contract (empty when it never moved).
    public func balances(of token: TokenID) -> [EVMAddress: Int128] {
        var result: [EVMAddress: Int128] = [:]
        for (holder, balance) in balances(of: ContractKey(token)) { result[holder.address] = balance }
        return result
    }

    /// Balances of one token contract by packed holder address.
    func balances(of token: ContractKey) -> [PackedAddress: Int128] { balances[token] ?? [:] }

    /// The token's transfers in the last 24 hours.
    func recentTransfers(of token: ContractKey) -> [TransferFlow] { recent[token] ?? [] }

    /// A decimal amount as Int128, saturating past its range.
    static func value(_ amount: DecimalAmount) -> Int128 {
        if let value = Int128(amount.digits) { return value }
        return amount.isNegative ? .min : .max
    }
}
