import Collectors
import FeatureStore
import Foundation
import RadarCore

/// A recorded chain for the evm-ingest benchmark: N logs over consecutive blocks, written as the
/// `file://` replay directory an `evm-logs` feed reads (`RPCReplay`: one file per call the collector
/// makes), plus the pools and tokens a store already knows before the pass.
///
/// The mix is the abi-decode benchmark's: 45% ERC-20 transfers of 200 tokens, 20% Uniswap V2 swaps and
/// 20% syncs of 100 V2 pools, 15% Uniswap V3 swaps of 50 V3 pools; blocks of 100-400 logs. Pages are
/// `blocksPerPage` blocks, and every file the pass asks for exists: `eth_chainId`, `eth_blockNumber`,
/// per page the factories' (empty) pool-creation query and the tracked contracts' logs, and a header
/// per block.
struct ReplayWorkload {
    static let firstBlock: Int64 = 21_000_000
    static let firstBlockTime: Int64 = 1_735_689_600
    static let chain: ChainID = 1

    let directory: URL
    let logCount: Int
    let transfers: Int
    let swaps: Int
    let syncs: Int
    let lastBlock: Int64
    let options: EVMLogsOptions
    /// Rows the store holds before the pass: the pools (created before the first block) and the tokens.
    let known: IngestBatch

