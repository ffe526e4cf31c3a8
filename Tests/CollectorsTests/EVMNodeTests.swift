import Collectors
import Foundation
import RadarCore
import Testing

/// What `evm_node.py --manifest` writes: the ground truth of the seeded trading scenario (see Node/README.md).
struct EVMNodeManifest: Decodable, Sendable {
    struct Token: Decodable, Sendable {
        var address: String
        var name: String
        var symbol: String
        var decimals: Int
        var symbolType: String
        var totalSupply: String
    }

    struct Pair: Decodable, Sendable {
        var address: String
        var token0: String
        var token1: String
        var createdBlock: Int
        var name: String
    }

    var chainId: Int
    var wallets: [String]
    var fromBlock: Int
    var toBlock: Int
    var latestBlockHash: String
    var contracts: [String: String]
    var tokens: [String: Token]
    var pairs: [Pair]
    var topics: [String: String]
    var logCounts: [String: Int]
    var logCountsByAddress: [String: [String: Int]]
    var logsPerBlock: [Int]
    var transferTotals: [String: String]
    /// Each pair's reserves after its last `Sync`.
    var reserves: [String: [String: String]]?
    var transactions: Int
    var failedTransactions: Int
    /// The IP registry's events, when the node ran with `--ip-events N`.
    var ipRegistry: IPRegistryManifest?
}

/// The IP registry's part of the manifest (`--ip-events`): every registry log decoded by eth_abi, and
/// the logs that do not decode.
struct IPRegistryManifest: Decodable, Sendable {
    struct Event: Decodable, Sendable {
        var event: String
        var blockNumber: Int
        var blockHash: String
        var logIndex: Int
        var transactionHash: String
        /// Parameter values by name: addresses lowercase, integers in decimal.
        var values: [String: String]
    }

    struct Position: Decodable, Sendable {
        var blockNumber: Int
        var blockHash: String
        var logIndex: Int
        var transactionHash: String
    }

    var address: String
    var counts: [String: Int]
    var events: [Event]
    var malformed: [Position]
    var topics: [String: String]
}

/// A JSON-RPC error the node answered.
struct EVMRPCError: Error, Equatable, CustomStringConvertible {
    var code: Int
    var message: String
    var description: String { "JSON-RPC error \(code): \(message)" }
}

/// A real local EVM JSON-RPC node for tests: `Node/evm_node.py` run by the venv's Python (scripts/setup.sh
/// installs eth-tester, py-evm and vyper there), on an ephemeral 127.0.0.1 port, reached through the
/// collectors' own `HTTPClient`. The node exits when `stop()` closes its standard input (or on deinit,
/// or when the test process dies and the pipe closes).
final class EVMTestNode: @unchecked Sendable {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python = repository.appendingPathComponent(".venv/bin/python")
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Node/evm_node.py")

