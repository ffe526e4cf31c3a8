import EVMWire
import FeatureStore
import Foundation
import RadarCore
import Synchronization

/// The `evm-logs` feed: ERC-20 transfers of tracked tokens and the Uniswap V2/V3 pool logs (swaps,
/// reserves, liquidity) of tracked pools, read from a JSON-RPC node into the store.
///
/// Tokens are tracked when the config lists them (from `startBlock`) or when a configured factory
/// creates a pool for them (from the pool's creation block, with the pool). A pass:
/// 1. reads the checkpoint (`EVMCursor`) and the node's head; only blocks at least `confirmations`
///    below the head are read;
/// 2. checks the stored blocks at and above the checkpoint against the node's hashes, and on a
///    mismatch walks back to the common ancestor, rolls back every replaced block (the checkpoint
///    rewound in the same transaction) and reads on from there;
/// 3. reads pages of blocks, each one range: the factories' pool-creation logs, then the tracked
///    tokens' and pools' logs (the new pools included), the headers of the blocks that had logs, and
///    the ERC-20 metadata of tokens new to the store; a page is one `ingest` together with its
///    checkpoint. The range adapts (`AdaptiveBlockRange`).
///
/// A log that does not decode stops the pass: the rows before its block land, the checkpoint stops
/// just below it, and the error names the feed, block, transaction, log index, field and value.
/// Event time is the block's timestamp; observation time is the collection clock.
public final class EVMLogCollector: Collector {
    public let feedName: String
    public let options: EVMLogsOptions
    public let rpc: EVMRPCClient
    public let aliases: AliasMatcher
    /// Addresses per `eth_getLogs` filter; more tracked contracts than this take several queries per page.
    public let maxAddressesPerQuery: Int
    /// How far below the checkpoint a reorg may reach before the pass gives up and asks for an operator.
    public let maxReorgDepth: Int64

    private let decoder: EVMLogDecoder
    private let memory = Mutex(Memory())

    /// What the collector remembers between passes (never needed for correctness: the store is the truth).
    private struct Memory {
        var chainChecked = false
        /// Tokens whose metadata was asked for by this process, whatever the answer.
        var metadataAsked = Set<EVMAddress>()
    }

    public init(name: String, options: EVMLogsOptions, rpc: EVMRPCClient, aliases: [AliasRule] = [],
                maxAddressesPerQuery: Int = 1_000, maxReorgDepth: Int64 = 10_000) {
        feedName = name
        self.options = options
        self.rpc = rpc
        self.aliases = AliasMatcher(rules: aliases)
        self.maxAddressesPerQuery = max(1, maxAddressesPerQuery)
        self.maxReorgDepth = maxReorgDepth
        decoder = EVMLogDecoder(chain: options.chain)
    }

    /// The collector of a configured `evm-logs` feed; `recordTo` also records every answer for a replay.
    public convenience init(config: FeedConfig, http: HTTPClient, aliases: [AliasRule] = [], recordTo: URL? = nil) throws(ValidationError) {
        guard case .evmLogs(let options) = config.options else {
            throw ValidationError(field: "feeds.\(config.name).kind", value: config.kind.rawValue, reason: "an EVMLogCollector reads evm-logs feeds only")
        }
        self.init(name: config.name, options: options, rpc: EVMRPCClient(http: http, config: config, recordTo: recordTo), aliases: aliases)
    }

    /// Topic0s of the pool-creation logs read from factories.
    public static let discoveryTopics: [EVMHash] = [TrackedEvent.uniswapV2PairCreated.topic0, TrackedEvent.uniswapV3PoolCreated.topic0]
    /// Topic0s read from tracked tokens and pools.
    public static let trackedTopics: [EVMHash] = [TrackedEvent.erc20Transfer, .uniswapV2Swap, .uniswapV2Sync, .uniswapV2Mint,
                                                  .uniswapV2Burn, .uniswapV3Swap].map(\.topic0)

    public func collect(into store: FeatureStore, clock: any RadarClock, pageLimit: Int?) async -> FeedReport {
        await collectPass(into: store, clock: clock, pageLimit: pageLimit).feed
    }

    /// One pass, with what an operator or a test wants to know beyond the feed line.
    public func collectPass(into store: FeatureStore, clock: any RadarClock, pageLimit: Int? = nil) async -> EVMPassReport {
        var pass = EVMPassReport(feed: FeedReport(feed: feedName))
        do {
            try await run(&pass, store: store, clock: clock, pageLimit: pageLimit)
        } catch is PassStopped {
            // Already reported.
        } catch {
            pass.feed.errors.append(walk.describe(error))
        }
        return pass
    }

    // MARK: The pass

    private var walk: EVMChainWalk {
        EVMChainWalk(feedName: feedName, chain: options.chain, startBlock: options.startBlock, confirmations: options.confirmations,
                     maxBlockRange: options.maxBlockRange, maxReorgDepth: maxReorgDepth, rpc: rpc)
    }

