import FeatureStore
import Foundation
import RadarCore
import SimWorld

/// A temporary store filled in-process from a SimWorld, each row observed a little after it happened
/// (0 to 90 minutes, fixed per row), so that some rows at any t have happened but are not yet known.
/// The features and pipeline tests read real store rows this way without serving the world over HTTP;
/// optionally the store holds only what was observed by a cutoff (the history a radar started then
/// would hold), or has rows observed after a cutoff tampered with (the look-ahead test).
public struct SimWorldStore: Sendable {
    public let world: SimWorld
    public let directory: URL
    public let store: FeatureStore

    /// What to do with a row observed after `cutoff` (the look-ahead test's tampering).
    public enum Tamper: Sendable { case none, after(Timestamp, seed: UInt64) }

    /// Ingests `world` hour by hour; rows observed after `observedBy` are left out, and rows observed
    /// after a `tamper` cutoff are, by a fixed draw, kept, altered or dropped.
    public init(world: SimWorld, observedBy cutoff: Timestamp? = nil, tamper: Tamper = .none) throws {
        self.world = world
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("radar-simworld-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try FeatureStore(path: directory.appendingPathComponent("radar.sqlite").path)
        var counter: UInt64 = 0
        func delay() -> Int64 {
            counter &+= 1
            return Int64((counter &* 0x9E37_79B9_7F4A_7C15) >> 40 % 5401)
        }
        func keep(_ observed: Timestamp) -> Bool { cutoff.map { observed <= $0 } ?? true }
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
                let observed = world.chain.time(of: log.blockNumber) + .seconds(delay())
                guard keep(observed) else { continue }
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
                guard keep(observed) else { continue }
                let change = fate(observed)
                if change == 2 { continue }
                var row = world.marketSnapshot(snapshot, observedAt: observed)
                if change == 1 { row.priceUSD = (row.priceUSD ?? 1) * 7 }
                batch.marketSnapshots.append(row)
            }
            for post in hour.posts {
                let observed = Timestamp(seconds: post.createdAt) + .seconds(delay())
                guard keep(observed) else { continue }
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

    /// The world's timestamp at the end of `hour` (when a score for that hour is made).
    public func time(endOfHour hour: Int) -> Timestamp { world.chain.time(ofHour: hour + 1) }

    public func cleanUp() { try? FileManager.default.removeItem(at: directory) }

    /// A small world (60 tokens x 20 days), the size the feature tests use.
    public static func smallWorld(seed: UInt64 = 7) throws -> SimWorld {
        try SimWorld(config: SimWorldConfig(seed: seed, tokens: 60, days: 20))
    }
}
