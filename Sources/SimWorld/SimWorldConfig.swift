import RadarCore

/// What a world is made of: its seed, size, chain and horizon. Two equal configs give one world.
public struct SimWorldConfig: Hashable, Sendable {
    /// The seed every random stream is derived from.
    public var seed: UInt64
    /// Number of IP-linked tokens (default 300; the simulator is built for 10,000).
    public var tokens: Int
    /// Simulated days in hourly steps (default 120).
    public var days: Int
    /// EIP-155 chain id the logs claim (default 1, so mainnet-shaped feeds apply unchanged).
    public var chainID: ChainID
    /// The first block's number (default 20,000,000, mainnet-like).
    public var genesisBlock: Int64
    /// The first block's Unix time (default 2025-01-06T00:00:00Z).
    public var genesisTime: Timestamp
    /// Seconds between blocks (12, as Ethereum).
    public var blockSeconds: Int64
    /// The horizon the oracle's forward alpha is measured over (default 7 days, lag one bar).
    public var horizon: Horizon
    /// The model's coefficients.
    public var dynamics: SimDynamics

    public init(seed: UInt64 = 1, tokens: Int = 300, days: Int = 120, chainID: ChainID = 1,
                genesisBlock: Int64 = 20_000_000, genesisTime: Timestamp = Timestamp(seconds: 1_736_121_600),
                blockSeconds: Int64 = 12, horizon: Horizon = .week, dynamics: SimDynamics = SimDynamics()) {
        self.seed = seed
        self.tokens = tokens
        self.days = days
        self.chainID = chainID
        self.genesisBlock = genesisBlock
        self.genesisTime = genesisTime
        self.blockSeconds = blockSeconds
        self.horizon = horizon
        self.dynamics = dynamics
    }

    /// Hourly steps simulated.
    public var hours: Int { days * 24 }
    /// Blocks per hourly step (300 for 12-second blocks).
    public var blocksPerHour: Int { Int(3600 / blockSeconds) }

    /// Refuses worlds the simulator cannot make.
    public func validate() throws(ValidationError) {
        guard tokens >= 1, tokens <= 1_000_000 else {
            throw ValidationError(field: "world.tokens", value: String(tokens), reason: "must be between 1 and 1,000,000")
        }
        guard days >= 1, days <= 3650 else {
            throw ValidationError(field: "world.days", value: String(days), reason: "must be between 1 and 3,650")
        }
        guard blockSeconds >= 1, 3600 % blockSeconds == 0 else {
            throw ValidationError(field: "world.blockSeconds", value: String(blockSeconds), reason: "must divide an hour (12 for Ethereum)")
        }
        guard chainID > 0, genesisBlock >= 1 else {
            throw ValidationError(field: "world.chainID", value: String(chainID), reason: "chain id and genesis block must be positive")
        }
    }
}
