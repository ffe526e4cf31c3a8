/// Where an on-chain log sits: the natural key of every on-chain event the store keeps.
///
/// Keys use the block hash, not only the number, so that a reorganised block's rows can be found and
/// removed while the replacement block's rows live beside them.
public struct LogPosition: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var chain: ChainID
    public var blockNumber: Int64
    public var blockHash: EVMHash
    public var logIndex: Int64
    public var transactionHash: EVMHash

    public init(chain: ChainID, blockNumber: Int64, blockHash: EVMHash, logIndex: Int64, transactionHash: EVMHash) {
        self.chain = chain
        self.blockNumber = blockNumber
        self.blockHash = blockHash
        self.logIndex = logIndex
        self.transactionHash = transactionHash
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.chain, lhs.blockNumber, lhs.logIndex) < (rhs.chain, rhs.blockNumber, rhs.logIndex)
    }

    public var description: String { "\(chain)#\(blockNumber)/\(logIndex)" }
}

/// A block the radar has seen, kept so that a changed hash at a known height reveals a reorg.
public struct ObservedBlock: Hashable, Sendable, Codable {
    public var chain: ChainID
    public var number: Int64
    public var hash: EVMHash
    public var parentHash: EVMHash?
    public var timestamp: Timestamp
    public var observedAt: Timestamp

    public init(chain: ChainID, number: Int64, hash: EVMHash, parentHash: EVMHash?, timestamp: Timestamp, observedAt: Timestamp) {
        self.chain = chain
        self.number = number
        self.hash = hash
        self.parentHash = parentHash
        self.timestamp = timestamp
        self.observedAt = observedAt
    }
}
