import FeatureStore
import Features
import Foundation
import RadarCore
import Scoring

/// The models a backtest compares, in report order.
public enum BacktestModel: String, CaseIterable, Sendable {
    case gbdt, logistic, blend, baseline, oracle

    /// The naive baseline: 24h volume against its 7-day average (`volume_growth_7d`), as the score.
    public static let baselineFeature = "volume_growth_7d"
}

/// One retrain of the walk-forward: when, on what, and how it validated (or why it was skipped).
public struct RetrainRecord: Sendable {
    public var time: Timestamp
    /// Label windows of the rows it learnt from ended by this instant (`time - embargo`).
    public var labelCutoff: Timestamp
    public var modelID: String?
    public var metrics: [String: Double]
    /// Why no model was trained (too little data), when none was.
    public var skipped: String?
}

/// One scored timestamp: its rows in the history and each model's score per row.
public struct ScoredTimestamp: Sendable {
    public var time: Timestamp
    public var rows: Range<Int>
    /// The bundle the model scores came from.
    public var modelID: String
    /// Model name (`BacktestModel.rawValue`) -> score per row of `rows`.
    public var scores: [String: [Double]]
}

/// Walk-forward replay: at each retrain time R, train on every row whose label window ended by
/// `R - embargo` (purging: no label that was still open at R - embargo), then score each timestamp until
/// the next retrain with that model. Features at t read the store as of t only; labels are read as of
/// their window's end, so a model trained at R never sees anything observed after R.
public struct Backtest: Sendable {
    public var config: BacktestConfig

    public init(config: BacktestConfig) { self.config = config }

