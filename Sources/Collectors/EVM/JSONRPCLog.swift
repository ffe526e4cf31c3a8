import EVMWire
import Foundation
import RadarCore

/// One entry of an `eth_getLogs` result exactly as Ethereum JSON-RPC sends it: hex quantities
/// (`"0x1b4"`), hex data, a `topics` array and `removed`. It is the reference shape: `GetLogsResponse`
/// reads the same bodies faster, and the tests hold the two to the same answers.
public struct JSONRPCLog: Codable, Hashable, Sendable {
    public var address: String
    public var topics: [String]
    public var data: String
    public var blockNumber: String
    public var blockHash: String
    public var transactionHash: String
    public var transactionIndex: String
    public var logIndex: String
    /// Absent on some nodes, which means false.
    public var removed: Bool?
    /// Sent by some newer nodes (hex seconds); others leave it out.
    public var blockTimestamp: String?

    public init(address: String, topics: [String], data: String, blockNumber: String, blockHash: String,
                transactionHash: String, transactionIndex: String, logIndex: String, removed: Bool? = false,
                blockTimestamp: String? = nil) {
        self.address = address
        self.topics = topics
        self.data = data
        self.blockNumber = blockNumber
        self.blockHash = blockHash
        self.transactionHash = transactionHash
        self.transactionIndex = transactionIndex
        self.logIndex = logIndex
        self.removed = removed
        self.blockTimestamp = blockTimestamp
    }

    /// The wire form of `log` (lowercase hex, minimal quantities).
    public init(_ log: RawLog) {
        self.init(address: log.address.hex, topics: log.topics.map(\.hex), data: Hex.encode(log.data),
                  blockNumber: Self.quantity(log.blockNumber), blockHash: log.blockHash.hex,
                  transactionHash: log.transactionHash.hex, transactionIndex: Self.quantity(log.transactionIndex),
                  logIndex: Self.quantity(log.logIndex), removed: log.removed)
    }

    /// The log with its fields validated; errors name the field and its value.
    public func rawLog() throws(JSONRPCResponseError) -> RawLog {
        func invalid(_ field: String, _ value: String, _ reason: String) -> JSONRPCResponseError {
            .invalidValue(field: field, value: value, reason: reason)
        }
        func hash(_ field: String, _ text: String) throws(JSONRPCResponseError) -> EVMHash {
            do { return try EVMHash(text, field: field) } catch { throw invalid(field, text, error.reason) }
        }
        let address: EVMAddress
        do { address = try EVMAddress(self.address) } catch { throw invalid("address", self.address, error.reason) }
        var topics: [EVMHash] = []
        for (index, topic) in self.topics.enumerated() { topics.append(try hash("topics[\(index)]", topic)) }
        guard let bytes = Hex.decode(data), data.hasPrefix("0x") || data.hasPrefix("0X") else {
            throw invalid("data", data, "expected 0x followed by an even number of hex digits")
        }
        func quantity(_ field: String, _ text: String) throws(JSONRPCResponseError) -> Int64 {
            guard let value = Self.parseQuantity(text) else {
                throw invalid(field, text, "expected a hex quantity 0x followed by 1 to 16 hex digits, below 2^63")
            }
            return value
        }
        return RawLog(address: address, topics: topics, data: bytes,
                      blockNumber: try quantity("blockNumber", blockNumber), blockHash: try hash("blockHash", blockHash),
                      transactionHash: try hash("transactionHash", transactionHash),
                      transactionIndex: try quantity("transactionIndex", transactionIndex),
                      logIndex: try quantity("logIndex", logIndex), removed: removed ?? false)
    }

    /// `0x1b4` as 436; nil unless `0x` and 1 to 16 hex digits that fit Int64.
    static func parseQuantity(_ text: String) -> Int64? {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 3, utf8.count <= 18, utf8[0] == UInt8(ascii: "0"), utf8[1] | 0x20 == UInt8(ascii: "x") else { return nil }
        var value: UInt64 = 0
        for byte in utf8[2...] {
            let nibble = Hex.nibbles[Int(byte)]
            guard nibble != 0xFF else { return nil }
            value = value << 4 | UInt64(nibble)
        }
        return value <= UInt64(Int64.max) ? Int64(value) : nil
    }

    static func quantity(_ value: Int64) -> String { "0x" + String(value, radix: 16) }
}

/// A JSON-RPC 2.0 response envelope: `result` on success, `error` otherwise.
public struct JSONRPCResponse<Result: Codable & Sendable>: Codable, Sendable {
    public var jsonrpc: String
    public var id: JSONRPCID?
    public var result: Result?
    public var error: JSONRPCErrorObject?

    public init(id: JSONRPCID?, result: Result) {
        jsonrpc = "2.0"
        self.id = id
        self.result = result
        error = nil
    }
}

/// A request id: JSON-RPC allows a number or a string.
public enum JSONRPCID: Codable, Hashable, Sendable {
    case number(Int64)
    case string(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int64.self) {
            self = .number(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        }
    }
}

/// The `error` member of a failed JSON-RPC call (e.g. -32005 when a log query spans too many results).
public struct JSONRPCErrorObject: Codable, Hashable, Sendable {
    public var code: Int64
    public var message: String
}

/// Why a JSON-RPC logs response gave no logs: a body that is not the expected shape (with the byte
/// offset and field, so a bad body can be found), a field whose value is invalid, or the node's own error.
public enum JSONRPCResponseError: Error, Hashable, Sendable, CustomStringConvertible {
    case malformed(offset: Int, field: String, reason: String)
    case invalidValue(field: String, value: String, reason: String)
    case remote(code: Int64, message: String)

    public var description: String {
        switch self {
        case .malformed(let offset, let field, let reason): "malformed JSON-RPC response at byte \(offset), \(field): \(reason)"
        case .invalidValue(let field, let value, let reason): "invalid \(field) \"\(value)\" in JSON-RPC response: \(reason)"
        case .remote(let code, let message): "the node answered with JSON-RPC error \(code): \(message)"
        }
    }
}
