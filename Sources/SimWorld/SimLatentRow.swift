/// Where a token stands in its life at an hour's end.
public enum SimStatus: String, Hashable, Sendable, CaseIterable {
    /// Launched, pool funded, trading.
    case alive
    /// Faded: liquidity withdrawn and trading gone silent.
    case dead
    /// Its deployer pulled the liquidity.
    case rugged
}

/// The hidden truth of one token at one hour's end: its latent state, its pool price and the
/// oracle's expected forward return given that state.
public struct SimLatentRow: Hashable, Sendable {
    public var token: Int32
    public var hour: Int32
    public var quality: Double
    public var hype: Double
    public var status: SimStatus
    public var honeypot: Bool
    /// Pool mid price in USD at the hour's end (0 once the pool is empty).
    public var priceUSD: Double
    /// The oracle: expected simple forward return over the horizon, from the latent state alone.
    public var expectedReturn: Double
}
