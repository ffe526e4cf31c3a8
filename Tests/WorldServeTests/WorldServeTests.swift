import Collectors
import FeatureStore
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import RadarCore
import SimWorld
import Testing

/// The served world: byte-identical answers for one seed, provider-like errors, a growing head when
/// live, and the real collectors reading a small world into a store whose counts equal the world's.
@Suite(.serialized) struct WorldServeTests {
    static func world(tokens: Int = 20, days: Int = 5, seed: UInt64 = 11) throws -> SimWorld {
        try SimWorld(config: SimWorldConfig(seed: seed, tokens: tokens, days: days))
    }

    /// Runs a server on free ports for the duration of `body`.
    static func serving<T: Sendable>(_ world: SimWorld, speed: Double? = nil, logLimit: Int = 10_000,
                                     _ body: @Sendable (WorldServer.URLs) async throws -> T) async throws -> T {
        let server = WorldServer(history: WorldHistory(world: world), head: WorldHead(hours: world.config.hours, speed: speed),
                                 basePort: 0, logLimit: logLimit)
        let (stream, continuation) = AsyncStream.makeStream(of: WorldServer.URLs.self)
        let task = Task { try await server.run { continuation.yield($0) } }
        defer { task.cancel() }
        var iterator = stream.makeAsyncIterator()
        guard let urls = await iterator.next() else { throw CancellationError() }
        return try await body(urls)
    }

    static func post(_ url: String, _ body: String) async throws -> Data {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
        return try await URLSession.shared.data(for: request).0
    }

