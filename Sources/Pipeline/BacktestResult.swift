import RadarCore

/// One timestamp's information coefficients.
public struct TimestampIC: Sendable, Equatable {
    public var time: Timestamp
    /// Pearson correlation of score and realised alpha.
    public var ic: Double
    /// Spearman correlation of score and realised alpha.
    public var rankIC: Double
    /// Tokens with both a score and a realised alpha.
    public var count: Int
}

/// A model's rank IC within one IP category's tokens.
public struct CategoryResult: Sendable, Equatable {
    public var category: String
    public var rankICMean: Double
    /// Timestamps where the category had enough tokens for a rank IC.
    public var timestamps: Int
    /// Scored rows with a realised alpha in the category.
    public var rows: Int
}

/// Mean predicted probability against the observed label rate in one probability bin.
public struct CalibrationBin: Sendable, Equatable {
    public var lower: Double
    public var meanPredicted: Double
    public var observedRate: Double
    public var count: Int
}

/// A feature's share of the GBDT's total split gain.
public struct FeatureWeight: Sendable, Equatable {
    public var feature: String
    public var share: Double
}

/// Everything the backtest measured for one model.
public struct ModelEvaluation: Sendable {
    public var name: String
    public var ics: [TimestampIC]
    /// Mean realised alpha per score quantile (index 0 = lowest scores), averaged over timestamps.
    public var quantileReturns: [Double]
    /// The top-k book's rebalances.
    public var periods: [PortfolioPeriod]
    public var categories: [CategoryResult]

    public var rankICMean: Double { FactorMetrics.mean(ics.map(\.rankIC)) }
    public var icMean: Double { FactorMetrics.mean(ics.map(\.ic)) }
    public var icir: Double { FactorMetrics.icir(ics.map(\.rankIC)) }
    public var hitRate: Double { FactorMetrics.hitRate(ics.map(\.rankIC)) }
    /// Mean excess return after costs per rebalance (one horizon).
    public var topKExcessReturn: Double { FactorMetrics.mean(periods.map(\.excessReturn)) }
    /// Compounded book over compounded benchmark, minus 1, over the whole backtest.
    public var topKExcessReturnTotal: Double {
        guard let last = periods.last, last.benchmarkEquity > 0 else { return .nan }
        return last.equity / last.benchmarkEquity - 1
    }
    /// Max drawdown of the book's equity curve (after costs), starting from 1.
    public var maxDrawdown: Double { FactorMetrics.maxDrawdown([1] + periods.map(\.equity)) }
    /// Mean turnover per rebalance, the first (buying from cash) left out.
    public var turnover: Double { FactorMetrics.mean(periods.dropFirst().map(\.turnover)) }
    /// Top minus bottom quantile's mean alpha.
    public var quantileSpread: Double {
        guard let top = quantileReturns.last, let bottom = quantileReturns.first else { return .nan }
        return top - bottom
    }
}

/// A walk-forward backtest's outcome: the scored history, every retrain, and each model's evaluation.
public struct BacktestResult: Sendable {
    public var config: BacktestConfig
    public var dataEnd: Timestamp
    public var history: LabelledHistory
    public var scored: [ScoredTimestamp]
    public var retrains: [RetrainRecord]
    /// In `BacktestModel` order.
    public var evaluations: [ModelEvaluation]
    public var importance: [FeatureWeight]
    /// Model name -> calibration bins, for the probability models.
    public var calibration: [(String, [CalibrationBin])]
    /// Where the run spent its wall time, stage by stage (features, labels, training and scoring,
    /// evaluation): printed by `radar backtest`, never part of the summary (it differs run to run).
    public var stageTimes: [(stage: String, duration: Duration)] = []

    /// The evaluation of `model`, if it ran.
    public func evaluation(_ model: BacktestModel) -> ModelEvaluation? { evaluations.first { $0.name == model.rawValue } }

    /// Each token's score by `model` at `time` (nil when the timestamp was not scored).
    public func scores(at time: Timestamp, model: BacktestModel) -> [TokenID: Double]? {
        guard let item = scored.first(where: { $0.time == time }), let scores = item.scores[model.rawValue] else { return nil }
        return Dictionary(uniqueKeysWithValues: zip(item.rows.map { history.frame.tokens[$0] }, scores))
    }
}
