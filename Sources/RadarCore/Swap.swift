/// A trade against a pool, from a Uniswap V2 or V3 `Swap` log, in the pool's raw token units.
///
/// V2 reports amounts in and out; V3 reports signed deltas, which the decoder splits into the same
/// in/out form so that features read one shape.
public struct Swap: Hashable, Sendable, Codable {
    public var position: LogPosition
    public var pool: EVMAddress
    public var sender: EVMAddress
    public var recipient: EVMAddress
    public var amount0In: DecimalAmount
    public var amount1In: DecimalAmount
    public var amount0Out: DecimalAmount
    public var amount1Out: DecimalAmount
    /// V3 only: the pool's price after the swap as a Q64.96 square root.
    public var sqrtPriceX96: DecimalAmount?
    /// V3 only: in-range liquidity after the swap.
    public var liquidity: DecimalAmount?
    /// V3 only: the tick after the swap.
    public var tick: Int64?
    public var eventTime: Timestamp
    public var observedAt: Timestamp

    public init(position: LogPosition, pool: EVMAddress, sender: EVMAddress, recipient: EVMAddress,
                amount0In: DecimalAmount, amount1In: DecimalAmount, amount0Out: DecimalAmount, amount1Out: DecimalAmount,
                sqrtPriceX96: DecimalAmount? = nil, liquidity: DecimalAmount? = nil, tick: Int64? = nil,
                eventTime: Timestamp, observedAt: Timestamp) {
        self.position = position
        self.pool = pool
        self.sender = sender
        self.recipient = recipient
        self.amount0In = amount0In
        self.amount1In = amount1In
        self.amount0Out = amount0Out
        self.amount1Out = amount1Out
        self.sqrtPriceX96 = sqrtPriceX96
        self.liquidity = liquidity
        self.tick = tick
        self.eventTime = eventTime
        self.observedAt = observedAt
    }
}
