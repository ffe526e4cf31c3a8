/// A Uniswap V2 `Sync(reserve0, reserve1)` log: the pool's reserves after a block's trade, from which
/// price and liquidity are read.
public struct ReserveUpdate: Hashable, Sendable, Codable {
    public var position: LogPosition
    public var pool: EVMAddress
    public var reserve0: DecimalAmount
    public var reserve1: DecimalAmount
    public var eventTime: Timestamp
    public var observedAt: Timestamp

    public init(position: LogPosition, pool: EVMAddress, reserve0: DecimalAmount, reserve1: DecimalAmount,
                eventTime: Timestamp, observedAt: Timestamp) {
        self.position = position
        self.pool = pool
        self.reserve0 = reserve0
        self.reserve1 = reserve1
        self.eventTime = eventTime
        self.observedAt = observedAt
    }
}
