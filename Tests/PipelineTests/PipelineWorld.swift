import FeatureStore
import Foundation
import Pipeline
import RadarCore
import SimWorld

/// A temporary store filled from a small SimWorld (each row observed 0 to 90 minutes after it
/// happened, as in the features tests), optionally only with what was observed by a cutoff: the
/// history a radar started at the cutoff would hold.
struct PipelineWorld: Sendable {
    let world: SimWorld
    let directory: URL
    let store: FeatureStore

    init(world: SimWorld, observedBy cutoff: Timestamp? = nil) throws {
        self.world = world
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("radar-pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try FeatureStore(path: directory.appendingPathComponent("radar.sqlite").path)
        var counter: UInt64 = 0
        func delay() -> Int64 {
            counter &+= 1
            return Int64((counter &* 0x9E37_79B9_7F4A_7C15) >> 40 % 5401)
        }
        func keep(_ observed: Timestamp) -> Bool { cutoff.map { observed <= $0 } ?? true }
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
                switch world.radarRecord(log, observedAt: observed) {
                case .pool(let pool): batch.pools.append(pool)
                case .transfer(let transfer): batch.transfers.append(transfer)
                case .swap(let swap): batch.swaps.append(swap)
                case .reserves(let update): batch.reserves.append(update)
                case .liquidity(let event): batch.liquidityEvents.append(event)
                case .ipEvent(let event): batch.ipEvents.append(event)
                }
            }
            for snapshot in hour.snapshots {
                let observed = Timestamp(seconds: snapshot.time) + .seconds(delay() / 10)
                guard keep(observed) else { continue }
                batch.marketSnapshots.append(world.marketSnapshot(snapshot, observedAt: observed))
            }
            for post in hour.posts {
                let observed = Timestamp(seconds: post.createdAt) + .seconds(delay())
                guard keep(observed) else { continue }
                let (social, mention) = world.socialPost(post, observedAt: observed)
                batch.socialPosts.append(social)
                batch.mentions.append(mention)
            }
            try store.ingest(batch)
        }
    }

    /// The world's timestamp at the end of `hour` (when a score for that hour is made).
    func time(endOfHour hour: Int) -> Timestamp { world.chain.time(ofHour: hour + 1) }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }

    /// The small world the pipeline tests share: 60 tokens over 20 days, labels over one day so that
    /// walk-forward folds fit in it.
    static let world = try! SimWorld(config: SimWorldConfig(seed: 11, tokens: 60, days: 20, horizon: try! Horizon(length: .days(1))))

    /// The full store of `world`, built once per test process and removed when the process exits.
    static let shared: PipelineWorld = {
        let fixture = try! PipelineWorld(world: world)
        atexit { PipelineWorld.shared.cleanUp() }
        return fixture
    }()

    /// The world's truth CSV (`radar world export --truth`), written once.
    static let truthPath: String = {
        let url = shared.directory.appendingPathComponent("truth.csv")
        try! SimWorldTruth(world: world).write(csv: url)
        return url.path
    }()

    /// The walk-forward settings the tests share: score days 8 to 17 every 6 hours (features in a debug
    /// build cost a good part of a second per timestamp), retrain every 3 days.
    static func backtestConfig(to: Timestamp? = nil) -> BacktestConfig {
        let from = shared.time(endOfHour: 8 * 24)
        return BacktestConfig(from: from, to: to ?? shared.time(endOfHour: 17 * 24), step: .hours(6), retrainEvery: .days(3),
                              horizon: try! Horizon(length: .days(1)), embargo: .hours(6), topK: 5, feeBps: 30,
                              trainStart: shared.time(endOfHour: 24))
    }

    /// The shared backtest on the full store, with the world's oracle.
    static let backtest: BacktestResult = {
        let oracle = try! OracleScores.read(csv: truthPath)
        return try! Backtest(config: backtestConfig()).run(store: shared.store, oracle: oracle)
    }()
}