    /// Whether the venv's Python has what the node imports.
    static let isAvailable: Bool = {
        guard FileManager.default.isExecutableFile(atPath: python.path) else { return false }
        let process = Process()
        process.executableURL = python
        process.arguments = ["-c", "import eth_tester, eth, vyper, coincurve"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    static let feed: HTTPFeed = {
        var retry = RetryPolicy()
        retry.maxRetries = 0
        return HTTPFeed(name: "evm-node", connectTimeout: .seconds(5), timeout: .seconds(60), retry: retry)
    }()

    /// `http://127.0.0.1:PORT`
    let url: String
    /// The scenario's ground truth, when started with a scenario.
    let manifest: EVMNodeManifest?
    let client: HTTPClient
    private let process: Process
    private let input: Pipe
    private let directory: URL
    private let lock = NSLock()
    private var stopped = false

    private init(url: String, manifest: EVMNodeManifest?, client: HTTPClient, process: Process, input: Pipe, directory: URL) {
        self.url = url
        self.manifest = manifest
        self.client = client
        self.process = process
        self.input = input
        self.directory = directory
    }

    deinit { stop() }

    /// Starts a node with `arguments`; with `scenario`, runs `--scenario trade` with those extra arguments
    /// (seed, wallets, blocks...) and reads its manifest.
    static func start(_ arguments: [String] = [], scenario: [String]? = nil,
                      timeout: Duration = .seconds(180)) async throws -> EVMTestNode {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("evm-node-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let manifestFile = directory.appendingPathComponent("manifest.json")
        let stderrFile = directory.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)

        let process = Process()
        process.executableURL = python
        var all = [script.path, "--port", "0"] + arguments
        if let scenario {
            all += ["--scenario", "trade", "--manifest", manifestFile.path] + scenario
        }
        process.arguments = all
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        try process.run()

        let launch = Launch(process: process)
        let line = try await launch.firstLine(of: output.fileHandleForReading, timeout: timeout)
        func failure(_ what: String) -> Error {
            process.terminate()
            let log = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
            return EVMRPCError(code: 0, message: "evm_node \(what); its stderr:\n\(log.suffix(4000))")
        }
        guard let line, line.hasPrefix("listening http://127.0.0.1:") else {
            throw failure(line.map { "printed \($0) instead of its listening line" } ?? "exited or timed out before listening")
        }
        let manifest = scenario == nil ? nil
            : try JSONDecoder().decode(EVMNodeManifest.self, from: Data(contentsOf: manifestFile))
        let client = try HTTPClient(configuration: .init(maxThreads: 2, maxConcurrentRequestsPerHost: 2))
        return EVMTestNode(url: String(line.dropFirst("listening ".count)), manifest: manifest, client: client,
                           process: process, input: input, directory: directory)
    }

    /// Closes the node's standard input (it exits) and waits for it.
    func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: JSON-RPC

    /// POSTs `body` (JSON text) and returns the decoded answer.
    func post(_ body: String) async throws -> Any {
        let response = try await client.send(.post(SecretString(literal: url), jsonBody: Array(body.utf8), feed: Self.feed))
        return try JSONSerialization.jsonObject(with: response.data, options: [.fragmentsAllowed])
    }

    /// Calls `method` with `params` (a JSON array as text): its result, or the node's error thrown as `EVMRPCError`.
    func call(_ method: String, _ params: String = "[]") async throws -> Any {
        let answer = try await post(#"{"jsonrpc":"2.0","id":1,"method":"\#(method)","params":\#(params)}"#)
        guard let response = answer as? [String: Any] else { throw EVMRPCError(code: 0, message: "not an object: \(answer)") }
        if let error = response["error"] as? [String: Any] {
            throw EVMRPCError(code: error["code"] as? Int ?? 0, message: error["message"] as? String ?? "")
        }
        return response["result"] ?? NSNull()
    }

    /// The error `method` answers, or nil when it succeeds.
    func error(_ method: String, _ params: String = "[]") async throws -> EVMRPCError? {
        do {
            _ = try await call(method, params)
            return nil
        } catch let error as EVMRPCError {
            return error
        }
    }

    func quantity(_ method: String, _ params: String = "[]") async throws -> Int? {
        hexInt(try await call(method, params))
    }

    func logs(_ filter: String) async throws -> [[String: Any]] {
        let result = try await call("eth_getLogs", "[\(filter)]")
        guard let logs = result as? [[String: Any]] else { throw EVMRPCError(code: 0, message: "logs are not an array") }
        return logs
    }

    func block(_ number: Int) async throws -> [String: Any]? {
        try await call("eth_getBlockByNumber", #"["\#(hex(number))", false]"#) as? [String: Any]
    }

    /// Reads the process's first stdout line on its own thread, giving up after a timeout.
    private final class Launch: @unchecked Sendable {
        let process: Process
        private let lock = NSLock()
        private var continuation: CheckedContinuation<String?, Never>?

        init(process: Process) { self.process = process }

        func firstLine(of handle: FileHandle, timeout: Duration) async throws -> String? {
            await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
                lock.lock()
                self.continuation = continuation
                lock.unlock()
                let thread = Thread { [self] in
                    var buffer = Data()
                    while true {
                        let chunk = handle.availableData
                        if chunk.isEmpty {
                            finish(nil)
                            return
                        }
                        buffer.append(chunk)
                        if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                            finish(String(decoding: buffer[..<newline], as: UTF8.self))
                            return
                        }
                    }
                }
                thread.start()
                let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
                DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
                    if finish(nil) { process.terminate() }
                }
            }
        }

        @discardableResult
        private func finish(_ line: String?) -> Bool {
            lock.lock()
            let pending = continuation
            continuation = nil
            lock.unlock()
            pending?.resume(returning: line)
            return pending != nil
        }
    }
}

func hex(_ value: Int) -> String { "0x" + String(value, radix: 16) }

func hexInt(_ value: Any?) -> Int? {
    guard let text = value as? String, text.hasPrefix("0x") else { return nil }
    return Int(text.dropFirst(2), radix: 16)
}

// MARK: - Tests

@Suite(.enabled(if: EVMTestNode.isAvailable, "needs eth-tester, py-evm and vyper in .venv: run scripts/setup.sh"))
struct EVMNodeTests {
    /// A collector's loop in miniature: it walks the scenario's blocks in chunks, halving a chunk the node
    /// refuses with -32005, and must end with exactly the logs the manifest counts.
    @Test func chunkedLogQueriesReturnExactlyTheManifestsLogs() async throws {
        let node = try await EVMTestNode.start(["--max-logs", "150"],
                                               scenario: ["--seed", "11", "--wallets", "8", "--blocks", "40"])
        defer { node.stop() }
        let manifest = try #require(node.manifest)
        #expect(manifest.failedTransactions == 0)
        #expect(manifest.chainId == 1337)
        #expect(try await node.quantity("eth_chainId") == 1337)
        #expect(try await node.quantity("eth_blockNumber") == manifest.toBlock)
        let total = try #require(manifest.logCounts["total"])
        #expect(total > 150)

        // The whole range is refused as hosted providers do.
        let refused = try await node.error("eth_getLogs", #"[{"fromBlock":"earliest","toBlock":"latest"}]"#)
        #expect(refused == EVMRPCError(code: -32005, message: "query returned more than 150 results"))

        var logs: [[String: Any]] = []
        var from = manifest.fromBlock
        var span = 32
        var refusals = 0
        while from <= manifest.toBlock {
            let to = min(from + span - 1, manifest.toBlock)
            do {
                logs += try await node.logs(#"{"fromBlock":"\#(hex(from))","toBlock":"\#(hex(to))"}"#)
                from = to + 1
            } catch let error as EVMRPCError where error.code == -32005 && span > 1 {
                refusals += 1
                span /= 2
            }
        }
        #expect(refusals > 0)
        #expect(logs.count == total)

        let names = Dictionary(uniqueKeysWithValues: manifest.topics.map { ($0.value, $0.key) })
        var byName: [String: Int] = [:]
        var byBlock: [Int: [Int]] = [:]
        var usdcTransferred: UInt64 = 0
        let usdc = try #require(manifest.tokens["USDC"]).address
        for log in logs {
            let topics = try #require(log["topics"] as? [String])
            byName[names[topics[0]] ?? "other", default: 0] += 1
            byBlock[try #require(hexInt(log["blockNumber"])), default: []].append(try #require(hexInt(log["logIndex"])))
            let address = try #require(log["address"] as? String)
            #expect(address == address.lowercased())
            #expect(log["removed"] as? Bool == false)
            if address == usdc && topics[0] == manifest.topics["Transfer"] {
                usdcTransferred += try #require(UInt64((log["data"] as? String ?? "").dropFirst(2), radix: 16))
            }
        }
        for (name, count) in manifest.logCounts where name != "total" {
            #expect(byName[name, default: 0] == count, "\(name) logs")
        }
        // logIndex counts per block from zero, as on mainnet.
        for (offset, count) in manifest.logsPerBlock.enumerated() {
            #expect(byBlock[manifest.fromBlock + offset, default: []] == Array(0..<count), "block \(manifest.fromBlock + offset)")
        }
        // USDC's amounts fit 64 bits (6 decimals); the others need uint256 arithmetic.
        #expect(String(usdcTransferred) == manifest.transferTotals[usdc])

        // Filters, with the cap lifted: an address (any case) and topic0 as an OR-array.
        _ = try await node.call("test_setMaxLogs", "[null]")
        let pair = try #require(manifest.pairs.first)
        let swapAndSync = try await node.logs(#"""
            {"fromBlock":"0x0","toBlock":"latest","address":["\#(pair.address.uppercased().replacingOccurrences(of: "0X", with: "0x"))"],
             "topics":[["\#(manifest.topics["Swap"]!)","\#(manifest.topics["Sync"]!)"]]}
            """#)
        let pairCounts = try #require(manifest.logCountsByAddress[pair.address])
        #expect(swapAndSync.count == pairCounts["Swap", default: 0] + pairCounts["Sync", default: 0])
        // A positional filter (null is a wildcard): every Transfer to the first wallet.
        let wallet = "0x000000000000000000000000" + String(try #require(manifest.wallets.first).dropFirst(2))
        let toWallet = try await node.logs(#"{"fromBlock":"0x0","toBlock":"latest","topics":["\#(manifest.topics["Transfer"]!)",null,"\#(wallet)"]}"#)
        #expect(!toWallet.isEmpty)
        #expect(toWallet.allSatisfy { ($0["topics"] as? [String])?[2] == wallet })

        // ERC-20 metadata through eth_call: a string symbol, a bytes32 symbol (MKR), decimals.
        let tkn = try #require(manifest.tokens["TKN"])
        let mkr = try #require(manifest.tokens["MKR"])
        let symbol = try #require(try await node.call("eth_call", #"[{"to":"\#(tkn.address)","data":"0x95d89b41"},"latest"]"#) as? String)
        #expect(symbol.hasSuffix("0000000000000000000000000000000000000000000000000000000000000003" + "544b4e" + String(repeating: "0", count: 58)))
        #expect(mkr.symbolType == "bytes32")
        let bytes32 = try await node.call("eth_call", #"[{"to":"\#(mkr.address)","data":"0x95d89b41"},"latest"]"#) as? String
        #expect(bytes32 == "0x4d4b52" + String(repeating: "0", count: 58))
        let decimals = try await node.call("eth_call", #"[{"to":"\#(usdc)","data":"0x313ce567"}]"#)
        #expect(hexInt(decimals) == 6)

        // A batch: an array in, an array out, in order.
        let batch = try #require(try await node.post(#"[{"jsonrpc":"2.0","id":7,"method":"eth_chainId"},{"jsonrpc":"2.0","id":8,"method":"eth_blockNumber"}]"#) as? [[String: Any]])
        #expect(batch.map { $0["id"] as? Int } == [7, 8])
        #expect(hexInt(batch[1]["result"]) == manifest.toBlock)
    }

    /// A reorganisation: blocks from K on are replaced, their hashes change, the old hashes are gone.
    @Test func reorgReplacesBlocksAndSnapshotsRevert() async throws {
        let node = try await EVMTestNode.start(scenario: ["--seed", "5", "--wallets", "4", "--blocks", "6"])
        defer { node.stop() }
        let manifest = try #require(node.manifest)
        let latest = manifest.toBlock
        let ancestor = try #require(try await node.block(latest - 2)?["hash"] as? String)
        let replaced = try #require(try await node.block(latest - 1)?["hash"] as? String)
        #expect(try await node.block(latest)?["hash"] as? String == manifest.latestBlockHash)

        let reorg = try #require(try await node.call("test_reorg", #"[{"depth":2}]"#) as? [String: Any])
        #expect(hexInt(reorg["fromBlock"]) == latest - 1)
        #expect(try await node.quantity("eth_blockNumber") == latest)
        let newBlock = try #require(try await node.block(latest - 1))
        #expect(newBlock["hash"] as? String != replaced)
        #expect(newBlock["parentHash"] as? String == ancestor)
        #expect(try await node.block(latest)?["hash"] as? String != manifest.latestBlockHash)
        #expect(try await node.call("eth_getBlockByHash", #"["\#(replaced)", false]"#) is NSNull)
        #expect(try await node.error("eth_getLogs", #"[{"blockHash":"\#(replaced)"}]"#)?.code == -32000)
        let newHash = try #require(newBlock["hash"] as? String)
        for log in try await node.logs(#"{"fromBlock":"\#(hex(latest - 1))","toBlock":"\#(hex(latest - 1))"}"#) {
            #expect(log["blockHash"] as? String == newHash)
        }
        // The manifest follows the new chain.
        let after = try #require(try await node.call("test_manifest") as? [String: Any])
        let counts = try #require(after["logCounts"] as? [String: Int])
        #expect(try await node.logs(#"{"fromBlock":"\#(hex(manifest.fromBlock))","toBlock":"latest"}"#).count == counts["total"])

        // evm_snapshot / evm_mine / evm_revert
        let head = try #require(try await node.block(latest)?["hash"] as? String)
        let snapshot = try #require(try await node.call("evm_snapshot") as? String)
        _ = try await node.call("evm_mine", #"[{"blocks":"0x3"}]"#)
        #expect(try await node.quantity("eth_blockNumber") == latest + 3)
        #expect(try await node.call("evm_revert", #"["\#(snapshot)"]"#) as? Bool == true)
        #expect(try await node.quantity("eth_blockNumber") == latest)
        #expect(try await node.block(latest)?["hash"] as? String == head)
        #expect(try await node.block(latest + 1) == nil)

        // Errors: an unknown method, bad params.
        #expect(try await node.error("eth_nope")?.code == -32601)
        #expect(try await node.error("eth_getLogs", #"[{"fromBlock":"banana"}]"#)?.code == -32602)
        #expect(try await node.error("eth_getLogs", #"[{"fromBlock":"0x5","toBlock":"0x4"}]"#)?.code == -32602)
        // A call that reverts (a transfer from an empty, unfunded account) answers code 3.
        let tkn = try #require(manifest.tokens["TKN"]).address
        let transfer = "0xa9059cbb" + String(repeating: "0", count: 24) + String(repeating: "11", count: 20) + String(repeating: "0", count: 63) + "1"
        let reverted = try await node.error("eth_call", #"[{"from":"0x\#(String(repeating: "ab", count: 20))","to":"\#(tkn)","data":"\#(transfer)"},"latest"]"#)
        #expect(reverted == EVMRPCError(code: 3, message: "execution reverted"))
    }
}