    private func run(_ pass: inout EVMPassReport, store: FeatureStore, clock: any RadarClock, pageLimit: Int?) async throws {
        let walk = walk
        var tracked = try Tracked(store: store, options: options)
        try await walk.run(
            &pass, store: store, clock: clock, pageLimit: pageLimit,
            verifyChain: !memory.withLock { $0.chainChecked }, chainVerified: { memory.withLock { $0.chainChecked = true } },
            restart: { tracked = try Tracked(store: store, options: options) },
            read: { from, to, cursor in try await read(from: from, to: to, tracked: tracked, cursor: cursor, walk: walk, clock: clock) },
            logCount: { $0.logs.count },
            ingest: { page, pass in
                let cursor = try await ingest(page, tracked: &tracked, store: store, clock: clock, walk: walk, pass: &pass)
                return EVMChainWalk.Ingested(cursor: cursor, stop: !page.decoded.failures.isEmpty)
            })
    }

    /// One page read from the node, not yet stored.
    private struct Page {
        var from: Int64, to: Int64
        var logs: [RawLog]
        var headers: [Int64: BlockHeader]
        var decoded: DecodedLogs
        var observedAt: Timestamp
        /// Pools first seen in this page (already decoded into `decoded.pools` too).
        var newPools: [Pool]
    }

    private func read(from: Int64, to: Int64, tracked: Tracked, cursor: EVMCursor?, walk: EVMChainWalk,
                      clock: any RadarClock) async throws -> Page {
        var logs: [RawLog] = []
        var local = tracked
        var newPools: [Pool] = []
        if !options.factories.isEmpty {
            let filter = LogFilter(fromBlock: from, toBlock: to, addresses: options.factories.map(\.address), topics: [Self.discoveryTopics])
            for log in try await rpc.logs(filter) {
                // Times are filled in by the real decode below; here only the pool's identity matters.
                switch try? decoder.decode(log, blockTime: .init(seconds: 0), observedAt: .init(seconds: 0)) {
                case .pool(let pool)?:
                    // A V3 PoolCreated from a factory configured as V2 (or the reverse) is not the radar's.
                    guard options.factories.contains(where: { $0.address == pool.factory && $0.protocolKind == pool.dex }) else { continue }
                    logs.append(log)
                    if local.add(pool) { newPools.append(pool) }
                case .skipped?:
                    continue
                default:
                    logs.append(log)  // fails again in the real decode, which reports it
                }
            }
        }
        let addresses = local.addresses
        var start = 0
        while start < addresses.count {
            let chunk = Array(addresses[start..<min(start + maxAddressesPerQuery, addresses.count)])
            let filter = LogFilter(fromBlock: from, toBlock: to, addresses: chunk, topics: [Self.trackedTopics])
            logs += try await rpc.logs(filter).filter { local.wants($0) }
            start += chunk.count
        }
        logs.sort { ($0.blockNumber, $0.logIndex) < ($1.blockNumber, $1.logIndex) }

        let headers = try await walk.headers(for: logs, from: from, to: to, cursor: cursor)
        let observedAt = clock.now()
        let decoded = decoder.decode(logs, observedAt: observedAt, blockTime: { headers[$0]?.timestamp })
        return Page(from: from, to: to, logs: logs, headers: headers, decoded: decoded, observedAt: observedAt, newPools: newPools)
    }

    /// Stores a page with its checkpoint; returns the new cursor. A page with undecodable logs lands
    /// up to the block before the first of them.
    private func ingest(_ page: Page, tracked: inout Tracked, store: FeatureStore, clock: any RadarClock, walk: EVMChainWalk,
                        pass: inout EVMPassReport) async throws -> EVMCursor {
        var decoded = page.decoded
        var end = page.to
        var headers = page.headers
        if let first = decoded.failures.min(by: { ($0.blockNumber, $0.logIndex) < ($1.blockNumber, $1.logIndex) }) {
            pass.decodeFailures += decoded.failures
            for failure in decoded.failures.sorted(by: { ($0.blockNumber, $0.logIndex) < ($1.blockNumber, $1.logIndex) }) {
                pass.feed.errors.append("feed '\(feedName)': \(failure); the checkpoint stays below block \(failure.blockNumber)")
            }
            end = first.blockNumber - 1
            guard end >= page.from else {
                throw PassStopped()  // nothing before the bad log in this page: the checkpoint stays
            }
            _ = try await walk.header(end, in: &headers)
            decoded.pools.removeAll { $0.created.blockNumber > end }
            decoded.transfers.removeAll { $0.position.blockNumber > end }
            decoded.swaps.removeAll { $0.position.blockNumber > end }
            decoded.reserves.removeAll { $0.position.blockNumber > end }
            decoded.liquidityEvents.removeAll { $0.position.blockNumber > end }
        }
        var batch = decoded.ingestBatch
        var blockNumbers = Set<Int64>([end])
        for pool in batch.pools { blockNumbers.insert(pool.created.blockNumber) }
        for row in batch.transfers { blockNumbers.insert(row.position.blockNumber) }
        for row in batch.swaps { blockNumbers.insert(row.position.blockNumber) }
        for row in batch.reserves { blockNumbers.insert(row.position.blockNumber) }
        for row in batch.liquidityEvents { blockNumbers.insert(row.position.blockNumber) }
        batch.blocks = blockNumbers.sorted().compactMap { headers[$0]?.observed(chain: options.chain, at: page.observedAt) }

        let pools = page.newPools.filter { $0.created.blockNumber <= end }
        for pool in pools { tracked.add(pool) }
        let (tokens, links) = try await newTokens(in: batch, pools: pools, tracked: &tracked, block: end,
                                                  blockTime: headers[end]!.timestamp, observedAt: page.observedAt)
        batch.tokens = tokens
        batch.ipLinks = links

        let cursor = EVMCursor(block: end, hash: headers[end]!.hash)
        let checkpoint = Checkpoint(feed: feedName, cursor: cursor.description, updatedAt: clock.now())
        pass.feed.add(try store.ingest(batch, checkpoint: checkpoint))
        tracked.knownTokens.formUnion(tokens.map(\.id.address))
        return cursor
    }

