import Collectors
import FeatureStore
import Foundation
import RadarCore
import RadarTestSupport
import Testing

/// One node per scenario, started on first use and shared by a suite's tests (the node exits with the
/// test process, when its standard input closes).
actor SharedEVMNode {
    private let arguments: [String]
    private let scenario: [String]
    private var starting: Task<EVMTestNode, any Error>?

    init(arguments: [String] = [], scenario: [String]) {
        self.arguments = arguments
        self.scenario = scenario
    }

    func node() async throws -> EVMTestNode {
        if let starting { return try await starting.value }
        let (arguments, scenario) = (arguments, scenario)
        let task = Task { try await EVMTestNode.start(arguments, scenario: scenario) }
        starting = task
        return try await task.value
    }
}

/// Builds collectors, stores and expectations over an `EVMTestNode` scenario.
enum CollectorHarness {
    static let chain: ChainID = 1337
    static let maker = AliasRule(ip: "Maker", category: .brand, keywords: ["mkr"])

    static func store() throws -> FeatureStore {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("evm-collector-\(UUID().uuidString)")
        return try FeatureStore(path: directory.appendingPathComponent("radar.sqlite").path)
    }

    /// The scenario's factory (V2) and all four tokens, read from block 0 with no confirmations.
    static func options(_ manifest: EVMNodeManifest, maxBlockRange: Int = 1_000) throws -> EVMLogsOptions {
        EVMLogsOptions(chain: chain,
                       factories: [FactoryConfig(address: try EVMAddress(manifest.contracts["factory"]!), protocolKind: .uniswapV2)],
                       tokens: try manifest.tokens.values.map { try EVMAddress($0.address) }.sorted(),
                       startBlock: 0, confirmations: 0, maxBlockRange: maxBlockRange)
    }

    static func collector(_ node: EVMTestNode, name: String = "chain", url: String? = nil, maxBlockRange: Int = 1_000,
                          recordTo: URL? = nil) throws -> EVMLogCollector {
        let rpc = EVMRPCClient(http: node.client, url: SecretString(literal: url ?? node.url),
                               feed: HTTPFeed(name: name, timeout: .seconds(60), retry: .none), recordTo: recordTo)
        return EVMLogCollector(name: name, options: try options(node.manifest!, maxBlockRange: maxBlockRange), rpc: rpc, aliases: [maker])
    }

    static let clock = ManualClock(Timestamp(seconds: 1_800_000_000))

    /// The store holds exactly the scenario's tracked logs: counts per event, each token's (and LP
    /// token's) transfer total, and every pair's reserves as of its last Sync.
    static func expectStore(_ store: FeatureStore, matches manifest: EVMNodeManifest,
                            sourceLocation: SourceLocation = #_sourceLocation) throws {
        let tables = try store.stats().tables
        let counts = manifest.logCounts
        #expect(tables[.transfers] == counts["Transfer"], "transfers", sourceLocation: sourceLocation)
        #expect(tables[.swaps] == counts["Swap"], "swaps", sourceLocation: sourceLocation)
        #expect(tables[.reserves] == counts["Sync"], "reserves", sourceLocation: sourceLocation)
        #expect(tables[.liquidityEvents] == counts["Mint", default: 0] + counts["Burn", default: 0], "mints and burns",
                sourceLocation: sourceLocation)
        #expect(tables[.pools] == counts["PairCreated"], "pools", sourceLocation: sourceLocation)

        let everything = store.asOf(Timestamp(seconds: .max))
        var totals: [String: String] = [:]
        for transfer in try everything.transfers(since: Timestamp(seconds: 0)) {
            totals[transfer.token.hex] = addDecimal(totals[transfer.token.hex] ?? "0", transfer.amount.digits)
        }
        #expect(totals == manifest.transferTotals, sourceLocation: sourceLocation)
        for (pair, reserves) in manifest.reserves ?? [:] {
            let latest = try everything.latestReserves(chain: chain, pool: try EVMAddress(pair))
            #expect(latest?.reserve0.digits == reserves["reserve0"], "\(pair) reserve0", sourceLocation: sourceLocation)
            #expect(latest?.reserve1.digits == reserves["reserve1"], "\(pair) reserve1", sourceLocation: sourceLocation)
        }
    }

    /// The manifest of the chain as it is now.
    static func manifest(of node: EVMTestNode) async throws -> EVMNodeManifest {
        let object = try await node.call("test_manifest")
        return try JSONDecoder().decode(EVMNodeManifest.self, from: JSONSerialization.data(withJSONObject: object))
    }
}

