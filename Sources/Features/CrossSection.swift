import FeatureStore
import RadarCore

/// Everything the feature families read for one timestamp, grouped by universe member.
///
/// Swaps, reserve updates and transfers come from the builder's carried state (`PoolTape`,
/// `HolderLedger`), which steps through `store.asOf(t)`; the rest is read here as cross-sections (one
/// windowed read per table for the whole universe). Every read goes through the point-in-time reader.
struct CrossSection: Sendable {
    let asOf: Timestamp
    let universe: Universe
    let config: FeatureConfig
    /// USD per quote token at t.
    let quoteUSD: Double
    /// Per member: the main pool's price path over (t - 7d, t], opening at the last update before.
    let prices: [PricePath]
    /// Per member: main-pool swaps in (t - 7d, t], in chain order.
    let swaps: [[SwapFlow]]
    /// Per member: mentions with their posts in (t - 48h, t].
    let mentions: [[(mention: Mention, post: SocialPost)]]
    /// Per member: mentions in (t - 7d, t] (counted in the store).
    let mentionCounts7d: [Int]
    /// Per member: IP links known at t.
    let links: [[IPLink]]
    /// Per member: IP events of the token's IPs, all history to t.
    let ipEvents: [[IPEvent]]
    /// Per member: transfers of the token in (t - 24h, t].
    let transfers24h: [[TransferFlow]]
    let ledger: HolderLedger

    static let longWindow = RadarDuration.days(7)

    init(reader: PointInTimeReader, config: FeatureConfig, ledger: HolderLedger, tape: inout PoolTape) throws(StoreError) {
        precondition(ledger.asOf == reader.asOf, "the holder ledger must be advanced to the section's timestamp")
        precondition(tape.asOf == reader.asOf && tape.window == Self.longWindow, "the pool tape must be advanced to the section's timestamp")
        let t = reader.asOf
        asOf = t
        self.config = config
        self.ledger = ledger
        universe = try Universe(reader: reader, config: config)
        let members = universe.members
        let index = universe.indexByToken

        let poolKeys = members.map { ContractKey(chain: $0.pool.chain, address: PackedAddress($0.pool.address)) }
        try tape.resolveOpenings(of: Dictionary(zip(poolKeys, members.map(\.pool.address)), uniquingKeysWith: { first, _ in first }),
                                 reader: reader)
        var prices = [PricePath](repeating: PricePath(points: []), count: members.count)
        var swaps = [[SwapFlow]](repeating: [], count: members.count)
        var transfers24h = [[TransferFlow]](repeating: [], count: members.count)
        for (position, member) in members.enumerated() {
            let key = poolKeys[position]
            let window = tape.reserves[key] ?? []
            let opening = tape.openings[key]
            if opening != nil || !window.isEmpty {
                var points = [(time: Timestamp, reading: PoolReading)]()
                points.reserveCapacity(window.count + 1)
                if let opening { points.append((opening.eventTime, PoolReading(opening, member: member))) }
                for update in window { points.append((update.eventTime, PoolReading(update, member: member))) }
                prices[position] = PricePath(points: points)
            }
            swaps[position] = tape.swaps[key] ?? []
            transfers24h[position] = ledger.recentTransfers(of: ContractKey(member.token))
        }
        self.prices = prices
        self.swaps = swaps
        self.transfers24h = transfers24h

        var mentions = [[(mention: Mention, post: SocialPost)]](repeating: [], count: members.count)
        for item in try reader.mentions(since: t - .hours(48)) {
            if let position = index[item.mention.token] { mentions[position].append(item) }
        }
        self.mentions = mentions
        var mentionCounts7d = [Int](repeating: 0, count: members.count)
        for (token, count) in try reader.mentionCounts(since: t - Self.longWindow) {
            if let position = index[token] { mentionCounts7d[position] = count }
        }
        self.mentionCounts7d = mentionCounts7d

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

        quoteUSD = try QuotePrice.usd(reader: reader, universe: universe, prices: prices, config: config)
    }
}