    init(logs: Int, blocksPerPage: Int, directory: URL, seed: UInt64 = 0x5EED_E7A1) throws {
        self.directory = directory
        var rng = SeededGenerator(seed: seed)
        func hex(_ digits: Int) -> String {
            var text = ""
            while text.count < digits {
                let part = String(rng.next(), radix: 16)
                text += String(repeating: "0", count: 16 - part.count) + part
            }
            return String(text.prefix(digits))
        }
        func word(_ bits: ClosedRange<Int>) -> String {
            let width = Int.random(in: bits, using: &rng)
            let high = width > 64 ? rng.next() >> UInt64(128 - width) : 0
            let low = width >= 64 ? rng.next() : rng.next() >> UInt64(64 - width)
            let body = high == 0 ? String(low, radix: 16)
                : String(high, radix: 16) + { let t = String(low, radix: 16); return String(repeating: "0", count: 16 - t.count) + t }()
            return String(repeating: "0", count: 64 - body.count) + body
        }
        let tokens = try (0..<200).map { _ in try EVMAddress("0x" + hex(40)) }
        let v2Pools = try (0..<100).map { _ in try EVMAddress("0x" + hex(40)) }
        let v3Pools = try (0..<50).map { _ in try EVMAddress("0x" + hex(40)) }
        let holders = (0..<20_000).map { _ in hex(40) }
        let v2Factory = try EVMAddress("0x" + hex(40)), v3Factory = try EVMAddress("0x" + hex(40))
        let padding = String(repeating: "0", count: 24)
        let zero = String(repeating: "0", count: 64)
        let transfer = TrackedEvent.erc20Transfer.topic0.hex, v2Swap = TrackedEvent.uniswapV2Swap.topic0.hex
        let sync = TrackedEvent.uniswapV2Sync.topic0.hex, v3Swap = TrackedEvent.uniswapV3Swap.topic0.hex

        // Blocks first, so that pages can be cut from them.
        var blocks: [(hash: String, logs: [String])] = []
        var counts = (transfers: 0, swaps: 0, syncs: 0)
        var produced = 0
        while produced < logs {
            let number = Self.firstBlock + Int64(blocks.count)
            let hash = "0x" + hex(64)
            let inBlock = min(Int.random(in: 100...400, using: &rng), logs - produced)
            var entries: [String] = []
            entries.reserveCapacity(inBlock)
            var transaction = 0
            while entries.count < inBlock {
                let txHash = "0x" + hex(64)
                for _ in 0..<min(Int.random(in: 1...3, using: &rng), inBlock - entries.count) {
                    let address: EVMAddress, topics: [String], data: String
                    let draw = Int.random(in: 0..<100, using: &rng)
                    let from = "0x" + padding + holders.randomElement(using: &rng)!, to = "0x" + padding + holders.randomElement(using: &rng)!
                    if draw < 45 {
                        address = tokens[Int.random(in: 0..<(Bool.random(using: &rng) ? 20 : tokens.count), using: &rng)]
                        (topics, data) = ([transfer, from, to], word(40...96))
                        counts.transfers += 1
                    } else if draw < 65 {
                        address = v2Pools.randomElement(using: &rng)!
                        let buy = Bool.random(using: &rng)
                        topics = [v2Swap, from, to]
                        data = buy ? word(40...90) + zero + zero + word(40...90) : zero + word(40...90) + word(40...90) + zero
                        counts.swaps += 1
                    } else if draw < 85 {
                        address = v2Pools.randomElement(using: &rng)!
                        (topics, data) = ([sync], word(60...112) + word(60...112))
                        counts.syncs += 1
                    } else {
                        address = v3Pools.randomElement(using: &rng)!
                        let magnitude = UInt64.random(in: 1...(1 << 60), using: &rng)
                        let negative = String(repeating: "f", count: 48) + String(~magnitude &+ 1, radix: 16)
                        topics = [v3Swap, from, to]
                        data = (Bool.random(using: &rng) ? negative + word(40...90) : word(40...90) + negative)
                            + word(80...128) + word(60...128) + String(repeating: "0", count: 58) + "00c350"
                        counts.swaps += 1
                    }
                    entries.append(#"{"address":"\#(address.hex)","topics":["\#(topics.joined(separator: "\",\""))"],"data":"0x\#(data)","#
                        + #""blockNumber":"0x\#(String(number, radix: 16))","transactionHash":"\#(txHash)","#
                        + #""transactionIndex":"0x\#(String(transaction, radix: 16))","blockHash":"\#(hash)","#
                        + #""logIndex":"0x\#(String(entries.count, radix: 16))","removed":false}"#)
                }
                transaction += 1
            }
            produced += inBlock
            blocks.append((hash, entries))
        }
        logCount = produced
        (transfers, swaps, syncs) = counts
        lastBlock = Self.firstBlock + Int64(blocks.count) - 1

        options = EVMLogsOptions(chain: Self.chain,
                                 factories: [FactoryConfig(address: v2Factory, protocolKind: .uniswapV2),
                                             FactoryConfig(address: v3Factory, protocolKind: .uniswapV3)],
                                 tokens: tokens, startBlock: Self.firstBlock, confirmations: 0, maxBlockRange: blocksPerPage)

        // What the store knows: pools created (and tokens seen) a day before the first block.
        let before = Timestamp(seconds: Self.firstBlockTime - 86_400)
        let creation = try EVMHash("0x" + hex(64))
        var pools: [Pool] = []
        for (index, pool) in (v2Pools + v3Pools).enumerated() {
            let v3 = index >= v2Pools.count
            pools.append(Pool(chain: Self.chain, address: pool, dex: v3 ? .uniswapV3 : .uniswapV2, factory: v3 ? v3Factory : v2Factory,
                              token0: tokens[index % tokens.count], token1: tokens[(index + 1) % tokens.count], fee: v3 ? 3000 : nil,
                              created: LogPosition(chain: Self.chain, blockNumber: Self.firstBlock - 7200, blockHash: creation,
                                                   logIndex: Int64(index), transactionHash: creation),
                              createdAt: before, observedAt: before))
        }
        let known = tokens.enumerated().map { index, token in
            Token(id: TokenID(chain: Self.chain, address: token), symbol: "T\(index)", name: "Token \(index)", decimals: 18,
                  totalSupply: nil, firstSeenAt: before, observedAt: before)
        }
        self.known = IngestBatch(tokens: known, pools: pools)

        // The replay directory: exactly the calls the collector makes.
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        func write(_ request: JSONRPCRequest, _ result: String) throws {
            try RPCReplay.record(Array(RPCReplay.response(result: result).utf8), for: request, in: directory)
        }
        try write(.chainID, #""0x\#(String(Self.chain, radix: 16))""#)
        try write(.blockNumber, #""0x\#(String(lastBlock, radix: 16))""#)
        var parent = "0x" + String(repeating: "0", count: 64)
        for (offset, block) in blocks.enumerated() {
            let number = Self.firstBlock + Int64(offset)
            try write(.blockByNumber(number), #"{"number":"0x\#(String(number, radix: 16))","hash":"\#(block.hash)","parentHash":"\#(parent)","#
                      + #""timestamp":"0x\#(String(Self.firstBlockTime + 12 * Int64(offset), radix: 16))","gasUsed":"0x0"}"#)
            parent = block.hash
        }
        let contracts = tokens + v2Pools + v3Pools
        var start = 0
        while start < blocks.count {
            let end = min(start + blocksPerPage, blocks.count)
            let from = Self.firstBlock + Int64(start), to = Self.firstBlock + Int64(end) - 1
            try write(.getLogs(LogFilter(fromBlock: from, toBlock: to, addresses: [v2Factory, v3Factory],
                                         topics: [EVMLogCollector.discoveryTopics])), "[]")
            try write(.getLogs(LogFilter(fromBlock: from, toBlock: to, addresses: contracts, topics: [EVMLogCollector.trackedTopics])),
                      "[" + blocks[start..<end].map { $0.logs.joined(separator: ",") }.joined(separator: ",") + "]")
            start = end
        }
    }
}
