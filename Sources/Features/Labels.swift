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
///
/// The forward window's swaps and reserve updates are carried from one label timestamp to the next in
/// a `PoolTape` whose window is the horizon, the way `FeatureBuilder` carries its 7-day window: over
/// ascending timestamps each label reads only the rows that became visible since the previous window
/// end, and lands on exactly what a fresh read of the window would give (any order works; stepping
/// back starts the tape over).
public struct LabelBuilder: Sendable {
    public let store: FeatureStore
    public let config: LabelConfig
    public let featureConfig: FeatureConfig
    /// Swaps and reserve updates in the last forward window labelled, with each pool's entry reading.
    private var tape: PoolTape

    public init(store: FeatureStore, config: LabelConfig = LabelConfig(), featureConfig: FeatureConfig = FeatureConfig()) {
        self.store = store
        self.config = config
        self.featureConfig = featureConfig
        self.tape = PoolTape(window: config.horizon.length)
    }

    /// Labels for the universe at `asOf`. `dataEnd` is the last instant the store is complete to:
    /// a window ending after it gets no label (default: no limit). `universe`, when given, must be the
    /// universe as of `asOf` (a feature build has it already); otherwise it is read.
    public mutating func labels(asOf: Timestamp, dataEnd: Timestamp? = nil, universe: Universe? = nil) throws(FeatureError) -> LabelRows {
        precondition(universe.map { $0.asOf == asOf } ?? true, "the universe must be the one as of the label's timestamp")
        let window = config.horizon.window(after: asOf)
        do {
            // The universe is point-in-time: tokens whose pool exists at t.
            let members: [UniverseMember]
            if let universe { members = universe.members } else { members = try Universe(reader: store.asOf(asOf), config: featureConfig).members }
            var forward = [Double](repeating: .nan, count: members.count)
            var outcome = [LabelOutcome](repeating: .unknown, count: members.count)
            if dataEnd.map({ window.upperBound <= $0 }) ?? true {
                // LOOK-AHEAD: the reader below sees up to the forward window's end, past t. Labels only.
                let future = store.asOf(window.upperBound)
                try tape.advance(to: future)
                let keys = members.map { ContractKey(chain: $0.pool.chain, address: PackedAddress($0.pool.address)) }
                try tape.resolveOpenings(of: Dictionary(zip(keys, members.map(\.pool.address)), uniquingKeysWith: { first, _ in first }),
                                         reader: future)
                for (position, member) in members.enumerated() {
                    let key = keys[position]
                    var buys = 0, sells = 0
                    for swap in tape.swaps[key] ?? [] {
                        let flow = MarketFeatures.quoteFlow(swap, member: member)
                        if flow.quoteIn > 0 { buys += 1 } else if flow.tokenIn > 0 { sells += 1 }
                    }
                    // Entry: the last reading at or before the window's start; exit: the last one in it.
                    let entry = tape.openings[key].map { PoolReading($0, member: member) }
                    let exit = (tape.reserves[key]?.last ?? tape.openings[key]).map { PoolReading($0, member: member) }
                    if let entry, let exit, entry.price > 0, exit.price > 0,
                       exit.quoteReserve >= config.deadLiquidityFraction * entry.quoteReserve {
                        if buys >= config.unsellableMinBuys && sells == 0 {
                            outcome[position] = .unsellable
                        } else if config.silentIsDead && buys + sells == 0 {
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
