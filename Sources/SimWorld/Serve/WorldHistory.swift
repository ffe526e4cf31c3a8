import Synchronization

/// One simulated day as the server answers from it: its logs in block order, each hour's market
/// snapshots and the day's posts.
public struct WorldDay: Sendable {
    public let day: Int
    /// Logs in (block, log index) order.
    public let logs: [SimLog]
    /// `snapshots[h]`: every launched token's snapshot at the end of the day's hour `h`.
    public let snapshots: [[SimMarketSnapshot]]
    /// Posts by hour, each hour's in token order.
    public let posts: [[SimPost]]

    /// A rough size, for the cache's budget.
    var approximateBytes: Int {
        logs.count * MemoryLayout<SimLog>.stride + snapshots.reduce(0) { $0 + $1.count * MemoryLayout<SimMarketSnapshot>.stride }
            + posts.reduce(0) { $0 + $1.count * (MemoryLayout<SimPost>.stride + 200) }
    }
}

/// Random access to a world's days without holding its history: the lazy hour iterator is a value,
/// so a copy taken at a day boundary is a checkpoint from which that day can be generated again.
///
/// Checkpoints are kept every `stride` days, and the stride doubles (every other checkpoint dropped)
/// whenever their estimated size passes `checkpointBudget`; generated days sit in an LRU cache
/// bounded by `cacheBudget` bytes. A forward scan (what a collector does) costs one day per day; a
/// jump back costs at most `stride` days of generation.
public final class WorldHistory: Sendable {
    public let world: SimWorld
    let checkpointBudget: Int
    let cacheBudget: Int
    private let threads: Int
    /// Serialises generation, so two requests for one missing day generate it once.
    private let generation = Mutex(Generation())
    private let cache = Mutex(DayCache())

    private struct Generation {
        /// Iterator states at the start of a day (hour = 24 * day), by day.
        var checkpoints: [Int: SimHourIterator] = [:]
        var checkpointBytes: [Int: Int] = [:]
        var stride = 1
        /// The state after the last generated day, for forward scans.
        var cursor: SimHourIterator?
    }

    private struct DayCache {
        var days: [Int: WorldDay] = [:]
        var lastUse: [Int: UInt64] = [:]
        var bytes = 0
        var clock: UInt64 = 0
    }

    public init(world: SimWorld, threads: Int = 1, checkpointBudget: Int = 1 << 30, cacheBudget: Int = 768 << 20) {
        self.world = world
        self.threads = max(1, threads)
        self.checkpointBudget = checkpointBudget
        self.cacheBudget = cacheBudget
    }

    /// Number of simulated days.
    public var dayCount: Int { world.config.days }

    /// The day holding `block`, or nil outside the world.
    public func day(ofBlock block: Int64) -> Int? {
        let offset = block - world.chain.genesisBlock
        guard offset >= 0, offset < world.chain.blockCount else { return nil }
        return Int(offset / Int64(world.chain.blocksPerHour * 24))
    }

    /// Day `day` (0 ..< dayCount), from the cache or generated.
    public func day(_ day: Int) -> WorldDay {
        precondition(day >= 0 && day < dayCount, "day \(day) is outside the world")
        if let cached = cached(day) { return cached }
        return generation.withLock { state -> WorldDay in
            if let cached = cached(day) { return cached }
            var iterator = start(for: day, state: &state)
            var generated: WorldDay?
            while generated == nil {
                let current = iterator.hour / 24
                remember(iterator, day: current, state: &state)
                let result = generate(&iterator)
                if current == day { generated = result } else { store(result) }
            }
            state.cursor = iterator.hour < world.config.hours ? iterator : nil
            store(generated!)
            return generated!
        }
    }

    /// Checkpoints held and their stride, for tests and the memory report.
    public var checkpointStats: (count: Int, stride: Int, bytes: Int) {
        generation.withLock { ($0.checkpoints.count, $0.stride, $0.checkpointBytes.values.reduce(0, +)) }
    }

    private func cached(_ day: Int) -> WorldDay? {
        cache.withLock { cache in
            guard let found = cache.days[day] else { return nil }
            cache.clock += 1
            cache.lastUse[day] = cache.clock
            return found
        }
    }

    private func store(_ day: WorldDay) {
        cache.withLock { cache in
            guard cache.days[day.day] == nil else { return }
            cache.clock += 1
            cache.days[day.day] = day
            cache.lastUse[day.day] = cache.clock
            cache.bytes += day.approximateBytes
            // Keep at least the day just stored.
            while cache.bytes > cacheBudget, cache.days.count > 1,
                  let oldest = cache.lastUse.filter({ $0.key != day.day }).min(by: { $0.value < $1.value })?.key {
                cache.bytes -= cache.days.removeValue(forKey: oldest)!.approximateBytes
                cache.lastUse[oldest] = nil
            }
        }
    }

    /// The latest state at or before the start of `day`: the forward cursor or a checkpoint.
    private func start(for day: Int, state: inout Generation) -> SimHourIterator {
        var best = state.checkpoints.keys.filter { $0 <= day }.max().map { state.checkpoints[$0]! }
            ?? SimHourIterator(world: world, threads: threads)
        if let cursor = state.cursor, cursor.hour / 24 <= day, cursor.hour > best.hour { best = cursor }
        return best
    }

    /// Keeps `iterator` (at the start of `day`) as a checkpoint when the stride asks for one.
    private func remember(_ iterator: SimHourIterator, day: Int, state: inout Generation) {
        guard day % state.stride == 0, state.checkpoints[day] == nil else { return }
        var checkpoint = iterator
        checkpoint.buffers = Array(repeating: HourBuffer(), count: checkpoint.threads)
        let bytes = checkpoint.approximateStateBytes
        state.checkpoints[day] = checkpoint
        state.checkpointBytes[day] = bytes
        while state.checkpointBytes.values.reduce(0, +) > checkpointBudget, state.checkpoints.count > 1 {
            state.stride *= 2
            for kept in state.checkpoints.keys where kept % state.stride != 0 {
                state.checkpoints[kept] = nil
                state.checkpointBytes[kept] = nil
            }
        }
    }

    /// Generates the 24 hours the iterator is at the start of.
    private func generate(_ iterator: inout SimHourIterator) -> WorldDay {
        let day = iterator.hour / 24
        var logs: [SimLog] = []
        var snapshots: [[SimMarketSnapshot]] = []
        var posts: [[SimPost]] = []
        for _ in 0..<24 {
            guard let hour = iterator.next() else { break }
            logs.append(contentsOf: hour.logs)
            snapshots.append(hour.snapshots)
            posts.append(hour.posts)
        }
        return WorldDay(day: day, logs: logs, snapshots: snapshots, posts: posts)
    }
}

extension SimHourIterator {
    /// Bytes the token states hold (arrays by capacity), ignoring storage shared with other copies.
    var approximateStateBytes: Int {
        states.reduce(MemoryLayout<TokenState?>.stride * states.count) { total, state in
            guard let state else { return total }
            return total + state.balances.capacity * 16 + state.slotOwner.capacity * 4 + state.smartSlots.capacity * 24 + 3 * 24 * 8
        }
    }
}
