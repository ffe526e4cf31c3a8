import RadarCore

/// Settings the feature computations share. The defaults suit mainnet-shaped data and SimWorld.
public struct FeatureConfig: Hashable, Sendable {
    /// The quote token per chain (WETH-like). Where a chain is missing, the address that sits in the
    /// most pools visible at the timestamp is taken: every launch pairs against it.
    public var quoteTokens: [ChainID: EVMAddress]
    /// Decimals of the quote token when the tokens table does not know it.
    public var quoteDecimals: Int
    /// USD per quote token when no market snapshot near the timestamp gives it.
    public var quoteUSDFallback: Double
    /// How many tokens' latest market snapshots the quote's USD price is taken from (median of
    /// snapshot USD price over pool price in quote); a sample keeps it to a few indexed reads.
    public var quoteUSDSample: Int
    /// How old a market snapshot may be to price the quote at a timestamp.
    public var quoteUSDMaxAge: RadarDuration
    /// A holder is a whale at or above this share of the token's holder supply.
    public var whaleShare: Double
    /// Words that count as positive and negative in posts (lowercased, whole words).
    public var lexicon: SentimentLexicon

    public init(quoteTokens: [ChainID: EVMAddress] = [:], quoteDecimals: Int = 18, quoteUSDFallback: Double = 3000,
                quoteUSDSample: Int = 32, quoteUSDMaxAge: RadarDuration = .hours(2), whaleShare: Double = 0.01,
                lexicon: SentimentLexicon = .standard) {
        self.quoteTokens = quoteTokens
        self.quoteDecimals = quoteDecimals
        self.quoteUSDFallback = quoteUSDFallback
        self.quoteUSDSample = quoteUSDSample
        self.quoteUSDMaxAge = quoteUSDMaxAge
        self.whaleShare = whaleShare
        self.lexicon = lexicon
    }
}