    public func run(store: FeatureStore, oracle: OracleScores? = nil,
                    progress: (BacktestProgress) -> Void = { _ in }) throws(PipelineError) -> BacktestResult {
        try config.validate()
        let step = config.step
        let earliest: Timestamp?, latest: Timestamp?
        do {
            earliest = try store.earliestReserveTime()
            latest = try store.latestReserveTime()
        } catch {
            throw .store(error)
        }
        guard let earliest, let latest else {
            throw .notEnoughData(stage: "backtest", reason: "the store \(store.path) holds no reserve updates; collect first")
        }
        // The grid runs through `from`, back to the first training row.
        let requestedStart = min(config.trainStart ?? earliest, config.from)
        let stepsBack = (config.from.seconds - requestedStart.seconds) / step.seconds
        let gridStart = Timestamp(seconds: config.from.seconds - stepsBack * step.seconds)
        // Timestamps before `from` are never scored: they only feed training, which keeps one timestamp
        // per `rowSpacing` counted from the grid's start; so only those are built (the rest would be
        // dropped by the trainer). From `from` on every step is scored.
        let times = FeatureBuilder.timestamps(from: gridStart, to: config.to, step: step).filter { time in
            guard time < config.from, let spacing = config.training.rowSpacing?.seconds else { return true }
            return (time.seconds - gridStart.seconds) % spacing == 0
        }
        let dataEnd = config.dataEnd ?? latest

        let clock = ContinuousClock()
        let history = try LabelledHistory.build(store: store, times: times, labels: config.labelConfig, dataEnd: dataEnd,
                                                featureSet: config.featureSet, featureConfig: config.featureConfig) {
            progress(BacktestProgress(stage: "features", done: $0, total: $1))
        }
        let ranges = history.timestampRanges
        let baselineColumn = history.frame.names.firstIndex(of: BacktestModel.baselineFeature)

        let trainingStarted = clock.now
        var retrainTimes: [Timestamp] = []
        var retrain = config.from
        while retrain <= config.to {
            retrainTimes.append(retrain)
            retrain = retrain + config.retrainEvery
        }
        var retrains: [RetrainRecord] = []
        var bundles: [ModelBundle] = []
        var scored: [ScoredTimestamp] = []
        for (number, retrainTime) in retrainTimes.enumerated() {
            progress(BacktestProgress(stage: "train", done: number, total: retrainTimes.count))
            let cutoff = retrainTime - config.embargo
            let id = ModelTrainer.bundleID(trainedTo: retrainTime)
            let bundle: ModelBundle?
            do {
                bundle = try ModelTrainer.train(history, rows: history.labelKnownBy(cutoff), id: id, config: config.training,
                                                trainedAt: retrainTime.date)
                retrains.append(RetrainRecord(time: retrainTime, labelCutoff: cutoff, modelID: id, metrics: bundle!.metrics, skipped: nil))
            } catch PipelineError.notEnoughData(_, let reason) {
                bundle = nil
                retrains.append(RetrainRecord(time: retrainTime, labelCutoff: cutoff, modelID: nil, metrics: [:], skipped: reason))
            }
            guard let bundle else { continue }
            bundles.append(bundle)
            let scorer = AlphaScorer(bundle: bundle)
            let periodEnd = number + 1 < retrainTimes.count ? retrainTimes[number + 1] : config.to + step
            let period = ranges.filter { $0.time >= retrainTime && $0.time < periodEnd }
            let rows = period.flatMap { Array($0.rows) }
            guard !rows.isEmpty else { continue }
            let probabilities = try scorer.probabilities(ranked: history.ranked, rows: rows)
            var offset = 0
            for (time, range) in period {
                let slice = offset..<(offset + range.count)
                offset += range.count
                var scores: [String: [Double]] = [
                    BacktestModel.gbdt.rawValue: Array(probabilities.gbdt[slice]),
                    BacktestModel.logistic.rawValue: Array(probabilities.logistic[slice]),
                    BacktestModel.blend.rawValue: Array(probabilities.blend[slice]),
                    BacktestModel.baseline.rawValue: range.map { row in baselineColumn.map { Double(history.frame[row, $0]) } ?? .nan },
                ]
                if let oracle {
                    scores[BacktestModel.oracle.rawValue] = range.map { oracle.score(history.frame.tokens[$0], at: time) }
                }
                scored.append(ScoredTimestamp(time: time, rows: range, modelID: bundle.id, scores: scores))
            }
        }
        progress(BacktestProgress(stage: "train", done: retrainTimes.count, total: retrainTimes.count))
        guard !scored.isEmpty else {
            let reasons = retrains.compactMap(\.skipped).first ?? "no timestamp in range"
            throw .notEnoughData(stage: "backtest", reason: "no model could be trained: \(reasons)")
        }
        let evaluationStarted = clock.now
        let models = BacktestModel.allCases.filter { $0 != .oracle || oracle != nil }
        let evaluations = models.map { evaluate($0.rawValue, history: history, scored: scored) }
        var result = BacktestResult(config: config, dataEnd: dataEnd, history: history, scored: scored, retrains: retrains,
                                    evaluations: evaluations, importance: Self.importance(bundles),
                                    calibration: [BacktestModel.gbdt, .logistic, .blend].map {
                                        ($0.rawValue, Self.calibration($0.rawValue, history: history, scored: scored))
                                    })
        result.stageTimes = history.buildTimes + [("training and scoring", evaluationStarted - trainingStarted),
                                                  ("evaluation", clock.now - evaluationStarted)]
        return result
    }

