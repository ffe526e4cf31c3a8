import FeatureStore
import RadarCore

/// Every pool's swaps and reserve updates over the trailing window (7 days) as of a timestamp, kept
/// from one timestamp to the next the way `HolderLedger` keeps balances: a step reads only the rows
/// that became visible since the last one (late arrivals included), drops what left the window, and
/// lands on exactly the rows a fresh windowed read would give.
///
/// Reserve updates that leave the window are not lost: the latest of them is the pool's opening
/// reading (the price the window opens at). A pool's opening is looked up once in the store, the
/// first time the pool is asked for; after that the tape keeps it current.
struct PoolTape: Sendable {
    /// The timestamp the tape is as of.
    var asOf = Timestamp(seconds: -(1 << 62))
    /// How far back the window reaches from `asOf`.
    let window: RadarDuration
    /// Per pool: swaps with `asOf - window < event_time <= asOf`, in chain order.
    var swaps: [ContractKey: [SwapFlow]] = [:]
    /// Per pool: reserve updates with `asOf - window < event_time <= asOf`, in chain order.
    var reserves: [ContractKey: [ReservePoint]] = [:]
    /// Per pool: the last reserve update at or before `asOf - window`, where known.
    var openings: [ContractKey: ReservePoint] = [:]
    /// Pools whose opening has been looked up in the store.
    var resolved: Set<ContractKey> = []

    init(window: RadarDuration = .days(7)) { self.window = window }

    /// Steps to the reader's timestamp. Stepping back starts over from an empty tape.
    mutating func advance(to reader: PointInTimeReader) throws(StoreError) {
        let t = reader.asOf
        if t < asOf { self = PoolTape(window: window) }
        guard t > asOf else { return }
        let since = t - window
        // From empty, the window is one read; afterwards only what became visible is read.
        let fresh = asOf == PoolTape(window: window).asOf
        let newSwaps: [SwapFlow], newReserves: [ReservePoint]
        if fresh {
            newSwaps = try reader.swapFlows(since: since)
            newReserves = try reader.reservePoints(since: since)
        } else {
            newSwaps = try reader.swapFlowsBecomingVisible(after: asOf)
            newReserves = try reader.reservePointsBecomingVisible(after: asOf)
        }
        asOf = t

        // Each pool's rows are in chain order, so their times never decrease: what left the window is a
        // prefix, and a pool whose first row is still inside keeps all of them.
        for key in Array(swaps.keys) where swaps[key]![0].eventTime <= since {
            let expired = swaps[key]!.prefix { $0.eventTime <= since }.count
            if expired == swaps[key]!.count { swaps[key] = nil } else { swaps[key]!.removeFirst(expired) }
        }
        var touched = Set<ContractKey>()
        for swap in newSwaps where swap.eventTime > since {
            let key = ContractKey(chain: swap.chain, address: swap.pool)
            swaps[key, default: []].append(swap)
            touched.insert(key)
        }
        for key in touched { swaps[key]!.sort { ($0.blockNumber, $0.logIndex) < ($1.blockNumber, $1.logIndex) } }

        for key in Array(reserves.keys) where reserves[key]![0].eventTime <= since {
            let expired = reserves[key]!.prefix { $0.eventTime <= since }.count
            // The last update to leave is the latest of them: the pool's new opening.
            open(key, with: reserves[key]![expired - 1])
            if expired == reserves[key]!.count { reserves[key] = nil } else { reserves[key]!.removeFirst(expired) }
        }
        touched = []
        for point in newReserves {
            let key = ContractKey(chain: point.chain, address: point.pool)
            if point.eventTime > since {
                reserves[key, default: []].append(point)
                touched.insert(key)
            } else {
                open(key, with: point)
            }
        }
        for key in touched { reserves[key]!.sort { ($0.blockNumber, $0.logIndex) < ($1.blockNumber, $1.logIndex) } }
    }

    /// Looks up the openings of pools not asked for before (one indexed read per new pool).
    mutating func resolveOpenings(of pools: [ContractKey: EVMAddress], reader: PointInTimeReader) throws(StoreError) {
        precondition(reader.asOf == asOf, "the tape must be advanced to the reader's timestamp")
        var byChain: [ChainID: [EVMAddress]] = [:]
        for (key, address) in pools where !resolved.contains(key) { byChain[key.chain, default: []].append(address) }
        for (chain, addresses) in byChain {
            for (pool, point) in try reader.openingReserves(chain: chain, pools: addresses, since: asOf - window) {
                open(ContractKey(chain: chain, address: pool), with: point)
            }
            for address in addresses { resolved.insert(ContractKey(chain: chain, address: PackedAddress(address))) }
        }
    }

    /// Keeps `point` as the pool's opening when it is later than the one held.
    private mutating func open(_ key: ContractKey, with point: ReservePoint) {
        if let held = openings[key], !point.isLater(than: held) { return }
        openings[key] = point
    }
}
