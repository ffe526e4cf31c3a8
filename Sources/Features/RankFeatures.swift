/// Cross-sectional percentile ranks of a few key columns at the timestamp: where a token stands among
/// the universe right now, whatever the market's level (from `radar@2`).
enum RankFeatures {
    /// The ranked columns; each rank column is named `<column>_rank`.
    static let ranked = ["ret_24h", "volume_usd_24h", "liquidity_usd", "holder_growth_24h", "mentions_24h"]
    static let names = ranked.map { $0 + "_rank" }

    /// Ranks of `ranked` among the members with a value, as `FeatureFrame.percentileRanks` computes
    /// them: (rank with ties averaged) / count, in (0, 1]; NaN stays NaN.
    static func compute(_ columns: Columns) -> Columns {
        var ranks = Columns(count: columns.count)
        ranks.declare(names)
        for name in ranked {
            guard let values = columns.values[name] else { continue }
            ranks.replace(name + "_rank", with: percentileRanks(values))
        }
        return ranks
    }

    static func percentileRanks(_ values: [Float]) -> [Float] {
        var result = [Float](repeating: .nan, count: values.count)
        let present = values.indices.filter { !values[$0].isNaN }.sorted { values[$0] < values[$1] }
        var index = 0
        while index < present.count {
            var tieEnd = index
            while tieEnd + 1 < present.count && values[present[tieEnd + 1]] == values[present[index]] { tieEnd += 1 }
            let rank = Float(index + tieEnd + 2) / 2 / Float(present.count)
            for position in index...tieEnd { result[present[position]] = rank }
            index = tieEnd + 1
        }
        return result
    }
}
