/// Whether liquidity entered or left a pool.
public enum LiquidityChange: String, CaseIterable, Hashable, Sendable, Codable {
    case mint, burn
}

/// A Uniswap `Mint` or `Burn` log: liquidity added or pulled, the raw material of rug detection.
public struct LiquidityEvent: Hashable, Sendable, Codable {
    public var position: LogPosition
    public var pool: EVMAddress
    public var change: LiquidityChange
    public var sender: EVMAddress
    public var amount0: DecimalAmount
    public var amount1: DecimalAmount
    public var eventTime: Timestamp
    public var observedAt: Timestamp

    public init(position: LogPosition, pool: EVMAddress, change: LiquidityChange, sender: EVMAddress,
                amount0: DecimalAmount, amount1: DecimalAmount, eventTime: Timestamp, observedAt: Timestamp) {
        self.position = position
        self.pool = pool
        self.change = change
        self.sender = sender
        self.amount0 = amount0
        self.amount1 = amount1
        self.eventTime = eventTime
        self.observedAt = observedAt
    }
}
