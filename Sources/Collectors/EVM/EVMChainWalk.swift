import EVMWire
import FeatureStore
import RadarCore

/// The part of a pass every log feed on an EVM chain shares (`EVMLogCollector`, `IPRegistryCollector`):
/// read the checkpoint and the head, confirm the node's chain once, reconcile the stored blocks with the
/// node (reorg rollback), then walk the confirmed blocks page by page with an adaptive range, retrying
/// a page whose chain moved while it was read. What a page reads and stores is the feed's own.
struct EVMChainWalk: Sendable {
    let feedName: String
    let chain: ChainID
    let startBlock: Int64
    let confirmations: Int
    let maxBlockRange: Int
    let maxReorgDepth: Int64
    let rpc: EVMRPCClient

    /// What a feed's page ingestion did: the cursor it stored, and whether the pass must stop there
    /// (a log that did not decode).
    struct Ingested {
        var cursor: EVMCursor
        var stop: Bool
    }

    /// One pass. `verifyChain` asks for the node's chain id first (then `chainVerified` is called);
    /// `restart` rebuilds the feed's own state after a rollback; `read` fetches a page (throwing
    /// `EVMRPCClientError`s that suggest a smaller range, or `ChainMoved`), and `ingest` stores it with
    /// its checkpoint.
    func run<Page>(_ pass: inout EVMPassReport, store: FeatureStore, clock: any RadarClock, pageLimit: Int?,
                   verifyChain: Bool, chainVerified: () -> Void,
                   restart: () throws -> Void,
                   read: (_ from: Int64, _ to: Int64, _ cursor: EVMCursor?) async throws -> Page,
                   logCount: (Page) -> Int,
                   ingest: (Page, inout EVMPassReport) async throws -> Ingested) async throws {
        var cursor = try store.checkpoint(feed: feedName).map { checkpoint throws(ValidationError) in
            try EVMCursor(parsing: checkpoint.cursor, feed: feedName)
        }
        pass.feed.checkpoint = cursor?.description
        if verifyChain {
            let id = try await rpc.chainID()
            guard id == chain else {
                throw CollectorFailure("the node is on chain \(id), the feed is configured for chain \(chain); check url and chain")
            }
            chainVerified()
        }
        var head = try await rpc.blockNumber()
        pass.head = head
        var target = head - Int64(max(0, confirmations))
        if let current = cursor, current.block > head {
            // A node behind the checkpoint (a lagging replica) says nothing about reorgs: wait for it.
            pass.notes.append("the node's head \(head) is below the checkpoint block \(current.block); nothing read")
            return
        }
        if let current = cursor {
            let reconciled = try await reconcile(current, head: head, store: store, clock: clock, pass: &pass)
            if reconciled != current { try restart() }
            cursor = reconciled
        }

        var range = AdaptiveBlockRange(maximum: maxBlockRange)
        var next = cursor.map { $0.block + 1 } ?? startBlock
        var reorgRetries = 0
        while next <= target {
            if let pageLimit, pass.pages >= pageLimit { break }
            let to = min(target, next + Int64(range.span) - 1)
            let page: Page
            do {
                page = try await read(next, to, cursor)
            } catch let error as EVMRPCClientError where error.suggestsSmallerRange {
                guard range.split() else { throw error }
                pass.rangeSplits += 1
                continue
            } catch let moved as ChainMoved {
                reorgRetries += 1
                guard reorgRetries <= 3 else { throw CollectorFailure(moved.reason) }
                pass.notes.append(moved.reason)
                head = try await rpc.blockNumber()
                target = head - Int64(max(0, confirmations))
                if let current = cursor {
                    cursor = try await reconcile(current, head: head, store: store, clock: clock, pass: &pass)
                    try restart()
                    next = cursor.map { $0.block + 1 } ?? startBlock
                }
                continue
            }
            let count = logCount(page)
            if to - next + 1 == Int64(range.span) { range.answered(logs: count) }
            pass.feed.fetched += count
            let ingested = try await ingest(page, &pass)
            cursor = ingested.cursor
            pass.feed.checkpoint = ingested.cursor.description
            pass.pages += 1
            next = ingested.cursor.block + 1
            if ingested.stop { break }
        }
    }

    /// The headers of the blocks that have `logs`, of `to` (the page's checkpoint) and of `from - 1`
    /// when the cursor sits there; throws `ChainMoved` when the chain changed under the page.
    func headers(for logs: [RawLog], from: Int64, to: Int64, cursor: EVMCursor?) async throws -> [Int64: BlockHeader] {
        var wanted = Set(logs.map(\.blockNumber))
        wanted.insert(to)
        let continuity = cursor.flatMap { $0.block == from - 1 ? $0.hash : nil }
        if continuity != nil { wanted.insert(from - 1) }
        let headers = try await rpc.blocks(Array(wanted))
        guard headers[to] != nil else { throw ChainMoved(reason: "the node no longer has block \(to) (its head moved back)") }
        if let continuity, let parent = headers[from - 1], parent.hash != continuity {
            throw ChainMoved(reason: "block \(from - 1) changed hash from \(continuity) to \(parent.hash) (a reorganisation)")
        }
        for log in logs where headers[log.blockNumber]?.hash != log.blockHash {
            throw ChainMoved(reason: "block \(log.blockNumber) changed while its page was read (log hash \(log.blockHash), "
                             + "header \(headers[log.blockNumber]?.hash.hex ?? "missing"))")
        }
        return headers
    }

