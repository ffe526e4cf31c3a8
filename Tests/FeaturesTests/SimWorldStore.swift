import FeatureStore
import Foundation
import RadarCore
import SimWorld

/// A temporary store filled from a small SimWorld, each row observed a little after it happened
/// (0 to 90 minutes, fixed per row), so that some rows at any t have happened but are not yet known.
struct SimWorldStore {
    let world: SimWorld
    let directory: URL
    let store: FeatureStore

    /// What to do with a row observed after `cutoff` (the look-ahead test's tampering).
    enum Tamper { case none, after(Timestamp, seed: UInt64) }

    init(world: SimWorld, tamper: Tamper = .none) throws {
        self.world = world
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("radar-features-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try FeatureStore(path: directory.appendingPathComponent("radar.sqlite").path)
        var counter: UInt64 = 0
        func delay() -> Int64 {
            counter &+= 1
            return Int64((counter &* 0x9E37_79B9_7F4A_7C15) >> 40 % 5401)
        }
        // A row observed after the cutoff is, by a fixed draw, kept, altered or dropped.
        // Its own counter, so tampering never shifts the observation times of untouched rows.
        var tampered: UInt64 = 0
        func fate(_ observed: Timestamp) -> Int {
            guard case .after(let cutoff, let seed) = tamper, observed > cutoff else { return 0 }
            tampered &+= 1
            return Int(((tampered ^ seed) &* 0xD6E8_FEB8_6659_FD93) >> 61 % 3)
        }
        var launched = Set<Int>()
        for hour in world.hours() {
            var batch = IngestBatch()
            for token in world.tokens where token.launchHour == hour.hour && !launched.contains(token.index) {
                launched.insert(token.index)
                batch.tokens.append(world.radarToken(token))
                batch.ipLinks.append(world.ipLink(token))
            }
            for log in hour.logs {
                let time = world.chain.time(of: log.blockNumber)
                let observed = time + .seconds(delay())
                let change = fate(observed)
                if change == 2 { continue }
                switch world.radarRecord(log, observedAt: observed) {
                case .pool(let pool): batch.pools.append(pool)
                case .transfer(var transfer):
                    if change == 1 { transfer.amount = DecimalAmount(Int64(tampered % 1_000_000_007)) }
                    batch.transfers.append(transfer)
                case .swap(var swap):
                    if change == 1 { swap.amount0In = DecimalAmount(Int64(tampered % 999_983) * 1_000_000_007) }
                    batch.swaps.append(swap)
                case .reserves(var update):
                    if change == 1 { update.reserve0 = DecimalAmount(Int64(tampered % 999_983 + 1) * 1_000_000_007) }
                    batch.reserves.append(update)
                case .liquidity(let event): batch.liquidityEvents.append(event)
                case .ipEvent(var event):
                    if change == 1 { event.amount = DecimalAmount(Int64(tampered % 1000)) }
                    batch.ipEvents.append(event)
                }
            }
            for snapshot in hour.snapshots {
                let observed = Timestamp(seconds: snapshot.time) + .seconds(delay() / 10)
                let change = fate(observed)
                if change == 2 { continue }
                var row = world.marketSnapshot(snapshot, observedAt: observed)
                if change == 1 { row.priceUSD = (row.priceUSD ?? 1) * 7 }
                batch.marketSnapshots.append(row)
            }
            for post in hour.posts {
                let observed = Timestamp(seconds: post.createdAt) + .seconds(delay())
                let change = fate(observed)
                if change == 2 { continue }
                var (social, mention) = world.socialPost(post, observedAt: observed)
                if change == 1 { social.text = "scam rug dump"; social.likes += 1000 }
                batch.socialPosts.append(social)
                batch.mentions.append(mention)
            }
            try store.ingest(batch)
        }
    }

    /// The world's timestamp at the end of `hour`.
    func time(endOfHour hour: Int) -> Timestamp { world.chain.time(ofHour: hour + 1) }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }

    /// A small world (60 tokens x 20 days), the size the feature tests use.
    static func smallWorld(seed: UInt64 = 7) throws -> SimWorld {
        try SimWorld(config: SimWorldConfig(seed: seed, tokens: 60, days: 20))
    }
}

/// Spearman rank correlation of paired values (ties get average ranks); NaN pairs are dropped.
func rankCorrelation(_ x: [Double], _ y: [Double]) -> Double {
    let pairs = zip(x, y).filter { !$0.0.isNaN && !$0.1.isNaN }
    func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var result = [Double](repeating: 0, count: values.count)
        var index = 0
        while index < order.count {
            var end = index
            while end + 1 < order.count && values[order[end + 1]] == values[order[index]] { end += 1 }
            for position in index...end { result[order[position]] = Double(index + end) / 2 }
            index = end + 1
        }
        return result
    }
    let a = ranks(pairs.map(\.0)), b = ranks(pairs.map(\.1))
    let n = Double(a.count)
    guard n > 2 else { return .nan }
    let meanA = a.reduce(0, +) / n, meanB = b.reduce(0, +) / n
    var covariance = 0.0, varianceA = 0.0, varianceB = 0.0
    for (u, v) in zip(a, b) {
        covariance += (u - meanA) * (v - meanB)
        varianceA += (u - meanA) * (u - meanA)
        varianceB += (v - meanB) * (v - meanB)
    }
    return covariance / (varianceA * varianceB).squareRoot()
}
