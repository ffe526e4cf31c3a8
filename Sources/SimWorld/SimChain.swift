import RadarCore

/// The simulated chain's blocks: numbers, times and hashes, all computable from the number alone.
///
/// Every block of the world exists (empty or not), so a node serving the world can answer for any
/// height without storing headers, and parent hashes always link.
public struct SimChain: Hashable, Sendable {
    public let seed: UInt64
    public let chainID: ChainID
    public let genesisBlock: Int64
    public let genesisTime: Timestamp
    public let blockSeconds: Int64
    public let blocksPerHour: Int
    /// Total simulated blocks.
    public let blockCount: Int64

    public init(config: SimWorldConfig) {
        seed = config.seed
        chainID = config.chainID
        genesisBlock = config.genesisBlock
        genesisTime = config.genesisTime
        blockSeconds = config.blockSeconds
        blocksPerHour = config.blocksPerHour
        blockCount = Int64(config.hours * config.blocksPerHour)
    }

    /// The last simulated block.
    public var headBlock: Int64 { genesisBlock + blockCount - 1 }

    /// The header of block `number`.
    public func block(_ number: Int64) -> SimBlock {
        SimBlock(number: number, hash: hash(of: number), parentHash: hash(of: number - 1), timestamp: time(of: number))
    }

    /// The block's hash; the block before genesis has a hash too, so genesis has a parent.
    public func hash(of number: Int64) -> SimHash {
        SimHash.derived(seed: seed, domain: 1, UInt64(bitPattern: number))
    }

    /// The block's Unix time.
    public func time(of number: Int64) -> Timestamp {
        Timestamp(seconds: genesisTime.seconds + (number - genesisBlock) * blockSeconds)
    }

    /// The first block of simulated hour `hour`.
    public func firstBlock(ofHour hour: Int) -> Int64 { genesisBlock + Int64(hour * blocksPerHour) }

    /// The start of simulated hour `hour`.
    public func time(ofHour hour: Int) -> Timestamp { Timestamp(seconds: genesisTime.seconds + Int64(hour) * 3600) }

    /// The hash of a block's `index`-th transaction.
    public func transactionHash(block: Int64, index: Int) -> SimHash {
        SimHash.derived(seed: seed, domain: 2, UInt64(bitPattern: block), UInt64(index))
    }
}

/// A block header: what `eth_getBlockByNumber` returns about the block.
public struct SimBlock: Hashable, Sendable {
    public var number: Int64
    public var hash: SimHash
    public var parentHash: SimHash
    public var timestamp: Timestamp
}