    /// The header of `number` when `headers` lacks it (a page cut short below a bad log).
    func header(_ number: Int64, in headers: inout [Int64: BlockHeader]) async throws -> BlockHeader {
        if let header = headers[number] { return header }
        guard let header = try await rpc.block(number) else { throw ChainMoved(reason: "the node no longer has block \(number)") }
        headers[number] = header
        return header
    }

    // MARK: Reorganisations

    /// Compares the stored blocks from the cursor (or a little above it: blocks a rollback cut short
    /// left behind) downwards with the node, in windows of 1, 2, 4... heights, so a pass without a reorg
    /// costs one header; rolls back every replaced block down to the common ancestor and returns the
    /// cursor at that ancestor.
    func reconcile(_ cursor: EVMCursor, head: Int64, store: FeatureStore, clock: any RadarClock,
                   pass: inout EVMPassReport) async throws -> EVMCursor {
        let stored = try store.latestBlock(chain: chain)?.number ?? cursor.block
        let top = min(head, max(cursor.block, min(stored, cursor.block + Int64(maxBlockRange))))
        let floor = max(startBlock, cursor.block - maxReorgDepth)
        var replaced: [ObservedBlock] = []
        var ancestor: ObservedBlock?
        var reachedBottom = false
        var windowTop = top
        var window: Int64 = 1
        search: while windowTop >= floor {
            let windowBottom = max(floor, windowTop - window + 1)
            var stored: [ObservedBlock] = []
            var trusted: ObservedBlock?
            for number in stride(from: windowTop, through: windowBottom, by: -1) {
                if let block = try store.knownBlock(chain: chain, number: number) {
                    stored.append(block)
                } else if number == cursor.block {
                    // A cursor whose block row is missing: its own hash, or (set by hand, no hash) trusted as it is.
                    let block = ObservedBlock(chain: chain, number: number, hash: cursor.hash ?? .zero, parentHash: nil,
                                              timestamp: .init(seconds: 0), observedAt: .init(seconds: 0))
                    if cursor.hash == nil {
                        trusted = block
                        break
                    }
                    stored.append(block)
                }
            }
            if !stored.isEmpty {
                let nodeHeaders = try await rpc.blocks(stored.map(\.number))
                for block in stored {
                    if nodeHeaders[block.number]?.hash == block.hash {
                        if block.number <= cursor.block {
                            ancestor = block
                            break search
                        }
                    } else {
                        replaced.append(block)
                    }
                }
            }
            if let trusted {
                ancestor = trusted
                break
            }
            if windowBottom == floor { reachedBottom = true; break }
            windowTop = windowBottom - 1
            window *= 2
        }
        guard !replaced.isEmpty else { return cursor }
        if ancestor == nil && !(reachedBottom && floor == startBlock) {
            throw CollectorFailure("a reorganisation reaches more than \(maxReorgDepth) blocks below the checkpoint block \(cursor.block); "
                                   + "no stored block down to \(floor) matches the node. Check the node, then reset the feed's checkpoint")
        }
        let rewound = ancestor.map { EVMCursor(block: $0.number, hash: $0.hash == .zero ? nil : $0.hash) }
            ?? EVMCursor(block: startBlock - 1, hash: nil)
        let checkpoint = Checkpoint(feed: feedName, cursor: rewound.description, updatedAt: clock.now())
        // Highest first, each with the rewound checkpoint: a crash part-way leaves the checkpoint at the
        // ancestor, and the next pass finds the blocks still above it.
        for block in replaced.sorted(by: { $0.number > $1.number }) {
            let removed = try store.rollback(chain: chain, number: block.number, hash: block.hash, checkpoint: checkpoint)
            pass.rolledBack.append(block)
            pass.rowsRolledBack += removed.totalRemoved
        }
        pass.feed.checkpoint = rewound.description
        pass.notes.append("reorganisation: rolled back \(replaced.count) stored blocks above block \(rewound.block)")
        return rewound
    }

    /// A thrown error as a report line naming the feed.
    func describe(_ error: any Error) -> String {
        if let error = error as? EVMRPCClientError { return error.description }
        return "feed '\(feedName)': \(error)"
    }
}

/// What one pass of an EVM log feed (`EVMLogCollector`, `IPRegistryCollector`) did, beyond the feed line.
public struct EVMPassReport: Sendable {
    /// The line `radar collect` prints.
    public var feed: FeedReport
    /// The node's head when the pass began.
    public var head: Int64?
    /// Pages ingested (one transaction each).
    public var pages = 0
    /// Times the block range was halved after a refusal.
    public var rangeSplits = 0
    /// Blocks a reorganisation replaced, rolled back from the store.
    public var rolledBack: [ObservedBlock] = []
    /// Rows removed with them.
    public var rowsRolledBack = 0
    /// Logs that did not decode (each also an error line).
    public var decodeFailures: [LogDecodingError] = []
    /// Events worth a log line that are not errors (a reorg handled, a lagging node).
    public var notes: [String] = []

    public init(feed: FeedReport) { self.feed = feed }
}

/// The chain changed under a page while it was read: reconcile, then read again.
struct ChainMoved: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}

/// Ends a pass whose error is already reported.
struct PassStopped: Error {}

/// A pass-level failure, in words.
struct CollectorFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
