/// A token's ERC-20 metadata as first observed by the radar.
public struct Token: Hashable, Sendable, Codable {
    public var id: TokenID
    public var symbol: String?
    public var name: String?
    public var decimals: Int?
    public var totalSupply: DecimalAmount?
    /// When the token first appeared on chain (its first pool or transfer), as event time.
    public var firstSeenAt: Timestamp
    public var observedAt: Timestamp

    public init(id: TokenID, symbol: String?, name: String?, decimals: Int?, totalSupply: DecimalAmount?,
                firstSeenAt: Timestamp, observedAt: Timestamp) {
        self.id = id
        self.symbol = symbol
        self.name = name
        self.decimals = decimals
        self.totalSupply = totalSupply
        self.firstSeenAt = firstSeenAt
        self.observedAt = observedAt
    }
}
