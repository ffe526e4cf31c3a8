import FeatureStore
import RadarCore

/// The market the point-in-time benchmark reads: 10,000 tokens, each with one Uniswap V2 pool
/// against WETH, and `swapCount` swaps spread evenly over 120 days of 12-second blocks, each against
/// a randomly drawn pool (so every pool trades about every few hours, at random times).
///
/// Swaps are produced batch by batch, because 10 million of them do not fit comfortably in memory.
struct SwapWorkload {
    static let chain: ChainID = 1
    static let tokenCount = 10_000
    static let holderCount = 200_000
    static let days: Int64 = 120
    static let blockSeconds: Int64 = 12
    static let observationDelay: Int64 = 30
    /// 2025-01-01T00:00:00Z: the first swap block; pools are created in the 30 days before it.
    static let start: Int64 = 1_735_689_600
    static let firstSwapBlock: Int64 = 21_000_000
    static let feed = "bench-uniswap-v2-swaps"

    /// The end of the 120 days: the benchmark reads as of this instant.
    static var end: Timestamp { Timestamp(seconds: start + days * 86_400) }

    let swapCount: Int
    let tokens: [EVMAddress]
    let pools: [Pool]
    private let weth: EVMAddress
    private let routers: [EVMAddress]
    private let holders: [EVMAddress]
    private var values: SyntheticValues
    private var produced = 0
    private var block: Int64 = -1
    private var blockHash = EVMHash.zero
    private var logIndex: Int64 = 0

    init(swapCount: Int, seed: UInt64 = 0x5AA9_5EED) throws {
        self.swapCount = swapCount
        values = SyntheticValues(seed: seed)
        weth = try EVMAddress("0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2")
        let factory = try EVMAddress("0x5c69bee701ef814a2b6a3edd4b1652cb9cc5aa6f")
        tokens = try values.addresses(Self.tokenCount)
        routers = try values.addresses(8)
        holders = try values.addresses(Self.holderCount)
        var pools: [Pool] = []
        for (index, token) in tokens.enumerated() {
            let createdAt = Timestamp(seconds: Self.start - 30 * 86_400 + Int64(index) * Self.blockSeconds)
            let created = LogPosition(chain: Self.chain, blockNumber: Self.firstSwapBlock - 300_000 + Int64(index),
                                      blockHash: try values.hash(), logIndex: 0, transactionHash: try values.hash())
            pools.append(Pool(chain: Self.chain, address: try values.address(), dex: .uniswapV2, factory: factory,
                              token0: min(token, weth), token1: max(token, weth), fee: nil, created: created,
                              createdAt: createdAt, observedAt: Timestamp(seconds: createdAt.seconds + Self.observationDelay)))
        }
        self.pools = pools
    }

    var tokenIDs: [TokenID] { tokens.map { TokenID(chain: Self.chain, address: $0) } }

    var isExhausted: Bool { produced >= swapCount }

    /// The next `size` swaps (fewer at the end), in chain order.
    mutating func nextBatch(_ size: Int) throws -> [Swap] {
        let blocks = Self.days * 86_400 / Self.blockSeconds
        var swaps: [Swap] = []
        swaps.reserveCapacity(size)
        while swaps.count < size && produced < swapCount {
            // Swap i lands in block ⌊i · blocks / count⌋: an even spread over the 120 days.
            let swapBlock = Int64(produced) * blocks / Int64(swapCount)
            if swapBlock != block {
                block = swapBlock
                blockHash = try values.hash()
                logIndex = Int64(values.rng.index(4))
            }
            let eventTime = Timestamp(seconds: Self.start + (block + 1) * Self.blockSeconds)
            let pool = pools[values.rng.index(pools.count)]
            let tokenIsToken0 = pool.token0 != weth
            let buy = values.rng.index(2) == 0  // WETH in, token out
            let tokenAmount = try values.amount()
            let wethAmount = try values.amount()
            let zero = DecimalAmount.zero
            let (tokenIn, tokenOut, wethIn, wethOut) = buy ? (zero, tokenAmount, wethAmount, zero) : (tokenAmount, zero, zero, wethAmount)
            swaps.append(Swap(
                position: LogPosition(chain: Self.chain, blockNumber: Self.firstSwapBlock + block, blockHash: blockHash,
                                      logIndex: logIndex, transactionHash: try values.hash()),
                pool: pool.address, sender: routers[values.rng.index(routers.count)],
                recipient: holders[values.rng.index(holders.count)],
                amount0In: tokenIsToken0 ? tokenIn : wethIn, amount1In: tokenIsToken0 ? wethIn : tokenIn,
                amount0Out: tokenIsToken0 ? tokenOut : wethOut, amount1Out: tokenIsToken0 ? wethOut : tokenOut,
                eventTime: eventTime, observedAt: Timestamp(seconds: eventTime.seconds + Self.observationDelay)))
            logIndex += 1 + Int64(values.rng.index(3))
            produced += 1
        }
        return swaps
    }
}
