import RadarCore

/// Why a log could not be decoded as the event its topic0 names: which event, which field, the
/// offending value and where the log sits (contract, block, transaction, log index), so that one bad
/// log in a feed can be found on a block explorer and reported or skipped without guessing.
public struct LogDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The event, e.g. `Uniswap V2 Sync(uint112,uint112)`.
    public var event: String
    /// The field and where it sits, e.g. `reserve0 (data word 0)`, `topics`, `data`.
    public var field: String
    /// The offending value as found (a word in hex, a count, a length).
    public var value: String
    public var reason: String
    public var contract: EVMAddress
    public var blockNumber: Int64
    public var transactionHash: EVMHash
    public var logIndex: Int64

    public init(event: String, field: String, value: String, reason: String, log: RawLog) {
        self.event = event
        self.field = field
        self.value = value
        self.reason = reason
        contract = log.address
        blockNumber = log.blockNumber
        transactionHash = log.transactionHash
        logIndex = log.logIndex
    }

    public var description: String {
        "cannot decode \(event) log at block \(blockNumber), tx \(transactionHash), log index \(logIndex) (contract \(contract)): "
            + "\(field) = \(value): \(reason)"
    }
}
