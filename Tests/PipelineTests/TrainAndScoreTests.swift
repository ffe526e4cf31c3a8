import FeatureStore
import Features
import Foundation
import Pipeline
import RadarCore
import Testing

/// Training a bundle on a window, reading it back, scoring a watchlist and storing it.
@Suite struct TrainAndScoreTests {
    @Test func trainWriteReadScoreAndStore() throws {
        let fixture = PipelineWorld.shared
        let horizon = try Horizon(length: .days(1))
        // The shared backtest's rows (every 6 hours from day 1); a model trained at `to` may use those
        // whose label window ended by then.
        let to = fixture.time(endOfHour: 9 * 24)
        let history = PipelineWorld.backtest.history
        #expect(history.frame.timestamps.contains(to))
        let rows = history.labelKnownBy(to)
        #expect(rows.allSatisfy { history.labelWindowEnd(history.frame.timestamps[$0]) <= to })
        let bundle = try ModelTrainer.train(history, rows: rows, id: ModelTrainer.bundleID(trainedTo: to))
        #expect(bundle.id == "blend-20250115T010000Z")
        #expect((bundle.metrics["validation_auc"] ?? 0) > 0.5)
        #expect(bundle.gbdt.calibration != nil && bundle.logistic.calibration != nil)
        #expect(bundle.windowEnd <= to - horizon.length)

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("radar-models-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("\(bundle.id).json").path
        try bundle.write(to: path)
        let read = try ModelBundle.read(path: path)
        #expect(read == bundle)

        var builder = FeatureBuilder(store: fixture.store)
        let frame = try builder.rows(asOf: to)
        let watchlist = try AlphaScorer(bundle: read).watchlist(frame)
        #expect(watchlist.count == frame.rowCount)
        #expect(watchlist.map(\.rank) == Array(1...watchlist.count))
        #expect(zip(watchlist, watchlist.dropFirst()).allSatisfy { $0.alphaScore >= $1.alphaScore })
        let best = try #require(watchlist.first)
        #expect(best.alphaScore > 0 && best.alphaScore <= 100)
        #expect(best.drivers.count == 3)
        let text = best.drivers[0].text
        #expect(text.range(of: #"^[a-z0-9_]+ (high|mid|low|missing) \([+-]\d+\.\d\d\)$"#, options: .regularExpression) != nil, "driver text '\(text)'")
        #expect(!text.contains("_rank"))

        try fixture.store.saveScores(watchlist.map {
            StoredScore(asOf: to, token: $0.token, modelID: read.id, probability: $0.probability, alphaScore: $0.alphaScore, rank: $0.rank,
                        drivers: "[]", riskFlags: "[]")
        })
        let stored = try fixture.store.scores(asOf: to, modelID: read.id)
        #expect(stored.map(\.token) == watchlist.map(\.token))
        try fixture.store.registerModel(RegisteredModel(modelID: read.id, kind: ModelBundle.kind, path: path, featureSet: read.featureSet,
                                                        trainedFrom: read.windowStart, trainedTo: read.windowEnd, params: "{}",
                                                        metrics: "{}", createdAt: to))
        #expect(try fixture.store.registeredModels().first { $0.modelID == read.id }?.path == path)
    }

    /// Training and validation are time-ordered and purged: no training label window overlaps a
    /// validation one, and validation is the last quarter of the labelled timestamps.
    @Test func splitPurgesOverlappingLabels() throws {
        let history = PipelineWorld.backtest.history
        let to = PipelineWorld.shared.time(endOfHour: 12 * 24)
        let split = try ModelTrainer.split(history, rows: history.labelKnownBy(to), validationFraction: 0.25)
        let lastTraining = try #require(split.training.map { history.frame.timestamps[$0] }.max())
        let firstValidation = try #require(split.validation.map { history.frame.timestamps[$0] }.min())
        let trainingWindow = history.horizon.window(after: lastTraining), validationWindow = history.horizon.window(after: firstValidation)
        #expect(trainingWindow.upperBound <= validationWindow.lowerBound)
        // The purge drops the timestamps less than one horizon before validation (3 at a 6h step, 1d horizon).
        let gap = (firstValidation.seconds - lastTraining.seconds) / 3600
        #expect(gap == 24)
        let validationTimes = Set(split.validation.map { history.frame.timestamps[$0] })
        #expect(validationTimes.count == Int((0.25 * Double(split.times.count)).rounded(.up)))
        #expect(split.validation.allSatisfy { !history.label[$0].isNaN })
    }

    @Test func riskFlagsNameTheRisk() {
        let flags = RiskRules().flags(["liquidity_drop_7d": 0.62, "lp_concentration": 0.95, "pool_age_hours": 12.5,
                                       "top10_share": 0.3, "liquidity_usd": .nan])
        #expect(flags == ["liquidity drop 62% from 7d high", "LP concentration 95% in one holder", "young pool (12h)"])
    }

    @Test func driverText() {
        #expect(Driver(feature: "mentions_24h_rank", percentile: 0.93, contribution: 0.4249).text == "mentions_24h high (+0.42)")
        #expect(Driver(feature: "liquidity_usd_rank", percentile: nil, contribution: -0.1).text == "liquidity_usd missing (-0.10)")
    }

    @Test func malformedTruthFilesNameLineFieldAndValue() {
        let text = "hour,time,chain,address,expected_return\n1,2025-01-06T01:00:00Z,1,0x0000000000000000000000000000000000000001,abc\n"
        do {
            _ = try OracleScores.parse(text, source: "truth.csv")
            Issue.record("a malformed truth file was accepted")
        } catch {
            #expect("\(error)" == "truth.csv:2: field 'expected_return' = 'abc': not a number")
        }
    }
}
