import RadarCore

/// One EVM log as a node reports it, before any ABI decoding: the common input of every event decoder,
/// whatever transport (`eth_getLogs`, a block receipt, a fixture) it came from.
public struct RawLog: Hashable, Sendable {
    /// The contract that emitted the log.
    public var address: EVMAddress
    /// topic0 (the event's signature hash) and one topic per indexed parameter.
    public var topics: [EVMHash]
    /// The ABI-encoded non-indexed parameters.
    public var data: [UInt8]
    public var blockNumber: Int64
    public var blockHash: EVMHash
    public var transactionHash: EVMHash
    public var transactionIndex: Int64
    /// The log's index in its block.
    public var logIndex: Int64
    /// True when a reorganisation dropped the log's block: the log no longer happened.
    public var removed: Bool

    public init(address: EVMAddress, topics: [EVMHash], data: [UInt8], blockNumber: Int64, blockHash: EVMHash,
                transactionHash: EVMHash, transactionIndex: Int64, logIndex: Int64, removed: Bool = false) {
        self.address = address
        self.topics = topics
        self.data = data
        self.blockNumber = blockNumber
        self.blockHash = blockHash
        self.transactionHash = transactionHash
        self.transactionIndex = transactionIndex
        self.logIndex = logIndex
        self.removed = removed
    }

    /// The store's natural key for this log on `chain`.
    public func position(chain: ChainID) -> LogPosition {
        LogPosition(chain: chain, blockNumber: blockNumber, blockHash: blockHash, logIndex: logIndex, transactionHash: transactionHash)
    }
}
