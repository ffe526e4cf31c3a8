import Scoring

/// The evaluation arithmetic of a factor (a score per token and timestamp) against realised alpha,
/// kept apart from the backtest loop so each figure can be checked by hand.
///
/// Conventions (the report and README repeat them):
/// - IC is Pearson, rank IC Spearman (average ranks for ties), over the tokens of one timestamp with
///   both a score and a realised alpha; a timestamp with fewer than `minimumCrossSection` such tokens,
///   or a constant side, has no IC.
/// - ICIR is mean / sample standard deviation (n - 1) of the per-timestamp rank ICs, not annualised.
/// - Hit rate is the share of timestamps with a defined rank IC whose rank IC is above 0.
/// - Quantiles follow pandas' `qcut` as alphalens uses it: edges at numpy's linear-interpolation
///   quantiles of the timestamp's scores, bins closed on the right, the first also on the left.
/// - Max drawdown is the largest fall of an equity curve from its running peak, as a positive fraction.
/// - Turnover of a rebalance is half the sum of absolute weight changes (1 = the whole book replaced).
public enum FactorMetrics {
    /// Mean of the finite values; NaN when there are none.
    public static func mean(_ values: [Double]) -> Double {
        let finite = values.filter(\.isFinite)
        return finite.isEmpty ? .nan : finite.reduce(0, +) / Double(finite.count)
    }

    /// Sample standard deviation (n - 1) of the finite values; NaN below two values.
    public static func sampleStandardDeviation(_ values: [Double]) -> Double {
        let finite = values.filter(\.isFinite)
        guard finite.count >= 2 else { return .nan }
        let average = finite.reduce(0, +) / Double(finite.count)
        let squares = finite.reduce(0) { $0 + ($1 - average) * ($1 - average) }
        return (squares / Double(finite.count - 1)).squareRoot()
    }

    /// Pairs where both sides are present (not NaN).
    static func present(_ scores: [Double], _ alpha: [Double]) -> (x: [Double], y: [Double]) {
        var x: [Double] = [], y: [Double] = []
        for (score, value) in zip(scores, alpha) where !score.isNaN && !value.isNaN {
            x.append(score)
            y.append(value)
        }
        return (x, y)
    }

    /// Pearson IC of one timestamp's scores against alpha (NaN pairs dropped).
    public static func ic(scores: [Double], alpha: [Double], minimumCrossSection: Int = 3) -> Double {
        let pairs = present(scores, alpha)
        guard pairs.x.count >= max(2, minimumCrossSection) else { return .nan }
        return (try? Metrics.pearson(pairs.x, pairs.y)) ?? .nan
    }

    /// Spearman rank IC of one timestamp's scores against alpha (NaN pairs dropped).
    public static func rankIC(scores: [Double], alpha: [Double], minimumCrossSection: Int = 3) -> Double {
        let pairs = present(scores, alpha)
        guard pairs.x.count >= max(2, minimumCrossSection) else { return .nan }
        return (try? Metrics.spearman(pairs.x, pairs.y)) ?? .nan
    }

    /// Mean over sample standard deviation of per-timestamp ICs; NaN below two or with no spread.
    public static func icir(_ ics: [Double]) -> Double {
        let deviation = sampleStandardDeviation(ics)
        guard deviation.isFinite, deviation > 0 else { return .nan }
        return mean(ics) / deviation
    }

    /// Share of defined ICs above zero; NaN when none is defined.
    public static func hitRate(_ ics: [Double]) -> Double {
        let finite = ics.filter(\.isFinite)
        return finite.isEmpty ? .nan : Double(finite.count(where: { $0 > 0 })) / Double(finite.count)
    }

    /// Largest peak-to-trough fall of `equity` as a fraction of the peak (0 when it never falls).
    public static func maxDrawdown(_ equity: [Double]) -> Double {
        var peak = -Double.infinity, worst = 0.0
        for value in equity where value.isFinite {
            peak = max(peak, value)
            if peak > 0 { worst = max(worst, 1 - value / peak) }
        }
        return worst
    }