    /// Token rows (with ERC-20 metadata, one batch) for tracked tokens the store does not know yet,
    /// and the alias rules' inferred IP links for them.
    private func newTokens(in batch: IngestBatch, pools: [Pool], tracked: inout Tracked, block: Int64, blockTime: Timestamp,
                           observedAt: Timestamp) async throws -> ([Token], [IPLink]) {
        let asked = memory.withLock { $0.metadataAsked }
        let fresh = tracked.tokens.keys.filter { !tracked.knownTokens.contains($0) && !asked.contains($0) }.sorted()
        guard !fresh.isEmpty else { return ([], []) }
        var firstSeen: [EVMAddress: Timestamp] = [:]
        func saw(_ token: EVMAddress, _ time: Timestamp) {
            if let known = firstSeen[token], known <= time { return }
            firstSeen[token] = time
        }
        for pool in pools {
            saw(pool.token0, pool.createdAt)
            saw(pool.token1, pool.createdAt)
        }
        for transfer in batch.transfers { saw(transfer.token, transfer.eventTime) }
        let metadata = try await rpc.tokenMetadata(fresh, block: block)
        memory.withLock { $0.metadataAsked.formUnion(fresh) }
        var tokens: [Token] = []
        var links: [IPLink] = []
        for address in fresh {
            let token = (metadata[address] ?? TokenMetadata()).token(TokenID(chain: options.chain, address: address),
                                                                      firstSeenAt: firstSeen[address] ?? blockTime, observedAt: observedAt)
            tokens.append(token)
            links += aliases.links(for: token, observedAt: observedAt)
        }
        return (tokens, links)
    }
}

/// The tokens and pools a feed reads logs of, and the tokens the store already has.
private struct Tracked {
    /// Token → the first block whose transfers are wanted.
    var tokens: [EVMAddress: Int64] = [:]
    /// Pool → its creation block.
    var pools: [EVMAddress: Int64] = [:]
    /// Tokens with a row in the store that has some metadata.
    var knownTokens = Set<EVMAddress>()

    init(store: FeatureStore, options: EVMLogsOptions) throws(StoreError) {
        for token in options.tokens { tokens[token] = Int64.min }
        let everything = store.asOf(Timestamp(seconds: Int64.max))
        let factories = Set(options.factories.map(\.address))
        if !factories.isEmpty {
            for pool in try everything.pools() where pool.chain == options.chain && factories.contains(pool.factory) { add(pool) }
        }
        for token in try everything.tokens() where token.id.chain == options.chain
            && (token.symbol != nil || token.name != nil || token.decimals != nil) {
            knownTokens.insert(token.id.address)
        }
    }

    /// Tracks `pool` and its tokens from its creation block; true when the pool is new.
    @discardableResult
    mutating func add(_ pool: Pool) -> Bool {
        let block = pool.created.blockNumber
        for token in [pool.token0, pool.token1] { tokens[token] = min(tokens[token] ?? block, block) }
        guard pools[pool.address] == nil else { return false }
        pools[pool.address] = block
        return true
    }

    var addresses: [EVMAddress] { Array(Set(tokens.keys).union(pools.keys)).sorted() }

    /// Whether a log of the tracked-topics query belongs to the radar: pool events of tracked pools,
    /// transfers of tracked tokens (from their first block) and of pools (LP tokens).
    func wants(_ log: RawLog) -> Bool {
        guard let topic0 = log.topics.first else { return false }
        if pools[log.address] != nil { return true }
        guard topic0 == TrackedEvent.erc20Transfer.topic0, let since = tokens[log.address] else { return false }
        return log.blockNumber >= since
    }
}
