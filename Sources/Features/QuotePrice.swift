import FeatureStore
import RadarCore

/// The quote token's USD price at a timestamp.
///
/// Decision: taken from the market snapshots the radar already stores (DexScreener-like feeds give a
/// token's USD price; divided by the same token's pool price in quote, that is the quote's USD price),
/// as the median over a sample of tokens with a snapshot at most `quoteUSDMaxAge` old; where there is
/// none, `FeatureConfig.quoteUSDFallback`. USD figures only scale every token alike at one timestamp,
/// so ranks never depend on this choice; levels (volume and liquidity in USD) do.
enum QuotePrice {
    static func usd(reader: PointInTimeReader, universe: Universe, prices: [PricePath], config: FeatureConfig) throws(StoreError) -> Double {
        let members = universe.members
        guard !members.isEmpty, config.quoteUSDSample > 0 else { return config.quoteUSDFallback }
        let stride = max(1, members.count / config.quoteUSDSample)
        var estimates: [Double] = []
        for position in Swift.stride(from: 0, to: members.count, by: stride).prefix(config.quoteUSDSample) {
            guard let snapshot = try reader.marketSnapshots(of: members[position].token, since: reader.asOf - config.quoteUSDMaxAge).last,
                  let usd = snapshot.priceUSD, usd > 0,
                  let pool = prices[position].reading(at: snapshot.eventTime), pool.price > 0 else { continue }
            estimates.append(usd / pool.price)
        }
        return median(estimates) ?? config.quoteUSDFallback
    }
}

/// The median of `values` (mean of the middle two for an even count), nil when empty.
func median(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
