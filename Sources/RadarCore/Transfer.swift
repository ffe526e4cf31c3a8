/// An ERC-20 `Transfer(from, to, value)` log: the raw material of holder features.
public struct Transfer: Hashable, Sendable, Codable {
    public var position: LogPosition
    public var token: EVMAddress
    public var from: EVMAddress
    public var to: EVMAddress
    public var amount: DecimalAmount
    public var eventTime: Timestamp
    public var observedAt: Timestamp

    public init(position: LogPosition, token: EVMAddress, from: EVMAddress, to: EVMAddress, amount: DecimalAmount,
                eventTime: Timestamp, observedAt: Timestamp) {
        self.position = position
        self.token = token
        self.from = from
        self.to = to
        self.amount = amount
        self.eventTime = eventTime
        self.observedAt = observedAt
    }
}
