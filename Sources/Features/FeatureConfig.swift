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

extension FeatureConfig {
    /// The radar config's `features:` settings over the defaults.
    public init(_ section: FeaturesConfig) {
        self.init(quoteTokens: section.quoteTokens, whaleShare: section.whaleShare)
    }
}

extension FeatureSet {
    /// The feature set the radar config's `features.set` names; an error naming the field and value
    /// when this build does not know it.
    public static func configured(_ section: FeaturesConfig) throws(ValidationError) -> FeatureSet {
        guard let set = named(section.set) else {
            throw ValidationError(field: "features.set", value: section.set,
                                  reason: "not a feature set this build knows (\(known.map(\.id).joined(separator: ", ")))")
        }
        return set
    }
}