/// Sum of two non-negative decimal strings (uint256 totals do not fit 64 bits).
func addDecimal(_ a: String, _ b: String) -> String {
    var result: [UInt8] = []
    var carry: UInt8 = 0
    var x = Array(a.utf8.reversed()), y = Array(b.utf8.reversed())
    let count = max(x.count, y.count)
    x += [UInt8](repeating: UInt8(ascii: "0"), count: count - x.count)
    y += [UInt8](repeating: UInt8(ascii: "0"), count: count - y.count)
    for index in 0..<count {
        let digit = (x[index] - 48) + (y[index] - 48) + carry
        result.append(digit % 10 + 48)
        carry = digit / 10
    }
    if carry > 0 { result.append(carry + 48) }
    let text = String(decoding: result.reversed(), as: UTF8.self).drop { $0 == "0" }
    return text.isEmpty ? "0" : String(text)
}

@Suite(.serialized, .enabled(if: EVMTestNode.isAvailable, "needs eth-tester, py-evm and vyper in .venv: run scripts/setup.sh"))
struct EVMLogCollectorNodeTests {
    static let shared = SharedEVMNode(scenario: ["--seed", "7", "--wallets", "20", "--blocks", "60"])

    /// A first pass stores exactly the node's logs with token metadata (MKR's bytes32 symbol included)
    /// and alias links; a second pass with no new blocks stores nothing.
    @Test func storesExactlyTheNodesLogsThenNothingOnASecondPass() async throws {
        let node = try await Self.shared.node()
        let manifest = try #require(node.manifest)
        let store = try CollectorHarness.store()
        let collector = try CollectorHarness.collector(node)

        let first = await collector.collectPass(into: store, clock: CollectorHarness.clock)
        #expect(first.feed.errors == [])
        #expect(first.head == Int64(manifest.toBlock))
        try CollectorHarness.expectStore(store, matches: manifest)
        let checkpoint = try #require(try store.checkpoint(feed: "chain"))
        let cursor = try EVMCursor(parsing: checkpoint.cursor, feed: "chain")
        #expect(cursor.block == Int64(manifest.toBlock))
        #expect(cursor.hash?.hex == manifest.latestBlockHash)
        #expect(first.feed.line.hasPrefix("chain: fetched "))

        // Tokens with their metadata; MKR answers bytes32 name and symbol.
        let tokens = Dictionary(uniqueKeysWithValues: try store.asOf(Timestamp(seconds: .max)).tokens().map { ($0.id.address.hex, $0) })
        #expect(tokens.count == manifest.tokens.count)
        for (symbol, expected) in manifest.tokens {
            let token = try #require(tokens[expected.address], "\(symbol)")
            #expect(token.symbol == expected.symbol)
            #expect(token.name == expected.name)
            #expect(token.decimals == expected.decimals)
            #expect(token.totalSupply?.digits == expected.totalSupply)
        }
        #expect(tokens[manifest.tokens["MKR"]!.address]?.symbol == "MKR")
        let links = try store.asOf(Timestamp(seconds: .max)).ipLinks()
        #expect(links.map(\.token.address.hex) == [manifest.tokens["MKR"]!.address])
        #expect(links.first?.source == .inferred)
        #expect(links.first?.ipName == "Maker")

        // Every stored row's block is stored, with the node's hash, parent and time.
        let transfer = try #require(try store.asOf(Timestamp(seconds: .max)).transfers(since: Timestamp(seconds: 0)).last)
        let block = try #require(try store.knownBlock(chain: CollectorHarness.chain, number: transfer.position.blockNumber))
        let header = try #require(try await node.block(Int(block.number)))
        #expect(block.hash.hex == header["hash"] as? String)
        #expect(block.parentHash?.hex == header["parentHash"] as? String)
        #expect(Int(block.timestamp.seconds) == hexInt(header["timestamp"]))
        #expect(transfer.eventTime == block.timestamp)
        #expect(transfer.observedAt == CollectorHarness.clock.now())

        let second = await collector.collectPass(into: store, clock: CollectorHarness.clock)
        #expect(second.feed.errors == [])
        #expect(second.feed.fetched == 0)
        #expect(second.feed.newRows == 0)
        #expect(second.pages == 0)
        #expect(try store.checkpoint(feed: "chain")?.cursor == checkpoint.cursor)
        try CollectorHarness.expectStore(store, matches: manifest)
    }

