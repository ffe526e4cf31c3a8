import Foundation

/// The world as an EVM JSON-RPC node: `eth_chainId`, `eth_blockNumber`, `eth_getBlockByNumber`,
/// `eth_getLogs` (address and positional topic filters, a result limit answered with -32005 as
/// hosted providers do) and `eth_call` for ERC-20 metadata. Single and batch requests.
///
/// Answers are written byte by byte in a fixed field order, so one seed gives byte-identical answers.
public struct WorldRPC: Sendable {
    public let history: WorldHistory
    public let head: WorldHead
    /// Most logs one `eth_getLogs` answers; more is -32005.
    public let logLimit: Int
    private let tokenIndex: [SimAddress: Int]

    public init(history: WorldHistory, head: WorldHead, logLimit: Int = 10_000) {
        self.history = history
        self.head = head
        self.logLimit = logLimit
        var index: [SimAddress: Int] = [:]
        for token in history.world.tokens { index[token.address] = token.index }
        tokenIndex = index
    }

    var world: SimWorld { history.world }

    /// The answer to one HTTP body: a request object or a batch array.
    public func respond(to body: [UInt8]) -> [UInt8] {
        var out = JSONBytes(capacity: 4096)
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) else {
            error(&out, id: nil, RPCFailure(code: -32700, message: "parse error"))
            return out.bytes
        }
        if let batch = parsed as? [Any] {
            guard !batch.isEmpty else {
                error(&out, id: nil, RPCFailure(code: -32600, message: "empty batch"))
                return out.bytes
            }
            out.byte("[")
            for (index, request) in batch.enumerated() {
                if index > 0 { out.byte(",") }
                answer(request, into: &out)
            }
            out.byte("]")
        } else {
            answer(parsed, into: &out)
        }
        return out.bytes
    }

    private func answer(_ request: Any, into out: inout JSONBytes) {
        guard let object = request as? [String: Any], let method = object["method"] as? String else {
            error(&out, id: (request as? [String: Any])?["id"], RPCFailure(code: -32600, message: "invalid request"))
            return
        }
        let id = object["id"]
        let params = object["params"] as? [Any] ?? []
        var result = JSONBytes(capacity: 256)
        do {
            try call(method, params, into: &result)
        } catch {
            self.error(&out, id: id, error)
            return
        }
        out.raw("{\"jsonrpc\":\"2.0\",\"id\":")
        writeID(id, &out)
        out.raw(",\"result\":")
        out.bytes.append(contentsOf: result.bytes)
        out.byte("}")
    }

    private func call(_ method: String, _ params: [Any], into out: inout JSONBytes) throws(RPCFailure) {
        switch method {
        case "eth_chainId": out.quantity(world.config.chainID)
        case "net_version": out.string(String(world.config.chainID))
        case "eth_blockNumber": out.quantity(head.block(chain: world.chain))
        case "eth_getBlockByNumber": try blockByNumber(params, into: &out)
        case "eth_getLogs": try logs(params, into: &out)
        case "eth_call": try ethCall(params, into: &out)
        default: throw RPCFailure(code: -32601, message: "the method \(method) does not exist/is not available")
        }
    }

    // MARK: Blocks

    /// A block tag or quantity as a number; nil for a block after the head.
    private func block(_ value: Any?, name: String) throws(RPCFailure) -> Int64 {
        let headBlock = head.block(chain: world.chain)
        guard let text = value as? String else {
            if value == nil { return headBlock }
            throw .invalidParams("\(name): expected a block number in hex or a tag")
        }
        switch text {
        case "latest", "safe", "finalized", "pending": return headBlock
        case "earliest": return world.chain.genesisBlock
        default:
            guard let number = WireText.quantity(text) else {
                throw .invalidParams("\(name): '\(text)' is not a hex quantity or block tag")
            }
            return number
        }
    }

    private func blockByNumber(_ params: [Any], into out: inout JSONBytes) throws(RPCFailure) {
        guard !params.isEmpty else { throw .invalidParams("missing value for required argument 0") }
        let number = try block(params[0], name: "block")
        // Every block from 0 exists (those before genesis are empty), as on a real chain.
        guard number >= 0, number <= head.block(chain: world.chain) else {
            out.raw("null")
            return
        }
        let header = world.chain.block(number)
        out.raw("{\"number\":")
        out.quantity(header.number)
        out.raw(",\"hash\":")
        out.hash(header.hash)
        out.raw(",\"parentHash\":")
        out.hash(header.parentHash)
        out.raw(",\"timestamp\":")
        out.quantity(header.timestamp.seconds)
        out.byte("}")
    }

    // MARK: Logs

    func query(_ params: [Any]) throws(RPCFailure) -> LogQuery {
        guard let filter = params.first as? [String: Any] else { throw .invalidParams("missing value for required argument 0") }
        var from: Int64, to: Int64
        if let hashText = filter["blockHash"] as? String {
            guard let hash = WireText.hash(hashText) else { throw .invalidParams("blockHash: not a 32-byte hash") }
            // Block hashes are derived from numbers, so the block is found by scanning the revealed range's hashes.
            let headBlock = head.block(chain: world.chain)
            guard let number = (world.chain.genesisBlock...headBlock).first(where: { world.chain.hash(of: $0) == hash }) else {
                throw RPCFailure(code: -32000, message: "unknown block")
            }
            (from, to) = (number, number)
        } else {
            from = try block(filter["fromBlock"], name: "fromBlock")
            to = try block(filter["toBlock"], name: "toBlock")
        }
        guard from <= to else { throw .invalidParams("invalid block range params: fromBlock \(from) is after toBlock \(to)") }
        var addresses = Set<SimAddress>()
        switch filter["address"] {
        case nil, is NSNull: break
        case let text as String:
            guard let address = WireText.address(text) else { throw .invalidParams("address: '\(text)' is not a 20-byte address") }
            addresses.insert(address)
        case let list as [Any]:
            for item in list {
                guard let text = item as? String, let address = WireText.address(text) else {
                    throw .invalidParams("address: '\(item)' is not a 20-byte address")
                }
                addresses.insert(address)
            }
        default: throw .invalidParams("address: expected an address or a list of addresses")
        }
        var topics: [Set<SimHash>?] = []
        if let list = filter["topics"] as? [Any] {
            guard list.count <= 4 else { throw .invalidParams("topics: at most 4 positions") }
            for (position, item) in list.enumerated() {
                switch item {
                case is NSNull: topics.append(nil)
                case let text as String:
                    guard let hash = WireText.hash(text) else { throw .invalidParams("topics[\(position)]: '\(text)' is not a 32-byte hash") }
                    topics.append([hash])
                case let options as [Any]:
                    var set = Set<SimHash>()
                    for option in options {
                        guard let text = option as? String, let hash = WireText.hash(text) else {
                            throw .invalidParams("topics[\(position)]: '\(option)' is not a 32-byte hash")
                        }
                        set.insert(hash)
                    }
                    topics.append(set.isEmpty ? nil : set)
                default: throw .invalidParams("topics[\(position)]: expected null, a hash or a list of hashes")
                }
            }
        } else if let other = filter["topics"], !(other is NSNull) {
            throw .invalidParams("topics: expected a list")
        }
        return LogQuery(fromBlock: from, toBlock: to, addresses: addresses, topics: topics)
    }

    private func logs(_ params: [Any], into out: inout JSONBytes) throws(RPCFailure) {
        let query = try query(params)
        try writeLogs(query, into: &out)
    }

    /// Writes the logs `query` matches in the revealed history, or fails with -32005 past the limit.
    func writeLogs(_ query: LogQuery, into out: inout JSONBytes) throws(RPCFailure) {
        let chain = world.chain
        let from = max(query.fromBlock, chain.genesisBlock)
        let to = min(query.toBlock, head.block(chain: chain))
        out.byte("[")
        guard from <= to, let firstDay = history.day(ofBlock: from), let lastDay = history.day(ofBlock: to) else {
            out.byte("]")
            return
        }
        var count = 0
        let topic0s = query.topic0s
        for dayIndex in firstDay...lastDay {
            let day = history.day(dayIndex)
            let logs = day.logs
            var index = Self.firstLog(in: logs, atOrAfter: from)
            var blockHash = SimHash.zero, hashBlock: Int64 = -1
            while index < logs.count, logs[index].blockNumber <= to {
                let log = logs[index]
                index += 1
                guard query.matches(address: log.address) else { continue }
                if let topic0s, !topic0s.contains(WireEvent(log.event).topic0) { continue }
                let wire = WireLog(log, blockTime: chain.time(of: log.blockNumber).seconds) { world.tokens[Int($0)].ip.name }
                guard query.matches(topics: wire.topics) else { continue }
                count += 1
                guard count <= logLimit else {
                    throw RPCFailure(code: -32005, message: "query returned more than \(logLimit) results")
                }
                if hashBlock != log.blockNumber {
                    hashBlock = log.blockNumber
                    blockHash = chain.hash(of: log.blockNumber)
                }
                if count > 1 { out.byte(",") }
                Self.write(log, wire, blockHash: blockHash, into: &out)
            }
        }
        out.byte("]")
    }

    private static func firstLog(in logs: [SimLog], atOrAfter block: Int64) -> Int {
        var low = 0, high = logs.count
        while low < high {
            let middle = (low + high) / 2
            if logs[middle].blockNumber < block { low = middle + 1 } else { high = middle }
        }
        return low
    }

    static func write(_ log: SimLog, _ wire: WireLog, blockHash: SimHash, into out: inout JSONBytes) {
        out.raw("{\"address\":")
        out.address(log.address)
        out.raw(",\"topics\":[")
        for (index, topic) in wire.topics.enumerated() {
            if index > 0 { out.byte(",") }
            out.hash(topic)
        }
        out.raw("],\"data\":\"0x")
        for word in wire.data { out.words(word) }
        out.raw("\",\"blockNumber\":")
        out.quantity(log.blockNumber)
        out.raw(",\"transactionHash\":")
        out.hash(log.transactionHash)
        out.raw(",\"transactionIndex\":")
        out.quantity(Int64(log.transactionIndex))
        out.raw(",\"blockHash\":")
        out.hash(blockHash)
        out.raw(",\"logIndex\":")
        out.quantity(Int64(log.logIndex))
        out.raw(",\"removed\":false}")
    }

    // MARK: eth_call

    private func ethCall(_ params: [Any], into out: inout JSONBytes) throws(RPCFailure) {
        guard let call = params.first as? [String: Any] else { throw .invalidParams("missing value for required argument 0") }
        guard let toText = call["to"] as? String, let to = WireText.address(toText) else {
            throw .invalidParams("to: expected a 20-byte address")
        }
        let dataText = (call["data"] ?? call["input"]) as? String ?? "0x"
        guard let data = WireText.bytes(dataText) else { throw .invalidParams("data: not hex bytes") }
        if params.count > 1 { _ = try block(params[1], name: "block") }
        let metadata: (name: String, symbol: String, decimals: Int, supply: UInt128)
        if let index = tokenIndex[to] {
            let token = world.tokens[index]
            metadata = (token.name, token.symbol, token.decimals, token.totalSupply)
        } else if to == world.contracts.weth {
            metadata = ("Wrapped Ether", "WETH", 18, 3_000_000 * 1_000_000_000_000_000_000)
        } else {
            out.raw("\"0x\"")  // no code at the address: an empty answer, as a node gives
            return
        }
        let selector = data.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let words: [SimHash]
        switch (selector, data.count) {
        case (0x06fd_de03, 4): words = [SimHash(uint: UInt64(32))] + WireLog.dynamicWords(Array(metadata.name.utf8))
        case (0x95d8_9b41, 4): words = [SimHash(uint: UInt64(32))] + WireLog.dynamicWords(Array(metadata.symbol.utf8))
        case (0x313c_e567, 4): words = [SimHash(uint: UInt64(metadata.decimals))]
        case (0x1816_0ddd, 4): words = [SimHash(uint: metadata.supply)]
        default: throw RPCFailure(code: 3, message: "execution reverted")
        }
        out.raw("\"0x")
        for word in words { out.words(word) }
        out.byte("\"")
    }

    // MARK: Envelope

    private func error(_ out: inout JSONBytes, id: Any?, _ failure: RPCFailure) {
        out.raw("{\"jsonrpc\":\"2.0\",\"id\":")
        writeID(id, &out)
        out.raw(",\"error\":{\"code\":")
        out.number(Int64(failure.code))
        out.raw(",\"message\":")
        out.string(failure.message)
        out.raw("}}")
    }

    private func writeID(_ id: Any?, _ out: inout JSONBytes) {
        switch id {
        case let text as String: out.string(text)
        case let number as Int: out.number(Int64(number))
        case let number as Double: out.number(number)
        default: out.raw("null")
        }
    }
}
