import RadarCore

/// What the collectors need of a block: its height, hash, parent and time (`eth_getBlockByNumber`).
public struct BlockHeader: Hashable, Sendable {
    public var number: Int64
    public var hash: EVMHash
    public var parentHash: EVMHash
    public var timestamp: Timestamp

    public init(number: Int64, hash: EVMHash, parentHash: EVMHash, timestamp: Timestamp) {
        self.number = number
        self.hash = hash
        self.parentHash = parentHash
        self.timestamp = timestamp
    }

    /// The store's row for this block, first observed at `observedAt`.
    public func observed(chain: ChainID, at observedAt: Timestamp) -> ObservedBlock {
        ObservedBlock(chain: chain, number: number, hash: hash, parentHash: parentHash, timestamp: timestamp, observedAt: observedAt)
    }
}

/// A block object as JSON-RPC sends it; only the members the radar keeps are read.
struct JSONRPCBlock: Codable, Sendable {
    var number: String
    var hash: String
    var parentHash: String
    var timestamp: String

    /// The header with every member validated; errors name the member and its value.
    func header() throws(JSONRPCResponseError) -> BlockHeader {
        func quantity(_ field: String, _ text: String) throws(JSONRPCResponseError) -> Int64 {
            guard let value = JSONRPCLog.parseQuantity(text) else {
                throw .invalidValue(field: field, value: text, reason: "expected a hex quantity 0x followed by 1 to 16 hex digits")
            }
            return value
        }
        func readHash(_ field: String, _ text: String) throws(JSONRPCResponseError) -> EVMHash {
            do { return try EVMHash(text, field: field) } catch { throw .invalidValue(field: field, value: text, reason: error.reason) }
        }
        return BlockHeader(number: try quantity("number", number), hash: try readHash("hash", hash),
                           parentHash: try readHash("parentHash", parentHash),
                           timestamp: Timestamp(seconds: try quantity("timestamp", timestamp)))
    }
}
