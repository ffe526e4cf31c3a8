import EVMWire
import FeatureStore
import Foundation
import RadarCore
import Synchronization

/// The `ip-registry` feed: Story-Protocol-style registry events (IP registered, licence tokens minted,
/// derivative registered, royalty paid) read over JSON-RPC from the configured registry contracts and
/// stored as `ip_events`.
///
/// The events are declared in config by their Solidity text (`IPEventDecoder` parses and checks
/// them when the collector is made). A pass walks the confirmed blocks exactly as `EVMLogCollector`
/// does (`EVMChainWalk`: checkpoint `{"block": N, "hash": "0x…"}`, confirmations, reorg rollback,
/// adaptive ranges), one page per transaction with its checkpoint. A log that does not decode stops
/// the pass: the events before its block land, the checkpoint stays below it, and the error names
/// the feed, block, transaction, log index, field and value.
public final class IPRegistryCollector: Collector {
    public let feedName: String
    public let options: IPRegistryOptions
    public let rpc: EVMRPCClient
    public let decoder: IPEventDecoder
    /// Contracts per `eth_getLogs` filter; more than this take several queries per page.
    public let maxAddressesPerQuery: Int
    /// How far below the checkpoint a reorg may reach before the pass gives up and asks for an operator.
    public let maxReorgDepth: Int64

    private let chainChecked = Mutex(false)

    /// - Throws: `CollectorSetupError` when a declared event's signature does not parse or its roles
    ///   do not fit its parameters.
    public init(name: String, options: IPRegistryOptions, rpc: EVMRPCClient, maxAddressesPerQuery: Int = 1_000,
                maxReorgDepth: Int64 = 10_000) throws(CollectorSetupError) {
        feedName = name
        self.options = options
        self.rpc = rpc
        self.maxAddressesPerQuery = max(1, maxAddressesPerQuery)
        self.maxReorgDepth = maxReorgDepth
        decoder = try IPEventDecoder(feed: name, chain: options.chain, specs: options.events)
    }

    /// The collector of a configured `ip-registry` feed; `recordTo` also records every answer for a replay.
    public convenience init(config: FeedConfig, http: HTTPClient, recordTo: URL? = nil) throws(CollectorSetupError) {
        guard case .ipRegistry(let options) = config.options else {
            throw CollectorSetupError(feed: config.name, reason: "an IPRegistryCollector reads ip-registry feeds only, not \(config.kind.rawValue)")
        }
        try self.init(name: config.name, options: options, rpc: EVMRPCClient(http: http, config: config, recordTo: recordTo))
    }

    public func collect(into store: FeatureStore, clock: any RadarClock, pageLimit: Int?) async -> FeedReport {
        await collectPass(into: store, clock: clock, pageLimit: pageLimit).feed
    }

    /// One pass, with what an operator or a test wants to know beyond the feed line.
    public func collectPass(into store: FeatureStore, clock: any RadarClock, pageLimit: Int? = nil) async -> EVMPassReport {
        var pass = EVMPassReport(feed: FeedReport(feed: feedName))
        let walk = EVMChainWalk(feedName: feedName, chain: options.chain, startBlock: options.startBlock,
                                confirmations: options.confirmations, maxBlockRange: options.maxBlockRange,
                                maxReorgDepth: maxReorgDepth, rpc: rpc)
        do {
            try await walk.run(
                &pass, store: store, clock: clock, pageLimit: pageLimit,
                verifyChain: !chainChecked.withLock { $0 }, chainVerified: { chainChecked.withLock { $0 = true } },
                restart: {},
                read: { from, to, cursor in try await read(from: from, to: to, cursor: cursor, walk: walk, clock: clock) },
                logCount: { $0.logs.count },
                ingest: { page, pass in
                    let cursor = try await ingest(page, store: store, clock: clock, walk: walk, pass: &pass)
                    return EVMChainWalk.Ingested(cursor: cursor, stop: !page.failures.isEmpty)
                })
        } catch is PassStopped {
            // Already reported.
        } catch {
            pass.feed.errors.append(walk.describe(error))
        }
        return pass
    }

    /// One page read from the node, not yet stored.
    private struct Page {
        var from: Int64, to: Int64
        var logs: [RawLog]
        var headers: [Int64: BlockHeader]
        var events: [IPEvent]
        var failures: [LogDecodingError]
        var observedAt: Timestamp
    }

    private func read(from: Int64, to: Int64, cursor: EVMCursor?, walk: EVMChainWalk, clock: any RadarClock) async throws -> Page {
        var logs: [RawLog] = []
        let topics = decoder.topics
        if options.contracts.isEmpty {
            logs = try await rpc.logs(LogFilter(fromBlock: from, toBlock: to, topics: [topics]))
        } else {
            var start = 0
            while start < options.contracts.count {
                let chunk = Array(options.contracts[start..<min(start + maxAddressesPerQuery, options.contracts.count)])
                logs += try await rpc.logs(LogFilter(fromBlock: from, toBlock: to, addresses: chunk, topics: [topics]))
                start += chunk.count
            }
        }
        let wanted = Set(topics)
        logs.removeAll { $0.removed || $0.topics.first.map { !wanted.contains($0) } ?? true }
        logs.sort { ($0.blockNumber, $0.logIndex) < ($1.blockNumber, $1.logIndex) }
        let headers = try await walk.headers(for: logs, from: from, to: to, cursor: cursor)
        let observedAt = clock.now()
        let decoded = decoder.decode(logs, observedAt: observedAt, blockTime: { headers[$0]?.timestamp })
        return Page(from: from, to: to, logs: logs, headers: headers, events: decoded.events, failures: decoded.failures,
                    observedAt: observedAt)
    }

    /// Stores a page's events, the blocks they sit in and the checkpoint in one transaction; a page
    /// with undecodable logs lands up to the block before the first of them.
    private func ingest(_ page: Page, store: FeatureStore, clock: any RadarClock, walk: EVMChainWalk,
                        pass: inout EVMPassReport) async throws -> EVMCursor {
        var events = page.events
        var end = page.to
        var headers = page.headers
        let failures = page.failures.sorted { ($0.blockNumber, $0.logIndex) < ($1.blockNumber, $1.logIndex) }
        if let first = failures.first {
            pass.decodeFailures += failures
            for failure in failures {
                pass.feed.errors.append("feed '\(feedName)': \(failure); the checkpoint stays below block \(failure.blockNumber)")
            }
            end = first.blockNumber - 1
            guard end >= page.from else { throw PassStopped() }
            _ = try await walk.header(end, in: &headers)
            events.removeAll { $0.blockNumber > end }
        }
        var blockNumbers = Set(events.map(\.blockNumber))
        blockNumbers.insert(end)
        var batch = IngestBatch(ipEvents: events)
        batch.blocks = blockNumbers.sorted().compactMap { headers[$0]?.observed(chain: options.chain, at: page.observedAt) }
        let cursor = EVMCursor(block: end, hash: headers[end]!.hash)
        let checkpoint = Checkpoint(feed: feedName, cursor: cursor.description, updatedAt: clock.now())
        pass.feed.add(try store.ingest(batch, checkpoint: checkpoint))
        return cursor
    }
}

extension IPEvent {
    /// The block of an on-chain event (events here are always on-chain).
    fileprivate var blockNumber: Int64 {
        if case .onChain(let position) = key { return position.blockNumber }
        return .min
    }
}
