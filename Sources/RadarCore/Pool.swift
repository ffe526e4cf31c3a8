/// The DEX design a pool follows; it decides how its logs decode.
public enum PoolProtocol: String, CaseIterable, Hashable, Sendable, Codable {
    case uniswapV2 = "uniswap-v2"
    case uniswapV3 = "uniswap-v3"
}

/// A liquidity pool: a token's launch into tradable liquidity, from the factory's creation log.
public struct Pool: Hashable, Sendable, Codable {
    public var chain: ChainID
    public var address: EVMAddress
    public var dex: PoolProtocol
    public var factory: EVMAddress
    public var token0: EVMAddress
    public var token1: EVMAddress
    /// Fee tier in hundredths of a basis point (V3 only).
    public var fee: Int?
    /// The creation log; its block hash ties the pool to a block for reorg rollback.
    public var created: LogPosition
    public var createdAt: Timestamp
    public var observedAt: Timestamp

    public init(chain: ChainID, address: EVMAddress, dex: PoolProtocol, factory: EVMAddress, token0: EVMAddress,
                token1: EVMAddress, fee: Int?, created: LogPosition, createdAt: Timestamp, observedAt: Timestamp) {
        self.chain = chain
        self.address = address
        self.dex = dex
        self.factory = factory
        self.token0 = token0
        self.token1 = token1
        self.fee = fee
        self.created = created
        self.createdAt = createdAt
        self.observedAt = observedAt
    }
}
