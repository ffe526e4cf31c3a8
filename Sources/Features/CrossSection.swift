import FeatureStore
import RadarCore

/// Everything the feature families read for one timestamp, fetched as cross-sections (one windowed
/// read per table for the whole universe) through a point-in-time reader, and grouped by token.
///
/// This is the only place features touch the store; every read goes through `store.asOf(t)`.
struct CrossSection: Sendable {
    let asOf: Timestamp
    let universe: Universe
    let config: FeatureConfig
    /// USD per quote token at t.
    let quoteUSD: Double
    /// Per member: the main pool's price path over (t - 7d, t], opening at the last update before.
    let prices: [PricePath]
    /// Per member: main-pool swaps in (t - 7d, t], in chain order.
    let swaps: [[Swap]]
    /// Per member: mentions with their posts in (t - 48h, t].
    let mentions: [[(mention: Mention, post: SocialPost)]]
    /// Per member: IP links known at t.
    let links: [[IPLink]]
    /// Per member: IP events of the token's IPs, all history to t.
    let ipEvents: [[IPEvent]]
    /// Per member: transfers of the token in (t - 24h, t].
    let transfers24h: [[Transfer]]
    let ledger: HolderLedger

    static let longWindow = RadarDuration.days(7)

    init(reader: PointInTimeReader, config: FeatureConfig, ledger: HolderLedger) throws(StoreError) {
        precondition(ledger.asOf == reader.asOf, "the holder ledger must be advanced to the section's timestamp")
        let t = reader.asOf
        asOf = t
        self.config = config
        self.ledger = ledger
        universe = try Universe(reader: reader, config: config)
        let members = universe.members
        let index = universe.indexByToken

        var prices = [PricePath](repeating: PricePath(points: []), count: members.count)
        for chain in Set(members.map(\.token.chain)) {
            let onChain = members.indices.filter { members[$0].token.chain == chain }
            let histories = try reader.reserveHistories(chain: chain, pools: onChain.map { members[$0].pool.address },
                                                        since: t - Self.longWindow)
            for position in onChain {
                let member = members[position]
                guard let history = histories[member.pool.address] else { continue }
                var points = [(time: Timestamp, reading: PoolReading)]()
                points.reserveCapacity(history.window.count + 1)
                if let opening = history.opening { points.append((opening.eventTime, PoolReading(opening, member: member))) }
                for update in history.window { points.append((update.eventTime, PoolReading(update, member: member))) }
                prices[position] = PricePath(points: points)
            }
        }
        self.prices = prices

        var poolOwner: [TokenID: Int] = [:]
        for (position, member) in members.enumerated() {
            poolOwner[TokenID(chain: member.pool.chain, address: member.pool.address)] = position
        }
        var swaps = [[Swap]](repeating: [], count: members.count)
        for swap in try reader.swaps(since: t - Self.longWindow) {
            if let position = poolOwner[TokenID(chain: swap.position.chain, address: swap.pool)] { swaps[position].append(swap) }
        }
        self.swaps = swaps

        var mentions = [[(mention: Mention, post: SocialPost)]](repeating: [], count: members.count)
        for item in try reader.mentions(since: t - .hours(48)) {
            if let position = index[item.mention.token] { mentions[position].append(item) }
        }
        self.mentions = mentions

        var links = [[IPLink]](repeating: [], count: members.count)
        var tokenOfIP: [String: Int] = [:]
        for link in try reader.ipLinks() {
            guard let position = index[link.token] else { continue }
            links[position].append(link)
            tokenOfIP[link.registryID.lowercased()] = position
        }
        self.links = links
        var ipEvents = [[IPEvent]](repeating: [], count: members.count)
        for event in try reader.ipEvents(since: Timestamp(seconds: -(1 << 62))) {
            // An event names its token where the registry gives one; otherwise its IP id ties it to a link.
            let position = event.token.flatMap { index[$0] } ?? tokenOfIP[event.ipID.lowercased()]
            if let position { ipEvents[position].append(event) }
        }
        self.ipEvents = ipEvents

        var transfers24h = [[Transfer]](repeating: [], count: members.count)
        for transfer in try reader.transfers(since: t - .hours(24)) {
            if let position = index[TokenID(chain: transfer.position.chain, address: transfer.token)] {
                transfers24h[position].append(transfer)
            }
        }
        self.transfers24h = transfers24h

        quoteUSD = try QuotePrice.usd(reader: reader, universe: universe, prices: prices, config: config)
    }
}
