import Dispatch
import RadarCore

/// A seeded market of IP-linked tokens: the catalogue, the chain, the shared contracts, and the
/// hour-by-hour event stream, all determined by the config.
///
/// The world holds only what is static (tokens, contracts, the ETH price path); `hours()` generates
/// the events lazily, so iterating a 10,000-token, 120-day world holds one hour's events at a time.
public struct SimWorld: Sendable {
    public let config: SimWorldConfig
    public let chain: SimChain
    public let contracts: SimContracts
    /// The tokens, by index.
    public let tokens: [SimToken]
    let context: SimWorldContext

    public init(config: SimWorldConfig = SimWorldConfig()) throws(ValidationError) {
        try config.validate()
        self.config = config
        chain = SimChain(config: config)
        contracts = SimContracts(seed: config.seed)
        tokens = SimCatalogue.tokens(config: config, contracts: contracts)
        context = SimWorldContext(config: config, chain: chain, contracts: contracts)
    }

    /// The hours of the world, in order, generated as they are iterated, on `threads` threads
    /// (tokens are split between them; the output does not depend on the count).
    public func hours(threads: Int = 1) -> SimHourSequence { SimHourSequence(world: self, threads: threads) }

    /// The oracle the truth's expected returns come from.
    public var oracle: SimOracle { context.oracle }

    /// USD per ETH at the end of `hour`.
    public func ethUSD(hour: Int) -> Double { context.ethUSD[hour] }

    /// The address of one of the world's smart wallets (the wallets that lean to quality).
    public func smartWallet(_ index: Int) -> SimAddress {
        SimAddress.derived(seed: config.seed, kind: .smartWallet, index: UInt64(index))
    }

    /// Number of smart wallets.
    public static var smartWalletCount: Int { TokenHour.smartWallets }
}

/// The world's hours as a sequence; each iteration regenerates them from the seed.
public struct SimHourSequence: Sequence, Sendable {
    public let world: SimWorld
    public let threads: Int

    public func makeIterator() -> SimHourIterator { SimHourIterator(world: world, threads: threads) }
}

/// Generates hour after hour, carrying every token's state (pool, holders, latent processes).
public struct SimHourIterator: IteratorProtocol, Sendable {
    let world: SimWorld
    let threads: Int
    var states: [TokenState?]
    var hour = 0
    /// One buffer per thread; the first also receives the merged hour.
    var buffers: [HourBuffer]

    init(world: SimWorld, threads: Int) {
        self.world = world
        self.threads = max(1, min(threads, 64, world.tokens.count))
        states = Array(repeating: nil, count: world.tokens.count)
        buffers = Array(repeating: HourBuffer(), count: self.threads)
    }

    public mutating func next() -> SimHour? {
        guard hour < world.config.hours else { return nil }
        let context = world.context
        let tokens = world.tokens
        let hour = self.hour
        let threads = self.threads
        let count = tokens.count
        states.withUnsafeMutableBufferPointer { statesPointer in
            buffers.withUnsafeMutableBufferPointer { buffersPointer in
                nonisolated(unsafe) let states = statesPointer
                nonisolated(unsafe) let buffers = buffersPointer
                // Contiguous token ranges per thread: each thread touches only its own states and buffer.
                let work: @Sendable (Int) -> Void = { part in
                    buffers[part].removeAll()
                    for index in (count * part / threads)..<(count * (part + 1) / threads) where tokens[index].launchHour <= hour {
                        var step = TokenHour(token: tokens[index], world: context, hour: hour)
                        step.run(state: &states[index], buffer: &buffers[part])
                    }
                }
                if threads == 1 {
                    work(0)
                } else {
                    DispatchQueue.concurrentPerform(iterations: threads, execute: work)
                }
            }
        }
        for part in 1..<threads {
            let other = buffers[part]
            buffers[0].append(other)
        }
        let firstBlock = world.chain.firstBlock(ofHour: hour)
        let (logs, transactions, failed) = buffers[0].assemble(chain: world.chain, firstBlock: firstBlock)
        let result = SimHour(
            hour: hour, start: world.chain.time(ofHour: hour), firstBlock: firstBlock, blockCount: world.chain.blocksPerHour,
            logs: logs, transactions: transactions, failedTransactions: failed, snapshots: buffers[0].snapshots, posts: buffers[0].posts,
            latent: buffers[0].latent, ethUSD: context.ethUSD[hour])
        self.hour += 1
        return result
    }
}
