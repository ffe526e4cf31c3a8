/// A market-data API's view of a token at one moment (DexScreener, GeckoTerminal, ...).
///
/// Keyed by source, token and `observedAt`: every poll is a new snapshot, never an update.
public struct MarketSnapshot: Hashable, Sendable, Codable {
    /// The feed family, e.g. `dexscreener`.
    public var source: String
    public var token: TokenID
    public var pool: EVMAddress?
    public var priceUSD: Double?
    public var liquidityUSD: Double?
    public var volume24hUSD: Double?
    public var buys24h: Int64?
    public var sells24h: Int64?
    public var fdvUSD: Double?
    public var pairCreatedAt: Timestamp?
    /// The instant the numbers describe (the API's own time where it gives one).
    public var eventTime: Timestamp
    public var observedAt: Timestamp

    public init(source: String, token: TokenID, pool: EVMAddress? = nil, priceUSD: Double?, liquidityUSD: Double?,
                volume24hUSD: Double?, buys24h: Int64?, sells24h: Int64?, fdvUSD: Double?, pairCreatedAt: Timestamp? = nil,
                eventTime: Timestamp, observedAt: Timestamp) {
        self.source = source
        self.token = token
        self.pool = pool
        self.priceUSD = priceUSD
        self.liquidityUSD = liquidityUSD
        self.volume24hUSD = volume24hUSD
        self.buys24h = buys24h
        self.sells24h = sells24h
        self.fdvUSD = fdvUSD
        self.pairCreatedAt = pairCreatedAt
        self.eventTime = eventTime
        self.observedAt = observedAt
    }
}
