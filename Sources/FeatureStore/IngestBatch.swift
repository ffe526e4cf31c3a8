import RadarCore

/// Everything one fetch of one feed produced. It is written in one transaction together with the
/// feed's checkpoint, so a crash never leaves a checkpoint ahead of its data.
public struct IngestBatch: Sendable {
    public var blocks: [ObservedBlock] = []
    public var tokens: [Token] = []
    public var ipLinks: [IPLink] = []
    public var pools: [Pool] = []
    public var transfers: [Transfer] = []
    public var swaps: [Swap] = []
    public var reserves: [ReserveUpdate] = []
    public var liquidityEvents: [LiquidityEvent] = []
    public var marketSnapshots: [MarketSnapshot] = []
    public var socialPosts: [SocialPost] = []
    public var mentions: [Mention] = []
    public var ipEvents: [IPEvent] = []

    public init(blocks: [ObservedBlock] = [], tokens: [Token] = [], ipLinks: [IPLink] = [], pools: [Pool] = [],
                transfers: [Transfer] = [], swaps: [Swap] = [], reserves: [ReserveUpdate] = [],
                liquidityEvents: [LiquidityEvent] = [], marketSnapshots: [MarketSnapshot] = [],
                socialPosts: [SocialPost] = [], mentions: [Mention] = [], ipEvents: [IPEvent] = []) {
        self.blocks = blocks
        self.tokens = tokens
        self.ipLinks = ipLinks
        self.pools = pools
        self.transfers = transfers
        self.swaps = swaps
        self.reserves = reserves
        self.liquidityEvents = liquidityEvents
        self.marketSnapshots = marketSnapshots
        self.socialPosts = socialPosts
        self.mentions = mentions
        self.ipEvents = ipEvents
    }

    /// Rows in the batch, over all tables.
    public var count: Int {
        blocks.count + tokens.count + ipLinks.count + pools.count + transfers.count + swaps.count + reserves.count
            + liquidityEvents.count + marketSnapshots.count + socialPosts.count + mentions.count + ipEvents.count
    }
}

/// What an ingest changed: rows new to the store and rows it already had, per table.
public struct IngestReport: Sendable, Equatable {
    public var inserted: [StoreTable: Int] = [:]
    public var duplicates: [StoreTable: Int] = [:]

    public init() {}

    public var totalInserted: Int { inserted.values.reduce(0, +) }
    public var totalDuplicates: Int { duplicates.values.reduce(0, +) }

    mutating func add(_ table: StoreTable, inserted new: Int, duplicates repeated: Int) {
        if new > 0 { inserted[table, default: 0] += new }
        if repeated > 0 { duplicates[table, default: 0] += repeated }
    }
}
