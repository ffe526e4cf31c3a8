import FeatureStore
import Foundation
import Pipeline
import RadarCore
import Testing

/// The walk-forward backtest on a SimWorld store: no look-ahead, and models that find the planted signal.
@Suite(.serialized) struct WalkForwardTests {
    /// A backtest rerun on a store that holds only what was observed by t gives the same scores at t
    /// (and at every timestamp before it) as the backtest on the full history.
    @Test func truncatedHistoryGivesTheSameScores() throws {
        let full = PipelineWorld.backtest
        let cutoff = PipelineWorld.shared.time(endOfHour: 11 * 24 + 6)
        let truncated = try PipelineWorld(world: PipelineWorld.world, observedBy: cutoff)
        defer { truncated.cleanUp() }
        var config = PipelineWorld.backtestConfig(to: cutoff)
        config.dataEnd = cutoff
        let rerun = try Backtest(config: config).run(store: truncated.store)
        #expect(rerun.scored.last?.time == cutoff)
        #expect(rerun.scored.count == 14)
        for item in rerun.scored {
            for model in [BacktestModel.gbdt, .logistic, .blend, .baseline] {
                let ours = try #require(rerun.scores(at: item.time, model: model))
                let theirs = try #require(full.scores(at: item.time, model: model))
                #expect(ours.keys.sorted() == theirs.keys.sorted(), "\(model) at \(item.time): universes differ")
                let same = ours.allSatisfy { token, score in theirs[token].map { $0.bitPattern == score.bitPattern } ?? false }
                #expect(same, "\(model) at \(item.time): scores differ between the truncated and the full history")
            }
        }
        // The retrains saw the same rows and validated the same.
        for (a, b) in zip(rerun.retrains, full.retrains) {
            #expect(a.time == b.time && a.modelID == b.modelID)
            #expect(a.metrics["training_rows"] == b.metrics["training_rows"] && a.metrics["validation_auc"] == b.metrics["validation_auc"])
        }
    }

    /// Every retrain learnt only from label windows that closed by `retrain - embargo`.
    @Test func retrainsPurgeOpenLabels() throws {
        let result = PipelineWorld.backtest
        // Days 8, 11, 14 and 17 (the last scores one timestamp).
        #expect(result.retrains.count == 4)
        for retrain in result.retrains {
            #expect(retrain.labelCutoff == retrain.time - result.config.embargo)
            let rows = result.history.labelKnownBy(retrain.labelCutoff)
            #expect(!rows.isEmpty)
            #expect(rows.allSatisfy { result.history.labelWindowEnd(result.history.frame.timestamps[$0]) <= retrain.labelCutoff })
            #expect(retrain.modelID != nil, "retrain at \(retrain.time) skipped: \(retrain.skipped ?? "")")
            print("retrain \(retrain.time): \(retrain.metrics.sorted { $0.key < $1.key }.map { "\($0.key)=\(String(format: "%.3f", $0.value))" }.joined(separator: " "))")
        }
    }

    /// On held-out days the trained blend's rank IC is at least half the oracle's.
    @Test func modelRankICIsAtLeastHalfTheOracles() throws {
        let result = PipelineWorld.backtest
        let oracle = try #require(result.evaluation(.oracle))
        let blend = try #require(result.evaluation(.blend))
        let gbdt = try #require(result.evaluation(.gbdt))
        let logistic = try #require(result.evaluation(.logistic))
        let baseline = try #require(result.evaluation(.baseline))
        print("rank IC: oracle \(oracle.rankICMean), blend \(blend.rankICMean), gbdt \(gbdt.rankICMean), logistic \(logistic.rankICMean), baseline \(baseline.rankICMean); timestamps \(blend.ics.count)")
        #expect(oracle.ics.count >= 30)
        #expect(oracle.rankICMean > 0.1)
        #expect(blend.rankICMean >= 0.5 * oracle.rankICMean)
    }
}
