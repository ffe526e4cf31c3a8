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
    /// Per member: mentions whose post and mention both fall in (t - 7d, t], in the order a fresh read
    /// returns them (mention time, then post key).
    let mentions: [[MentionRecord]]
    /// Per member: IP links known at t.
    let links: [[IPLink]]
    /// Per member: IP events of the token's IPs, all history to t.
    let ipEvents: [[IPEventRecord]]
    /// Per member: transfers of the token in (t - 24h, t].
    let transfers24h: [[TransferFlow]]
    let ledger: HolderLedger

    static let longWindow = RadarDuration.days(7)

    init(reader: PointInTimeReader, config: FeatureConfig, ledger: HolderLedger, tape: inout PoolTape, mentionTape: MentionTape,
         ipTape: IPEventTape, timings: inout BuildTimings) throws(StoreError) {
        precondition(ledger.asOf == reader.asOf, "the holder ledger must be advanced to the section's timestamp")
        precondition(tape.asOf == reader.asOf && tape.window == Self.longWindow, "the pool tape must be advanced to the section's timestamp")
        precondition(mentionTape.asOf == reader.asOf && mentionTape.window == Self.longWindow,
                     "the mention tape must be advanced to the section's timestamp")
        precondition(ipTape.asOf == reader.asOf, "the IP event tape must be advanced to the section's timestamp")
        let t = reader.asOf
        asOf = t
        self.config = config
        self.ledger = ledger
        let universe = try timings.measure("universe") { () throws(StoreError) in try Universe(reader: reader, config: config) }
        self.universe = universe
        let members = universe.members
        let index = universe.indexByToken

        let poolKeys = members.map { ContractKey(chain: $0.pool.chain, address: PackedAddress($0.pool.address)) }
        try timings.measure("pool openings") { () throws(StoreError) in
            try tape.resolveOpenings(of: Dictionary(zip(poolKeys, members.map(\.pool.address)), uniquingKeysWith: { first, _ in first }),
                                     reader: reader)
        }
        let started = ContinuousClock.now
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
        timings.record("price paths", since: started)

        var mentions = [[MentionRecord]](repeating: [], count: members.count)
        for (position, member) in members.enumerated() { mentions[position] = mentionTape.mentions[member.token] ?? [] }
        self.mentions = mentions
        let ipStarted = ContinuousClock.now

        var links = [[IPLink]](repeating: [], count: members.count)
        var tokenOfIP: [String: Int] = [:]
        for link in try reader.ipLinks() {
            guard let position = index[link.token] else { continue }
            links[position].append(link)
            tokenOfIP[link.registryID.lowercased()] = position
        }
        self.links = links
        var ipEvents = [[IPEventRecord]](repeating: [], count: members.count)
        for event in ipTape.events {
            // An event names its token where the registry gives one; otherwise its IP id ties it to a link.
            let position = event.token.flatMap { index[$0] } ?? tokenOfIP[event.ipID.lowercased()]
            if let position { ipEvents[position].append(event) }
        }
        self.ipEvents = ipEvents
        timings.record("ip links and events", since: ipStarted)

        quoteUSD = try timings.measure("quote price") { () throws(StoreError) in
            try QuotePrice.usd(reader: reader, universe: universe, prices: prices, config: config)
        }
    }
}
