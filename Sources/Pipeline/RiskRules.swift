/// Thresholds that raise risk flags on a scored token, from its raw features at the score's time.
///
/// A high alpha score says nothing about whether a position can be exited; these flags do: a pool
/// whose liquidity is being pulled, LP tokens one address can withdraw, a pool too young to judge,
/// supply held by a few wallets, a pool too thin to trade.
public struct RiskRules: Sendable, Equatable {
    /// `liquidity_drop_7d` at or above this fraction of the 7-day high.
    public var liquidityDrop: Double = 0.5
    /// `lp_concentration` (largest LP holder's share) at or above this.
    public var lpConcentration: Double = 0.9
    /// `pool_age_hours` below this.
    public var youngPoolHours: Double = 48
    /// `top10_share` at or above this.
    public var holderConcentration: Double = 0.8
    /// `liquidity_usd` below this.
    public var thinLiquidityUSD: Double = 10_000

    public init() {}

    /// The flags raised by one token's raw features (feature name -> value; NaN or absent = unknown).
    public func flags(_ features: [String: Double]) -> [String] {
        func value(_ name: String) -> Double? { features[name].flatMap { $0.isNaN ? nil : $0 } }
        var flags: [String] = []
        if let drop = value("liquidity_drop_7d"), drop >= liquidityDrop {
            flags.append("liquidity drop \(Int((drop * 100).rounded()))% from 7d high")
        }
        if let share = value("lp_concentration"), share >= lpConcentration {
            flags.append("LP concentration \(Int((share * 100).rounded()))% in one holder")
        }
        if let age = value("pool_age_hours"), age < youngPoolHours {
            flags.append("young pool (\(Int(age.rounded(.down)))h)")
        }
        if let share = value("top10_share"), share >= holderConcentration {
            flags.append("top 10 holders own \(Int((share * 100).rounded()))%")
        }
        if let liquidity = value("liquidity_usd"), liquidity < thinLiquidityUSD {
            flags.append("thin liquidity ($\(Int(liquidity.rounded())))")
        }
        return flags
    }
}