    /// Half the sum of absolute weight changes between two books (token -> weight; absent = 0).
    public static func turnover<Key: Hashable & Comparable>(from old: [Key: Double], to new: [Key: Double]) -> Double {
        var total = 0.0
        // Summed in key order: the same number on every run (set order is seeded per process).
        for key in Set(old.keys).union(new.keys).sorted() { total += abs((new[key] ?? 0) - (old[key] ?? 0)) }
        return total / 2
    }

    /// Cost of trading `weightChange` of a book worth `capitalUSD` in a pool with `liquidityUSD`, as a
    /// fraction of the book: the fee plus price impact of trade size over liquidity (capped at 100%).
    /// Without a known positive liquidity only the fee is charged.
    public static func tradeCost(weightChange: Double, capitalUSD: Double, liquidityUSD: Double, feeBps: Double) -> Double {
        let change = abs(weightChange)
        guard change > 0 else { return 0 }
        var slippage = 0.0
        if liquidityUSD.isFinite && liquidityUSD > 0 { slippage = min(change * capitalUSD / liquidityUSD, 1) }
        return change * (feeBps / 10_000 + slippage)
    }

    /// numpy's `quantile(values, p)` with the default linear method, on sorted finite values.
    static func linearQuantile(sorted: [Double], _ p: Double) -> Double {
        let n = sorted.count
        let virtual = Double(n - 1) * p
        let lower = min(max(Int(virtual.rounded(.down)), 0), n - 1)
        let upper = min(lower + 1, n - 1)
        let gamma = virtual - Double(lower)
        let a = sorted[lower], b = sorted[upper]
        let difference = b - a
        // numpy's _lerp: from the nearer end, so that p = 1 lands exactly on b.
        return gamma >= 0.5 ? b - difference * (1 - gamma) : a + difference * gamma
    }

    /// Quantile bucket (1 = lowest scores ... `quantiles`) of each score within its cross-section, as
    /// pandas' `qcut(scores, quantiles, labels=False) + 1`; nil for NaN scores. When ties make two edges
    /// equal (where qcut would refuse), buckets fall back to `ceil(rank x quantiles / n)` on average ranks.
    public static func quantileBuckets(_ scores: [Double], quantiles: Int) -> [Int?] {
        precondition(quantiles >= 1, "quantiles must be at least 1")
        let sorted = scores.filter { !$0.isNaN }.sorted()
        guard !sorted.isEmpty else { return scores.map { _ in nil } }
        let step = 1.0 / Double(quantiles)
        let edges = (0...quantiles).map { linearQuantile(sorted: sorted, $0 == quantiles ? 1 : Double($0) * step) }
        let distinct = zip(edges, edges.dropFirst()).allSatisfy { $0 < $1 }
        guard distinct else {
            let ranks = Metrics.ranks(scores)
            let n = Double(sorted.count)
            return ranks.map { $0.isNaN ? nil : min(quantiles, max(1, Int(($0 * Double(quantiles) / n).rounded(.up)))) }
        }
        return scores.map { score in
            guard !score.isNaN else { return nil }
            // First edge at or above the score (searchsorted left); the lowest edge belongs to bucket 1.
            var bucket = 1
            while bucket < quantiles && score > edges[bucket] { bucket += 1 }
            return bucket
        }
    }

    /// Mean alpha per quantile bucket for one timestamp (index 0 = bucket 1); NaN for an empty bucket.
    public static func quantileMeans(scores: [Double], alpha: [Double], quantiles: Int) -> [Double] {
        let pairs = present(scores, alpha)
        let buckets = quantileBuckets(pairs.x, quantiles: quantiles)
        var sums = [Double](repeating: 0, count: quantiles), counts = [Int](repeating: 0, count: quantiles)
        for (bucket, value) in zip(buckets, pairs.y) {
            guard let bucket else { continue }
            sums[bucket - 1] += value
            counts[bucket - 1] += 1
        }
        return (0..<quantiles).map { counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : .nan }
    }

    /// Per-bucket mean over timestamps of per-timestamp bucket means (alphalens'
    /// `mean_return_by_quantile(by_date=False)`): a timestamp where a bucket is empty does not count for it.
    public static func meanOverTimestamps(_ perTimestamp: [[Double]], quantiles: Int) -> [Double] {
        (0..<quantiles).map { bucket in mean(perTimestamp.map { $0.count > bucket ? $0[bucket] : .nan }) }
    }
}
