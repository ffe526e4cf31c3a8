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

    /// The hours of the world, in order, generated as they are iterated.
    public func hours() -> SimHourSequence { SimHourSequence(world: self) }

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

    public func makeIterator() -> SimHourIterator { SimHourIterator(world: world) }
}

/// Generates hour after hour, carrying every token's state (pool, holders, latent processes).
public struct SimHourIterator: IteratorProtocol, Sendable {
    let world: SimWorld
    var states: [TokenState?]
    var hour = 0
    var buffer = HourBuffer()

    init(world: SimWorld) {
        self.world = world
        states = Array(repeating: nil, count: world.tokens.count)
    }

    public mutating func next() -> SimHour? {
        guard hour < world.config.hours else { return nil }
        buffer.removeAll()
        let context = world.context
        for index in world.tokens.indices where world.tokens[index].launchHour <= hour {
            var step = TokenHour(token: world.tokens[index], world: context, hour: hour)
            step.run(state: &states[index], buffer: &buffer)
        }
        let firstBlock = world.chain.firstBlock(ofHour: hour)
        let (logs, failed) = buffer.assemble(chain: world.chain, firstBlock: firstBlock)
        let result = SimHour(
            hour: hour, start: world.chain.time(ofHour: hour), firstBlock: firstBlock, blockCount: world.chain.blocksPerHour,
            logs: logs, failedTransactions: failed, snapshots: buffer.snapshots, posts: buffer.posts,
            latent: buffer.latent, ethUSD: context.ethUSD[hour])
        hour += 1
        return result
    }
}
