import EVMWire
import RadarCore

/// One JSON-RPC 2.0 call as it goes on the wire: a method and its params as JSON text.
///
/// Params are written by hand, not by `JSONEncoder`, so the same call always has the same bytes:
/// replay file names (`RPCReplay`) are derived from them.
public struct JSONRPCRequest: Hashable, Sendable, CustomStringConvertible {
    public var method: String
    /// The params array as JSON text, e.g. `["0x10",false]`.
    public var params: String
    /// A readable part of the replay file name (the block range, the block, the contract).
    var hint: String?

    public init(method: String, params: String = "[]") {
        self.method = method
        self.params = params
    }

    init(method: String, params: String, hint: String) {
        self.init(method: method, params: params)
        self.hint = hint
    }

    /// `eth_chainId`.
    public static let chainID = JSONRPCRequest(method: "eth_chainId")
    /// `eth_blockNumber`: the node's head.
    public static let blockNumber = JSONRPCRequest(method: "eth_blockNumber")

    /// `eth_getLogs` with `filter`.
    public static func getLogs(_ filter: LogFilter) -> JSONRPCRequest {
        JSONRPCRequest(method: "eth_getLogs", params: "[\(filter.json)]", hint: "\(filter.fromBlock)-\(filter.toBlock)")
    }

    /// `eth_getBlockByNumber(number, false)`: the header and transaction hashes.
    public static func blockByNumber(_ number: Int64) -> JSONRPCRequest {
        JSONRPCRequest(method: "eth_getBlockByNumber", params: #"["\#(quantity(number))",false]"#, hint: String(number))
    }

    /// `eth_call` of `data` on `to`, on the state after `block` (nil: `latest`).
    public static func call(to: EVMAddress, data: [UInt8], block: Int64?) -> JSONRPCRequest {
        let tag = block.map(quantity) ?? "latest"
        return JSONRPCRequest(method: "eth_call", params: #"[{"to":"\#(to.hex)","data":"\#(Hex.encode(data))"},"\#(tag)"]"#,
                              hint: to.hex)
    }

    /// The request object with `id`.
    public func body(id: Int) -> String {
        #"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method)","params":\#(params)}"#
    }

    /// A batch: the requests as one array, with ids 1...n in order.
    public static func batchBody(_ requests: [JSONRPCRequest]) -> String {
        "[" + requests.enumerated().map { $0.element.body(id: $0.offset + 1) }.joined(separator: ",") + "]"
    }

    /// `method(params)`, for errors.
    public var description: String { "\(method)\(params.count <= 160 ? params : String(params.prefix(157)) + "...")" }

    /// `0x1b4`: a JSON-RPC quantity.
    public static func quantity(_ value: Int64) -> String { "0x" + String(value, radix: 16) }
}

/// An `eth_getLogs` filter: a block range, the emitting contracts, and topics by position.
///
/// Addresses are kept sorted and unique, so that equal filters are equal requests (and replay keys).
public struct LogFilter: Hashable, Sendable {
    public var fromBlock: Int64
    public var toBlock: Int64
    /// The contracts whose logs are wanted; empty means every contract.
    public private(set) var addresses: [EVMAddress]
    /// Topics by position: nil is a wildcard, a list matches any of its hashes.
    public var topics: [[EVMHash]?]

    public init(fromBlock: Int64, toBlock: Int64, addresses: [EVMAddress] = [], topics: [[EVMHash]?] = []) {
        self.fromBlock = fromBlock
        self.toBlock = toBlock
        self.addresses = Array(Set(addresses)).sorted()
        self.topics = topics
    }

    /// The same filter over another range.
    public func range(_ from: Int64, _ to: Int64) -> LogFilter {
        var copy = self
        copy.fromBlock = from
        copy.toBlock = to
        return copy
    }

    /// The filter object as JSON text.
    public var json: String {
        var text = #"{"fromBlock":"\#(JSONRPCRequest.quantity(fromBlock))","toBlock":"\#(JSONRPCRequest.quantity(toBlock))""#
        if !addresses.isEmpty {
            text += #","address":["# + addresses.map { "\"\($0.hex)\"" }.joined(separator: ",") + "]"
        }
        if !topics.isEmpty {
            text += #","topics":["# + topics.map { position in
                position.map { "[" + $0.map { "\"\($0.hex)\"" }.joined(separator: ",") + "]" } ?? "null"
            }.joined(separator: ",") + "]"
        }
        return text + "}"
    }
}
