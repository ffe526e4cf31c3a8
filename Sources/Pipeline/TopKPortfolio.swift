import RadarCore

/// One rebalance of the top-k long book: what was held, what it earned over the next horizon, and
/// what trading into it cost.
public struct PortfolioPeriod: Sendable, Equatable {
    public var time: Timestamp
    public var holdings: [TokenID]
    /// Equal-weight mean forward return of the holdings (from t + lag over the horizon).
    public var grossReturn: Double
    /// Fees plus slippage of this rebalance, as a fraction of the book.
    public var cost: Double
    public var netReturn: Double
    /// The universe benchmark's return (the cross-sectional median forward return, as alpha uses).
    public var benchmarkReturn: Double
    /// `netReturn - benchmarkReturn`.
    public var excessReturn: Double
    public var turnover: Double
    /// Equity after this period (starting at 1), and the benchmark's.
    public var equity: Double
    public var benchmarkEquity: Double
}

/// One timestamp's cross-section as the portfolio sees it.
public struct PortfolioCrossSection: Sendable {
    public var time: Timestamp
    public var tokens: [TokenID]
    public var scores: [Double]
    public var forwardReturn: [Double]
    /// Pool liquidity in USD at the time (NaN where unknown), for slippage.
    public var liquidityUSD: [Double]

    public init(time: Timestamp, tokens: [TokenID], scores: [Double], forwardReturn: [Double], liquidityUSD: [Double]) {
        self.time = time
        self.tokens = tokens
        self.scores = scores
        self.forwardReturn = forwardReturn
        self.liquidityUSD = liquidityUSD
    }
}

/// The top-k long portfolio: at each rebalance, hold the k best-scored tokens whose forward return is
/// known, equal weight, for one horizon.
///
/// Rebalances are spaced by the horizon (by default), so each period's return is one non-overlapping
/// forward window and no return is counted twice. Trading into the new book costs, per token, the
/// weight change x (fee + trade size / pool liquidity). Weights are reset to 1/k at each rebalance
/// (drift within a period is not tracked); the last book is marked at its forward return without an
/// exit cost.
public struct TopKPortfolio: Sendable {
    public var topK: Int
    public var feeBps: Double
    public var capitalUSD: Double

    public init(topK: Int = 10, feeBps: Double = 30, capitalUSD: Double = 10_000) {
        self.topK = topK
        self.feeBps = feeBps
        self.capitalUSD = capitalUSD
    }

    /// Runs the book over `rebalances` (ascending, already spaced by the rebalance interval).
    public func run(_ rebalances: [PortfolioCrossSection]) -> [PortfolioPeriod] {
        var periods: [PortfolioPeriod] = []
        var book: [TokenID: Double] = [:]
        var equity = 1.0, benchmarkEquity = 1.0
        for section in rebalances {
            let candidates = section.tokens.indices.filter { !section.scores[$0].isNaN && !section.forwardReturn[$0].isNaN }
            let known = section.forwardReturn.filter { !$0.isNaN }
            guard !candidates.isEmpty else { continue }
            let chosen = candidates.sorted {
                section.scores[$0] > section.scores[$1] || (section.scores[$0] == section.scores[$1] && section.tokens[$0] < section.tokens[$1])
            }.prefix(topK)
            let weight = 1 / Double(chosen.count)
            var next: [TokenID: Double] = [:]
            for index in chosen { next[section.tokens[index]] = weight }
            var liquidity: [TokenID: Double] = [:]
            for (index, token) in section.tokens.enumerated() { liquidity[token] = section.liquidityUSD[index] }
            var cost = 0.0
            for token in Set(book.keys).union(next.keys).sorted() { // in token order: the same sum on every run
                cost += FactorMetrics.tradeCost(weightChange: (next[token] ?? 0) - (book[token] ?? 0), capitalUSD: capitalUSD,
                                                liquidityUSD: liquidity[token] ?? .nan, feeBps: feeBps)
            }
            let turnover = FactorMetrics.turnover(from: book, to: next)
            let gross = chosen.reduce(0) { $0 + section.forwardReturn[$1] } * weight
            let benchmark = Self.median(known)
            let net = gross - cost
            equity *= 1 + net
            benchmarkEquity *= 1 + benchmark
            periods.append(PortfolioPeriod(time: section.time, holdings: chosen.map { section.tokens[$0] }, grossReturn: gross,
                                           cost: cost, netReturn: net, benchmarkReturn: benchmark, excessReturn: net - benchmark,
                                           turnover: turnover, equity: equity, benchmarkEquity: benchmarkEquity))
            book = next
        }
        return periods
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
