import FeatureStore
import RadarCore

/// How labels are defined: horizon and lag, the benchmark, the top quantile, and when a token counts
/// as dead.
public struct LabelConfig: Hashable, Sendable {
    /// Forward window and execution lag (default 7 days from t + 1h).
    public var horizon: Horizon
    /// Label = 1 in this top fraction of the timestamp's alpha cross-section (default 0.2).
    public var topQuantile: Double
    /// Forward return of a dead, rugged, unsellable or silent token (default -1 = -100%).
    public var deadReturn: Double
    /// Dead when the pool's quote reserve at the window's end is below this fraction of its entry
    /// reserve (liquidity pulled), or the pool has no reserves at the end.
    public var deadLiquidityFraction: Double
    /// Unsellable when the window has at least this many buys and not one sell (a honeypot's sells revert).
    public var unsellableMinBuys: Int
    /// Whether a token with no swap in the whole window counts as dead (silent).
    public var silentIsDead: Bool

    public init(horizon: Horizon = .week, topQuantile: Double = 0.2, deadReturn: Double = -1, deadLiquidityFraction: Double = 0.1,
                unsellableMinBuys: Int = 3, silentIsDead: Bool = true) {
        self.horizon = horizon
        self.topQuantile = topQuantile
        self.deadReturn = deadReturn
        self.deadLiquidityFraction = deadLiquidityFraction
        self.unsellableMinBuys = unsellableMinBuys
        self.silentIsDead = silentIsDead
    }
}

/// Why a token's forward return is what it is.
public enum LabelOutcome: String, Sendable, Codable {
    /// Priced at both ends: the pool's return.
    case priced
    /// Liquidity pulled (quote reserve below the dead fraction) or the pool emptied.
    case dead
    /// Bought but never sold in the window.
    case unsellable
    /// No trade in the whole window.
    case silent
    /// The window reaches past the data the store holds: no label.
    case unknown
}

/// Labels for one timestamp's universe: forward return, alpha and top-quantile flag per token.
public struct LabelRows: Sendable {
    public var asOf: Timestamp
    public var tokens: [TokenID]
    /// Forward return from t + lag to t + lag + H (quote-denominated); NaN where unknown.
    public var forwardReturn: [Double]
    /// Forward return minus the cross-sectional median of the known forward returns; NaN where unknown.
    public var alpha: [Double]
    /// 1 in the top quantile of alpha, 0 below it, nil where unknown.
    public var label: [Int?]
    public var outcome: [LabelOutcome]
}

/// Forward-return labels.
///
/// LOOK-AHEAD BY DESIGN: labels are the one thing in this module that reads the store past t. They
/// read as of `t + lag + H` (the window's end), never further, and nothing here feeds back into
/// feature rows. The universe itself is taken as of t, so tokens that die later stay in it.
public struct LabelBuilder: Sendable {
    public let store: FeatureStore
    public let config: LabelConfig
    public let featureConfig: FeatureConfig

    public init(store: FeatureStore, config: LabelConfig = LabelConfig(), featureConfig: FeatureConfig = FeatureConfig()) {
        self.store = store
        self.config = config
        self.featureConfig = featureConfig
    }

    /// Labels for the universe at `asOf`. `dataEnd` is the last instant the store is complete to:
    /// a window ending after it gets no label (default: no limit).
    public func labels(asOf: Timestamp, dataEnd: Timestamp? = nil) throws(FeatureError) -> LabelRows {
        let window = config.horizon.window(after: asOf)
        do {
            // The universe is point-in-time: tokens whose pool exists at t.
            let universe = try Universe(reader: store.asOf(asOf), config: featureConfig)
            let members = universe.members
            var forward = [Double](repeating: .nan, count: members.count)
            var outcome = [LabelOutcome](repeating: .unknown, count: members.count)
            if dataEnd.map({ window.upperBound <= $0 }) ?? true {
                // LOOK-AHEAD: the reader below sees up to the forward window's end, past t. Labels only.
                let future = store.asOf(window.upperBound)
                var swaps: [TokenID: (buys: Int, sells: Int)] = [:]
                var owner: [TokenID: UniverseMember] = [:]
                for member in members { owner[TokenID(chain: member.pool.chain, address: member.pool.address)] = member }
                for swap in try future.swaps(since: window.lowerBound) {
                    let poolKey = TokenID(chain: swap.position.chain, address: swap.pool)
                    guard let member = owner[poolKey] else { continue }
                    let flow = MarketFeatures.quoteFlow(swap, member: member)
                    if flow.quoteIn > 0 { swaps[member.token, default: (0, 0)].buys += 1 }
                    else if flow.tokenIn > 0 { swaps[member.token, default: (0, 0)].sells += 1 }
                }
                for chain in Set(members.map(\.token.chain)) {
                    let onChain = members.indices.filter { members[$0].token.chain == chain }
                    let histories = try future.reserveHistories(chain: chain, pools: onChain.map { members[$0].pool.address },
                                                                since: window.lowerBound)
                    for position in onChain {
                        let member = members[position]
                        let history = histories[member.pool.address]
                        let entry = history?.opening.map { PoolReading($0, member: member) }
                        let exit = (history?.window.last ?? history?.opening).map { PoolReading($0, member: member) }
                        let trades = swaps[member.token] ?? (0, 0)
                        if let entry, let exit, entry.price > 0, exit.price > 0,
                           exit.quoteReserve >= config.deadLiquidityFraction * entry.quoteReserve {
                            if trades.buys >= config.unsellableMinBuys && trades.sells == 0 {
                                outcome[position] = .unsellable
                            } else if config.silentIsDead && trades.buys + trades.sells == 0 {
                                outcome[position] = .silent
                            } else {
                                outcome[position] = .priced
                                forward[position] = exit.price / entry.price - 1
                            }
                        } else {
                            outcome[position] = .dead
                        }
                        if outcome[position] != .priced { forward[position] = config.deadReturn }
                    }
                }
            }
            return Self.rank(asOf: asOf, tokens: members.map(\.token), forward: forward, outcome: outcome,
                             topQuantile: config.topQuantile)
        } catch {
            throw .store(asOf: asOf, error)
        }
    }

    /// Alpha against the cross-sectional median and the top-quantile flag.
    static func rank(asOf: Timestamp, tokens: [TokenID], forward: [Double], outcome: [LabelOutcome], topQuantile: Double) -> LabelRows {
        let known = forward.filter { !$0.isNaN }
        let benchmark = median(known) ?? .nan
        let alpha = forward.map { $0 - benchmark }
        let sorted = alpha.filter { !$0.isNaN }.sorted(by: >)
        let top = sorted.isEmpty ? 0 : max(1, Int((topQuantile * Double(sorted.count)).rounded(.up)))
        let threshold = top > 0 ? sorted[top - 1] : .infinity
        let label: [Int?] = alpha.map { $0.isNaN ? nil : ($0 >= threshold ? 1 : 0) }
        return LabelRows(asOf: asOf, tokens: tokens, forwardReturn: forward, alpha: alpha, label: label, outcome: outcome)
    }
}