    /// With the node refusing more than 100 logs per query, ranges split (and grow back) and the
    /// store still ends with every log.
    @Test func splitsRangesTheNodeRefusesAndStillGetsEverything() async throws {
        let node = try await Self.shared.node()
        let manifest = try #require(node.manifest)
        _ = try await node.call("test_setMaxLogs", "[100]")
        let store = try CollectorHarness.store()
        let pass = try await CollectorHarness.collector(node, name: "split", maxBlockRange: 64).collectPass(into: store, clock: CollectorHarness.clock)
        _ = try await node.call("test_setMaxLogs", "[null]")
        #expect(pass.feed.errors == [])
        #expect(pass.rangeSplits > 0)
        #expect(pass.pages > 2)
        try CollectorHarness.expectStore(store, matches: manifest)
    }

    /// A pass recorded into a directory replays from `file://` into another store with the same rows.
    @Test func aRecordedPassReplaysFromFiles() async throws {
        let node = try await Self.shared.node()
        let manifest = try #require(node.manifest)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("evm-replay-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let live = try CollectorHarness.store()
        let recorded = try await CollectorHarness.collector(node, name: "rec", maxBlockRange: 32, recordTo: directory)
            .collectPass(into: live, clock: CollectorHarness.clock)
        #expect(recorded.feed.errors == [])
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("eth_blockNumber.json").path))

        let replayed = try CollectorHarness.store()
        let pass = try await CollectorHarness.collector(node, name: "rec", url: directory.absoluteString, maxBlockRange: 32)
            .collectPass(into: replayed, clock: CollectorHarness.clock)
        #expect(pass.feed.errors == [])
        #expect(pass.feed.fetched == recorded.feed.fetched)
        try CollectorHarness.expectStore(replayed, matches: manifest)
        #expect(try replayed.checkpoint(feed: "rec")?.cursor == live.checkpoint(feed: "rec")?.cursor)
        #expect(try replayed.asOf(Timestamp(seconds: .max)).tokens().map(\.symbol) == live.asOf(Timestamp(seconds: .max)).tokens().map(\.symbol))
    }

    /// The RPC client's own calls: chain id, head, a header, metadata of a bytes32 token in one batch,
    /// and a JSON-RPC error surfaced with its code and message.
    @Test func rpcClientCallsAndErrors() async throws {
        let node = try await Self.shared.node()
        let manifest = try #require(node.manifest)
        let rpc = EVMRPCClient(http: node.client, url: SecretString(literal: node.url), feed: HTTPFeed(name: "rpc", retry: .none))
        #expect(try await rpc.chainID() == 1337)
        #expect(try await rpc.blockNumber() == Int64(manifest.toBlock))
        let head = try #require(try await rpc.block(Int64(manifest.toBlock)))
        #expect(head.hash.hex == manifest.latestBlockHash)
        #expect(try await rpc.block(Int64(manifest.toBlock + 100)) == nil)
        let headers = try await rpc.blocks([1, 2, 3])
        #expect(headers[2]?.parentHash == headers[1]?.hash)

        let mkr = try EVMAddress(manifest.tokens["MKR"]!.address)
        let usdc = try EVMAddress(manifest.tokens["USDC"]!.address)
        let router = try EVMAddress(manifest.contracts["router"]!)
        let metadata = try await rpc.tokenMetadata([mkr, usdc, router, .zero])
        #expect(metadata[mkr] == TokenMetadata(name: manifest.tokens["MKR"]!.name, symbol: "MKR", decimals: 18,
                                               totalSupply: try DecimalAmount(manifest.tokens["MKR"]!.totalSupply)))
        #expect(metadata[usdc]?.decimals == 6)
        // The router has none of the methods (reverts); the zero address has no code (empty answers).
        #expect(metadata[router]?.isEmpty == true)
        #expect(metadata[.zero]?.isEmpty == true)

        do {
            _ = try await rpc.logs(LogFilter(fromBlock: 5, toBlock: 4))
            Issue.record("a reversed range must fail")
        } catch {
            #expect(error.code == -32602)
            #expect(error.feed == "rpc")
            #expect(error.description.contains("invalid block range params"))
            #expect(error.suggestsSmallerRange)
        }
    }
}

