import RadarCore

/// Builds DexScreener token requests: `/latest/dex/tokens/{a,b,...}` takes at most 30 addresses, so
/// tracked tokens are sent in batches of at most 30 (fewer when the feed's `batchSize` says so).
public enum DexScreenerRequest {
    /// The most addresses DexScreener accepts in one tokens request.
    public static let maxAddresses = 30
    public static let defaultBase = "https://api.dexscreener.com"

    /// One URL per batch of `tokens` (duplicates dropped, order kept). `base` is the API root or the
    /// full `.../latest/dex/tokens` path, as the feed's `url` gives it.
    public static func tokenURLs(base: String = defaultBase, tokens: [EVMAddress], batchSize: Int = maxAddresses) -> [String] {
        var root = base
        while root.hasSuffix("/") { root.removeLast() }
        if !root.hasSuffix("/latest/dex/tokens") { root += "/latest/dex/tokens" }
        return batches(of: tokens, size: batchSize).map { batch in
            root + "/" + batch.map(\.hex).joined(separator: ",")
        }
    }

    /// `tokens` without duplicates, in groups of `size` clamped to 1...30.
    public static func batches(of tokens: [EVMAddress], size: Int = maxAddresses) -> [[EVMAddress]] {
        let size = min(max(size, 1), maxAddresses)
        var seen = Set<EVMAddress>()
        let unique = tokens.filter { seen.insert($0).inserted }
        return stride(from: 0, to: unique.count, by: size).map { Array(unique[$0..<min($0 + size, unique.count)]) }
    }
}
