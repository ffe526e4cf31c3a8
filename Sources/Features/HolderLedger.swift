import FeatureStore
import RadarCore

/// Every token's balances as of a timestamp, summed exactly from the ERC-20 transfers visible then.
///
/// Balances are `Int128` (enough for any supply below 1.7e38 raw units; a transfer amount past that
/// saturates, which no real token reaches in practice); they go negative only when the store is
/// missing a transfer. Summing is order-free, so stepping forward adds just the transfers that became
/// visible between the two timestamps, late arrivals included, and lands on the same balances as a
/// fresh read would.
public struct HolderLedger: Sendable {
    /// The timestamp the balances are as of.
    public private(set) var asOf: Timestamp
    /// Balance per token contract (chain, address) and holder.
    private(set) var balances: [TokenID: [EVMAddress: Int128]] = [:]

    /// An empty ledger, before any transfer.
    public init() { asOf = Timestamp(seconds: -(1 << 62)) }

    /// Steps to the reader's timestamp, adding the transfers that became visible since `asOf`.
    /// Stepping back rebuilds from empty, since balances cannot be un-summed without the rows.
    public mutating func advance(to reader: PointInTimeReader) throws(StoreError) {
        if reader.asOf < asOf { self = HolderLedger() }
        guard reader.asOf > asOf else { return }
        apply(try reader.transfersBecomingVisible(after: asOf))
        asOf = reader.asOf
    }

    /// Adds transfers to the balances (mint from and burn to the zero address move supply as well).
    mutating func apply(_ transfers: [Transfer]) {
        for transfer in transfers {
            let amount = Self.value(transfer.amount)
            let token = TokenID(chain: transfer.position.chain, address: transfer.token)
            balances[token, default: [:]][transfer.from, default: 0] &-= amount
            balances[token, default: [:]][transfer.to, default: 0] &+= amount
        }
    }

    /// Balances of one token contract (empty when it never moved).
    public func balances(of token: TokenID) -> [EVMAddress: Int128] { balances[token] ?? [:] }

    /// A decimal amount as Int128, saturating past its range.
    static func value(_ amount: DecimalAmount) -> Int128 {
        if let value = Int128(amount.digits) { return value }
        return amount.isNegative ? .min : .max
    }
}
