/// The tables of the store contract, by their SQL names.
public enum StoreTable: String, CaseIterable, Sendable, Codable, CodingKeyRepresentable {
    case tokens
    case ipLinks = "ip_links"
    case blocks
    case pools
    case transfers
    case swaps
    case reserves
    case liquidityEvents = "liquidity_events"
    case marketSnapshots = "market_snapshots"
    case socialPosts = "social_posts"
    case mentions
    case ipEvents = "ip_events"
    case checkpoints
    case featureRows = "feature_rows"
    case labels
    case models
    case scores
    case outbox

    /// On-chain log tables whose rows belong to one block and go when that block is reorganised away.
    static let blockScoped: [StoreTable] = [.transfers, .swaps, .reserves, .liquidityEvents, .ipEvents]
}
