import FeatureStore
import Foundation
import Pipeline
import RadarCore
import RadarTestSupport
import SimWorld

/// The pipeline tests' store of a small SimWorld (see `SimWorldStore`), built once per test process;
/// `PipelineWorld(world:observedBy:)` holds only what was observed by a cutoff.
typealias PipelineWorld = SimWorldStore

extension SimWorldStore {
    /// The small world the pipeline tests share: 60 tokens over 20 days, labels over one day so that
    /// walk-forward folds fit in it.
    static let world = try! SimWorld(config: SimWorldConfig(seed: 11, tokens: 60, days: 20, horizon: try! Horizon(length: .days(1))))

    /// The full store of `world`, built once per test process and removed when the process exits.
    static let shared: SimWorldStore = {
        let fixture = try! SimWorldStore(world: world)
        atexit { SimWorldStore.shared.cleanUp() }
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
