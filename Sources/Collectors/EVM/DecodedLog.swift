import EVMWire
import FeatureStore
import RadarCore

/// What one raw log became: a store row, or the reason it was deliberately left out.
public enum DecodedLog: Hashable, Sendable {
    case pool(Pool)
    case transfer(Transfer)
    case swap(Swap)
    case reserves(ReserveUpdate)
    case liquidity(LiquidityEvent)
    case skipped(SkipReason)
}

/// Why a well-formed log gives no row. Skips are expected traffic, not errors.
public enum SkipReason: String, CaseIterable, Hashable, Sendable {
    /// `removed: true`: a reorganisation dropped the log's block.
    case removed
    /// An ERC-721 `Transfer`: same topic0 as ERC-20's, but the token id is a fourth topic.
    case nonFungibleTransfer
    /// A topic0 the radar does not track (or no topics at all).
    case untrackedEvent
}

/// The rows decoded from a batch of logs, with the logs skipped and the logs that failed, so that one
/// malformed log costs that log, not the whole fetch.
public struct DecodedLogs: Sendable {
    public var pools: [Pool] = []
    public var transfers: [Transfer] = []
    public var swaps: [Swap] = []
    public var reserves: [ReserveUpdate] = []
    public var liquidityEvents: [LiquidityEvent] = []
    public var skipped: [SkipReason: Int] = [:]
    public var failures: [LogDecodingError] = []

    public init() {}

    /// The rows decoded, all kinds together.
    public var rowCount: Int { pools.count + transfers.count + swaps.count + reserves.count + liquidityEvents.count }

    /// The rows as one store ingestion.
    public var ingestBatch: IngestBatch {
        IngestBatch(pools: pools, transfers: transfers, swaps: swaps, reserves: reserves, liquidityEvents: liquidityEvents)
    }

    mutating func append(_ decoded: DecodedLog) {
        switch decoded {
        case .pool(let pool): pools.append(pool)
        case .transfer(let transfer): transfers.append(transfer)
        case .swap(let swap): swaps.append(swap)
        case .reserves(let update): reserves.append(update)
        case .liquidity(let event): liquidityEvents.append(event)
        case .skipped(let reason): skipped[reason, default: 0] += 1
        }
    }
}