@Suite(.serialized, .enabled(if: EVMTestNode.isAvailable, "needs eth-tester, py-evm and vyper in .venv: run scripts/setup.sh"))
struct EVMLogCollectorReorgTests {
    /// After a first pass, the node replaces its last blocks and trades on: the next pass rolls the
    /// replaced blocks back, and the store then equals the new chain, like a fresh read of it.
    @Test func aReorgAfterAPassIsRolledBackAndReread() async throws {
        let node = try await EVMTestNode.start(scenario: ["--seed", "5", "--wallets", "20", "--blocks", "60"])
        defer { node.stop() }
        let store = try CollectorHarness.store()
        let collector = try CollectorHarness.collector(node, maxBlockRange: 25)
        let first = await collector.collectPass(into: store, clock: CollectorHarness.clock)
        #expect(first.feed.errors == [])
        try CollectorHarness.expectStore(store, matches: try #require(node.manifest))

        let reorg = try #require(try await node.call("test_reorg", #"[{"depth":6}]"#) as? [String: Any])
        let removed = try #require(reorg["removed"] as? [[String: Any]])
        let removedHashes = Set(removed.compactMap { $0["hash"] as? String })
        #expect(removedHashes.count == 6)
        _ = try await node.call("test_trade", #"[{"blocks":3}]"#)
        let manifest = try await CollectorHarness.manifest(of: node)

        let second = await collector.collectPass(into: store, clock: CollectorHarness.clock)
        #expect(second.feed.errors == [])
        #expect(Set(second.rolledBack.map(\.hash.hex)).isSubset(of: removedHashes))
        #expect(!second.rolledBack.isEmpty)
        #expect(second.rowsRolledBack > 0)
        try CollectorHarness.expectStore(store, matches: manifest)

        // Nothing of the replaced blocks remains.
        let everything = store.asOf(Timestamp(seconds: .max))
        let since = Timestamp(seconds: 0)
        let hashes = try everything.transfers(since: since).map(\.position.blockHash.hex) + everything.swaps(since: since).map(\.position.blockHash.hex)
        #expect(removedHashes.isDisjoint(with: hashes))
        for block in removed {
            let number = try #require(hexInt(block["number"]) ?? (block["number"] as? Int))
            let stored = try store.knownBlock(chain: CollectorHarness.chain, number: Int64(number))
            #expect(stored.map { !removedHashes.contains($0.hash.hex) } ?? true)
        }
        let cursor = try EVMCursor(parsing: try #require(try store.checkpoint(feed: "chain")).cursor, feed: "chain")
        #expect(cursor.hash?.hex == manifest.latestBlockHash)

        // The same as a fresh read of the new chain.
        let fresh = try CollectorHarness.store()
        let freshPass = try await CollectorHarness.collector(node).collectPass(into: fresh, clock: CollectorHarness.clock)
        #expect(freshPass.feed.errors == [])
        var ours = try store.stats().tables, theirs = try fresh.stats().tables
        ours[.checkpoints] = nil
        theirs[.checkpoints] = nil
        ours[.blocks] = nil  // block rows differ only by where pages ended
        theirs[.blocks] = nil
        #expect(ours == theirs)

        // And once more: nothing new.
        let third = await collector.collectPass(into: store, clock: CollectorHarness.clock)
        #expect(third.feed.newRows == 0)
        #expect(third.rolledBack.isEmpty)

        // A rollback cut short: another reorg, of which only the highest block was rolled back (with the
        // checkpoint rewound to the ancestor) before a crash. The next pass finds the rest above the cursor.
        let again = try #require(try await node.call("test_reorg", #"[{"depth":4}]"#) as? [String: Any])
        let ancestor = try #require(hexInt(again["fromBlock"]) ?? (again["fromBlock"] as? Int)) - 1
        let ancestorHash = try EVMHash(try #require(try await node.block(ancestor)?["hash"] as? String))
        var leftBehind = 0
        for number in (ancestor + 1)...(ancestor + 4) {
            guard let block = try store.knownBlock(chain: CollectorHarness.chain, number: Int64(number)) else { continue }
            leftBehind += 1
            if number == ancestor + 4 {
                try store.rollback(chain: CollectorHarness.chain, number: block.number, hash: block.hash,
                                   checkpoint: Checkpoint(feed: "chain", cursor: EVMCursor(block: Int64(ancestor), hash: ancestorHash).description,
                                                          updatedAt: CollectorHarness.clock.now()))
            }
        }
        #expect(leftBehind >= 2)
        let resumed = await collector.collectPass(into: store, clock: CollectorHarness.clock)
        #expect(resumed.feed.errors == [])
        #expect(resumed.rolledBack.count == leftBehind - 1)
        try CollectorHarness.expectStore(store, matches: try await CollectorHarness.manifest(of: node))
    }
}

/// Faults from a scripted HTTP server and from recorded files: the error names the feed and the
/// redacted URL, and the checkpoint does not move past what landed.
struct EVMLogCollectorFaultTests {
    static let token = try! EVMAddress("0x00000000000000000000000000000000000000aa")

    static func collector(url: String, name: String = "faulty", startBlock: Int64 = 0) -> (EVMLogCollector, HTTPClient) {
        let http = try! HTTPClient(configuration: .init(maxThreads: 2))
        let options = EVMLogsOptions(chain: 1337, tokens: [token], startBlock: startBlock, confirmations: 0, maxBlockRange: 10)
        let rpc = EVMRPCClient(http: http, url: SecretString(literal: url), feed: HTTPFeed(name: name, timeout: .seconds(5), retry: .none))
        return (EVMLogCollector(name: name, options: options, rpc: rpc), http)
    }

    static func answer(_ result: String) -> LoopbackHTTPServer.Reply { .json(RPCReplay.response(result: result)) }

    @Test func aNodeAnswering500IsReportedAndTheCheckpointStays() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/", [Self.answer(#""0x539""#), Self.answer(#""0x20""#), .status(500, body: "upstream exploded")])
        let store = try CollectorHarness.store()
        try store.saveCheckpoint(Checkpoint(feed: "faulty", cursor: "5", updatedAt: Timestamp(seconds: 1)))
        let (collector, _) = Self.collector(url: server.url("/?api_key=SECRET123"))
        let report = await collector.collect(into: store, clock: CollectorHarness.clock, pageLimit: nil)
        #expect(report.failed)
        let error = try #require(report.errors.first)
        #expect(error.contains("feed 'faulty'"))
        #expect(error.contains("HTTP 500"))
        #expect(error.contains("eth_getLogs"))
        #expect(error.contains("127.0.0.1"))
        #expect(!error.contains("SECRET123"))
        #expect(try store.checkpoint(feed: "faulty")?.cursor == "5")
        #expect(try store.stats().tables[.transfers] == 0)
    }

    @Test func malformedJSONIsReportedWithTheFieldAndTheCheckpointStays() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/", [Self.answer(#""0x539""#), Self.answer(#""0x20""#), .json(#"{"jsonrpc":"2.0","id":1,"result":[{"address":"0x12"#)])
        let store = try CollectorHarness.store()
        let (collector, _) = Self.collector(url: server.url("/"))
        let report = await collector.collect(into: store, clock: CollectorHarness.clock, pageLimit: nil)
        let error = try #require(report.errors.first)
        #expect(error.contains("feed 'faulty'"))
        #expect(error.contains("malformed"))
        #expect(error.contains("result[0].address"))
        #expect(try store.checkpoint(feed: "faulty") == nil)
    }

    @Test func aWrongChainIsRefusedBeforeReading() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/", Self.answer(#""0x1""#))
        let (collector, _) = Self.collector(url: server.url("/"))
        let report = await collector.collect(into: try CollectorHarness.store(), clock: CollectorHarness.clock, pageLimit: nil)
        #expect(report.errors.first?.contains("chain 1, the feed is configured for chain 1337") == true)
        #expect(server.requests.count == 1)
    }

    /// A replay whose third block holds a Transfer with two data words: blocks 1 and 2 land, the
    /// checkpoint stops at 2, the error names the block, transaction, log index, field and value;
    /// a second pass changes nothing.
    @Test func aLogThatDoesNotDecodeStopsTheCheckpointBelowIt() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("evm-bad-log-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        func write(_ request: JSONRPCRequest, _ result: String) throws {
            try RPCReplay.record(Array(RPCReplay.response(result: result).utf8), for: request, in: directory)
        }
        func hash(_ byte: Int) -> String { "0x" + String(repeating: String(format: "%02x", byte), count: 32) }
        let topic = TrackedEvent.erc20Transfer.topic0.hex
        let wallet = "0x" + String(repeating: "0", count: 24) + String(repeating: "11", count: 20)
        func log(block: Int, words: Int) -> String {
            #"{"address":"\#(Self.token.hex)","topics":["\#(topic)","\#(wallet)","\#(wallet)"],"data":"0x\#(String(repeating: "0", count: 64 * words - 1))7","#
                + #""blockNumber":"0x\#(block)","transactionHash":"\#(hash(0xC0 + block))","transactionIndex":"0x0","blockHash":"\#(hash(block))","logIndex":"0x0","removed":false}"#
        }
        try write(.chainID, #""0x539""#)
        try write(.blockNumber, #""0x3""#)
        let filter = LogFilter(fromBlock: 1, toBlock: 3, addresses: [Self.token], topics: [EVMLogCollector.trackedTopics])
        try write(.getLogs(filter), "[" + [log(block: 1, words: 1), log(block: 2, words: 1), log(block: 3, words: 2)].joined(separator: ",") + "]")
        for block in 1...3 {
            try write(.blockByNumber(Int64(block)),
                      #"{"number":"0x\#(block)","hash":"\#(hash(block))","parentHash":"\#(hash(block - 1))","timestamp":"0x\#(String(1_700_000_000 + 12 * block, radix: 16))"}"#)
        }

        let store = try CollectorHarness.store()
        let (collector, _) = Self.collector(url: directory.absoluteString, name: "replayed", startBlock: 1)
        let pass = await collector.collectPass(into: store, clock: CollectorHarness.clock)
        #expect(pass.decodeFailures.count == 1)
        let error = try #require(pass.feed.errors.first)
        #expect(error.contains("feed 'replayed'"))
        #expect(error.contains("block 3"))
        #expect(error.contains(hash(0xC3)))
        #expect(error.contains("log index 0"))
        #expect(error.contains("data = 64 bytes"))
        #expect(try store.stats().tables[.transfers] == 2)
        let cursor = try EVMCursor(parsing: try #require(try store.checkpoint(feed: "replayed")).cursor, feed: "replayed")
        #expect(cursor == EVMCursor(block: 2, hash: try EVMHash(hash(2))))
        // The token is tracked with no metadata (its calls were never recorded).
        #expect(try store.asOf(Timestamp(seconds: .max)).tokens().map(\.id.address) == [Self.token])

        let again = await collector.collectPass(into: store, clock: CollectorHarness.clock)
        #expect(again.feed.failed)
        #expect(again.feed.newRows == 0)
        #expect(try store.checkpoint(feed: "replayed")?.cursor == cursor.description)
    }
}