    static func rpc(_ url: String, _ method: String, _ params: String = "[]") async throws -> [String: Any] {
        let data = try await post(url, #"{"jsonrpc":"2.0","id":1,"method":"\#(method)","params":\#(params)}"#)
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    @Test func sameSeedGivesByteIdenticalLogs() async throws {
        let body = #"[{"jsonrpc":"2.0","id":1,"method":"eth_getLogs","params":[{"fromBlock":"0x1312d00","toBlock":"0x1316900"}]},"#
            + #"{"jsonrpc":"2.0","id":2,"method":"eth_getLogs","params":[{"fromBlock":"0x1316900","toBlock":"0x1318000","#
            + #""topics":["0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",null]}]}]"#
        let first = try await Self.serving(try Self.world()) { try await Self.post($0.rpc, body) }
        let second = try await Self.serving(try Self.world()) { try await Self.post($0.rpc, body) }
        #expect(first == second)
        #expect(first.count > 10_000)
        let other = try await Self.serving(try Self.world(seed: 12)) { try await Self.post($0.rpc, body) }
        #expect(other != first)
    }

    @Test func providerShapedAnswersAndErrors() async throws {
        let world = try Self.world()
        try await Self.serving(world, logLimit: 50) { urls in
            let chain = try await Self.rpc(urls.rpc, "eth_chainId")
            #expect(chain["result"] as? String == "0x1")
            let head = try await Self.rpc(urls.rpc, "eth_blockNumber")
            #expect(head["result"] as? String == "0x" + String(world.chain.headBlock, radix: 16))
            let tooMany = try await Self.rpc(urls.rpc, "eth_getLogs", #"[{"fromBlock":"earliest","toBlock":"latest"}]"#)
            let error = tooMany["error"] as? [String: Any]
            #expect(error?["code"] as? Int == -32005)
            #expect(error?["message"] as? String == "query returned more than 50 results")
            let unknown = try await Self.rpc(urls.rpc, "eth_sendRawTransaction", #"["0x00"]"#)
            #expect((unknown["error"] as? [String: Any])?["code"] as? Int == -32601)
            let bad = try await Self.rpc(urls.rpc, "eth_getLogs", #"[{"fromBlock":"twelve"}]"#)
            #expect((bad["error"] as? [String: Any])?["code"] as? Int == -32602)
            let block = try await Self.rpc(urls.rpc, "eth_getBlockByNumber", #"["latest",false]"#)
            let header = block["result"] as? [String: Any]
            #expect(header?["hash"] as? String == world.chain.hash(of: world.chain.headBlock).hex)
            let token = world.tokens[0]
            let symbol = try await Self.rpc(urls.rpc, "eth_call", #"[{"to":"\#(token.address.hex)","data":"0x95d89b41"},"latest"]"#)
            #expect((symbol["result"] as? String)?.count == 2 + 64 * 3)
        }
    }

    @Test func liveHeadAdvances() async throws {
        try await Self.serving(try Self.world(), speed: 20) { urls in
            let first = try await Self.rpc(urls.rpc, "eth_blockNumber")["result"] as! String
            try await Task.sleep(for: .milliseconds(400))
            let second = try await Self.rpc(urls.rpc, "eth_blockNumber")["result"] as! String
            #expect(Int(second.dropFirst(2), radix: 16)! > Int(first.dropFirst(2), radix: 16)!)
        }
    }

    /// What the collectors should store from the world: the evm-logs feed tracks a token or pool from
    /// the block its pool is created in; the ip-registry feed declares every event but derivatives.
    static func expectedCounts(_ world: SimWorld) -> [StoreTable: Int] {
        var tracked: [SimAddress: Int64] = [:]
        var counts: [StoreTable: Int] = [:]
        var lastHour: SimHour?
        var xPosts = 0, rssPosts = 0
        for hour in world.hours() {
            for log in hour.logs {
                switch log.event {
                case .pairCreated(let token0, let token1, let pair, _):
                    counts[.pools, default: 0] += 1
                    for address in [token0, token1, pair] where tracked[address] == nil { tracked[address] = log.blockNumber }
                case .transfer, .swap, .sync:
                    guard let since = tracked[log.address], since <= log.blockNumber else { continue }
                    let table: StoreTable = switch log.event {
                    case .transfer: .transfers
                    case .swap: .swaps
                    default: .reserves
                    }
                    counts[table, default: 0] += 1
                case .ipRegistered, .licenseTokensMinted, .royaltyPaid:
                    counts[.ipEvents, default: 0] += 1
                default: break
                }
            }
            for post in hour.posts { if post.source == .x { xPosts += 1 } else { rssPosts += 1 } }
            lastHour = hour
        }
        counts[.socialPosts] = xPosts + rssPosts
        // One per launched token at the head hour, and one for WETH, which the market collector prices
        // from the pairs it quotes.
        let launched = lastHour?.snapshots.count ?? 0
        counts[.marketSnapshots] = launched + (launched > 0 ? 1 : 0)
        return counts
    }

    @Test func realCollectorsIngestTheServedWorld() async throws {
        let world = try Self.world()
        let expected = Self.expectedCounts(world)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("world-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let stats = try await Self.serving(world) { urls in
            let yaml = """
                store:
                  path: \(directory.path)/radar.sqlite
                feeds:
                  - name: world-chain
                    kind: evm-logs
                    url: \(urls.rpc)
                    chain: 1
                    factories:
                      - address: "0x5C69bEe701ef814a2B6a3EDD4B1652CB9cc5aA6f"
                        protocol: uniswap-v2
                    startBlock: 20000000
                    confirmations: 0
                    maxBlockRange: 2000
                  - name: world-ip-registry
                    kind: ip-registry
                    url: \(urls.rpc)
                    chain: 1
                    startBlock: 20000000
                    contracts:
                      - "0x77319B4031e6eF1250907aa00018B8B1c67a244b"
                      - "0x04fbd8a2e56dd85CFD5500A4A4DfA955B9f1dE6f"
                      - "0xD2f60c40fEbccf6311f8B47c4f2Ec6b040400086"
                    events:
                      - kind: ip-registered
                        signature: "IPRegistered(address ipId, uint256 indexed chainId, address indexed tokenContract, uint256 indexed tokenId, string name, string uri, uint256 registrationDate)"
                        fields: { ipId: ipId, token: tokenContract }
                      - kind: licence-minted
                        signature: "LicenseTokensMinted(address indexed caller, address indexed licensorIpId, address licenseTemplate, uint256 indexed licenseTermsId, uint256 amount, address receiver, uint256 startLicenseTokenId)"
                        fields: { ipId: licensorIpId, counterparty: receiver, amount: amount }
                      - kind: royalty-paid
                        signature: "RoyaltyPaid(address receiverIpId, address payerIpId, address sender, address token, uint256 amount, uint256 amountAfterFee)"
                        fields: { ipId: receiverIpId, counterparty: payerIpId, amount: amount }
                  - name: world-market
                    kind: dex-market
                    url: \(urls.market)/latest/dex/tokens
                    format: dexscreener
                    network: ethereum
                  - name: world-social
                    kind: x-search
                    url: \(urls.social)/2/tweets/search/recent
                    query: "anything"
                  - name: world-news
                    kind: rss
                    url: \(urls.social)/rss
                """
            let check = ConfigLoader.check(yaml: yaml, file: "world.yaml", environment: [:])
            let config = try #require(check.config, "\(check.errors)")
            let store = try FeatureStore(path: config.store.path, busyTimeout: config.store.busyTimeout)
            let client = try HTTPClient()
            let set = FeedCollectors.make(config: config, client: client) { feed, client throws(CollectorSetupError) in
                switch feed.kind {
                case .evmLogs:
                    do {
                        return try EVMLogCollector(config: feed, http: client)
                    } catch {
                        throw CollectorSetupError(feed: feed.name, reason: "\(error)")
                    }
                case .ipRegistry: return try IPRegistryCollector(config: feed, http: client)
                default: return nil
                }
            }
            #expect(set.unbuilt.isEmpty, "\(set.unbuilt)")
            // The chain first, so the market feed knows the tokens.
            for collector in set.collectors {
                let report = await collector.collect(into: store, clock: SystemClock(), pageLimit: nil)
                #expect(report.errors.isEmpty, "\(report.feed): \(report.errors)")
            }
            return try store.stats().tables
        }
        for table in [StoreTable.pools, .transfers, .swaps, .reserves, .ipEvents, .socialPosts, .marketSnapshots] {
            #expect(stats[table] == expected[table], "\(table): store \(stats[table] ?? 0), world \(expected[table] ?? 0)")
        }
    }
}