    /// IC series, quantile returns, the top-k book and the category breakdown of one model.
    func evaluate(_ name: String, history: LabelledHistory, scored: [ScoredTimestamp]) -> ModelEvaluation {
        var ics: [TimestampIC] = []
        var quantileRows: [[Double]] = []
        var categoryICs: [String: [Double]] = [:]
        var categoryRows: [String: Int] = [:]
        let categoryOf = Self.categories(history.frame)
        for item in scored {
            guard let scores = item.scores[name] else { continue }
            let alpha = item.rows.map { history.alpha[$0] }
            let count = zip(scores, alpha).count(where: { !$0.0.isNaN && !$0.1.isNaN })
            guard count >= config.minimumCrossSection else { continue }
            ics.append(TimestampIC(time: item.time, ic: FactorMetrics.ic(scores: scores, alpha: alpha),
                                   rankIC: FactorMetrics.rankIC(scores: scores, alpha: alpha), count: count))
            quantileRows.append(FactorMetrics.quantileMeans(scores: scores, alpha: alpha, quantiles: config.quantiles))
            var byCategory: [String: (scores: [Double], alpha: [Double])] = [:]
            for (offset, row) in item.rows.enumerated() where !alpha[offset].isNaN {
                byCategory[categoryOf[row], default: ([], [])].scores.append(scores[offset])
                byCategory[categoryOf[row], default: ([], [])].alpha.append(alpha[offset])
                categoryRows[categoryOf[row], default: 0] += 1
            }
            for (category, pairs) in byCategory {
                let ic = FactorMetrics.rankIC(scores: pairs.scores, alpha: pairs.alpha, minimumCrossSection: config.minimumCrossSection)
                if !ic.isNaN { categoryICs[category, default: []].append(ic) }
            }
        }
        // The book rebalances every `rebalanceInterval` from the first scored timestamp.
        var sections: [PortfolioCrossSection] = []
        let liquidityColumn = history.frame.names.firstIndex(of: "liquidity_usd")
        if let first = scored.first?.time {
            for item in scored where (item.time.seconds - first.seconds) % config.rebalanceInterval.seconds == 0 {
                guard let scores = item.scores[name] else { continue }
                sections.append(PortfolioCrossSection(
                    time: item.time, tokens: item.rows.map { history.frame.tokens[$0] }, scores: scores,
                    forwardReturn: item.rows.map { history.forwardReturn[$0] },
                    liquidityUSD: item.rows.map { row in liquidityColumn.map { Double(history.frame[row, $0]) } ?? .nan }))
            }
        }
        // A rebalance whose forward windows are all unknown (past the data's end) ends the book.
        let book = TopKPortfolio(topK: config.topK, feeBps: config.feeBps, capitalUSD: config.capitalUSD).run(sections)
        let categories = Set(categoryOf).sorted().map { category in
            CategoryResult(category: category, rankICMean: FactorMetrics.mean(categoryICs[category] ?? []),
                           timestamps: categoryICs[category]?.count ?? 0, rows: categoryRows[category] ?? 0)
        }.filter { $0.rows > 0 }
        return ModelEvaluation(name: name, ics: ics, quantileReturns: FactorMetrics.meanOverTimestamps(quantileRows, quantiles: config.quantiles),
                               periods: book, categories: categories)
    }

    /// Each row's IP category from the one-hot `ip_*` columns (`none` without an IP link).
    static func categories(_ frame: FeatureFrame) -> [String] {
        let columns = IPCategory.allCases.compactMap { category in frame.names.firstIndex(of: "ip_\(category.rawValue)").map { (category.rawValue, $0) } }
        return (0..<frame.rowCount).map { row in columns.first { frame[row, $0.1] == 1 }?.0 ?? "none" }
    }

    /// Predicted against observed label frequency in ten equal-width probability bins.
    static func calibration(_ name: String, history: LabelledHistory, scored: [ScoredTimestamp]) -> [CalibrationBin] {
        var predicted = [Double](repeating: 0, count: 10), observed = [Double](repeating: 0, count: 10), counts = [Int](repeating: 0, count: 10)
        for item in scored {
            guard let scores = item.scores[name] else { continue }
            for (offset, row) in item.rows.enumerated() where !history.label[row].isNaN && !scores[offset].isNaN {
                let bin = min(9, max(0, Int(scores[offset] * 10)))
                predicted[bin] += scores[offset]
                observed[bin] += Double(history.label[row])
                counts[bin] += 1
            }
        }
        return (0..<10).compactMap { bin in
            counts[bin] == 0 ? nil : CalibrationBin(lower: Double(bin) / 10, meanPredicted: predicted[bin] / Double(counts[bin]),
                                                    observedRate: observed[bin] / Double(counts[bin]), count: counts[bin])
        }
    }

    /// GBDT split gain summed over every retrain, as shares of the total, largest first.
    static func importance(_ bundles: [ModelBundle]) -> [FeatureWeight] {
        guard let names = bundles.first?.gbdt.featureNames else { return [] }
        var gain = [Double](repeating: 0, count: names.count)
        for bundle in bundles {
            for (index, value) in (bundle.gbdt.gbdt?.model.importance.gain ?? []).enumerated() where index < gain.count { gain[index] += value }
        }
        let total = gain.reduce(0, +)
        return names.indices.map { FeatureWeight(feature: ModelInput.displayName(names[$0]), share: total > 0 ? gain[$0] / total : 0) }
            .sorted { $0.share > $1.share || ($0.share == $1.share && $0.feature < $1.feature) }
    }
}
