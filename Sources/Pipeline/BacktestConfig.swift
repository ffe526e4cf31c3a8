import Features
import RadarCore

/// Everything a walk-forward backtest needs to be replayed exactly.
public struct BacktestConfig: Sendable {
    /// First and last scored timestamp (inclusive).
    public var from: Timestamp
    public var to: Timestamp
    /// Spacing of scored timestamps (and of training rows).
    public var step: RadarDuration
    /// A new model is trained at `from`, `from + retrainEvery`, ...
    public var retrainEvery: RadarDuration
    /// The label definition (forward window and execution lag).
    public var horizon: Horizon
    /// A model trained at R learns only from rows whose label window ended by `R - embargo`.
    public var embargo: RadarDuration
    /// Tokens held by the long book.
    public var topK: Int
    public var feeBps: Double
    /// Book size in USD, for slippage (trade size / pool liquidity).
    public var capitalUSD: Double
    /// Spacing of the book's rebalances (default: the horizon, so forward windows never overlap).
    public var rebalanceEvery: RadarDuration?
    /// Earliest training row (default: the store's first reserve update).
    public var trainStart: Timestamp?
    /// The store is complete to here (default: its last reserve update); later label windows are unknown.
    public var dataEnd: Timestamp?
    public var topQuantile: Double
    public var deadReturn: Double
    /// Quantile buckets of the quantile-return table (5 = quintiles).
    public var quantiles: Int
    /// Fewest tokens with score and realised alpha for a timestamp's IC to count.
    public var minimumCrossSection: Int
    public var training: TrainingConfig
    /// The features the models learn from (the config's `features.set`; default `FeatureSet.standard`).
    public var featureSet: FeatureSet = .standard
    /// How those features are computed (the config's `features` section: quote tokens, whale share).
    public var featureConfig = FeatureConfig()

    public init(from: Timestamp, to: Timestamp, step: RadarDuration = .hours(1), retrainEvery: RadarDuration = .days(7),
                horizon: Horizon = .week, embargo: RadarDuration = .days(1), topK: Int = 10, feeBps: Double = 30,
                capitalUSD: Double = 10_000, rebalanceEvery: RadarDuration? = nil, trainStart: Timestamp? = nil,
                dataEnd: Timestamp? = nil, topQuantile: Double = 0.2, deadReturn: Double = -1, quantiles: Int = 5,
                minimumCrossSection: Int = 5, training: TrainingConfig = TrainingConfig()) {
        self.from = from
        self.to = to
        self.step = step
        self.retrainEvery = retrainEvery
        self.horizon = horizon
        self.embargo = embargo
        self.topK = topK
        self.feeBps = feeBps
        self.capitalUSD = capitalUSD
        self.rebalanceEvery = rebalanceEvery
        self.trainStart = trainStart
        self.dataEnd = dataEnd
        self.topQuantile = topQuantile
        self.deadReturn = deadReturn
        self.quantiles = quantiles
        self.minimumCrossSection = minimumCrossSection
        self.training = training
    }

    /// The labels the backtest trains and evaluates on.
    public var labelConfig: LabelConfig { LabelConfig(horizon: horizon, topQuantile: topQuantile, deadReturn: deadReturn) }

    /// The effective rebalance spacing.
    public var rebalanceInterval: RadarDuration { rebalanceEvery ?? horizon.length }

    /// Throws for the first setting outside its domain, naming it.
    public func validate() throws(PipelineError) {
        func check(_ ok: Bool, _ name: String, _ value: String, _ reason: String) throws(PipelineError) {
            if !ok { throw .invalidSetting(name: name, value: value, reason: reason) }
        }
        try check(from <= to, "--from/--to", "\(from) .. \(to)", "--from must not be after --to")
        try check(step.seconds > 0, "--step", "\(step)", "must be positive")
        try check(retrainEvery.seconds >= step.seconds, "--retrain-every", "\(retrainEvery)", "must be at least --step (\(step))")
        try check(retrainEvery.seconds % step.seconds == 0, "--retrain-every", "\(retrainEvery)", "must be a multiple of --step (\(step))")
        try check(embargo.seconds >= 0, "--embargo", "\(embargo)", "must not be negative")
        try check(topK >= 1, "--top-k", "\(topK)", "must be at least 1")
        try check(feeBps >= 0 && feeBps.isFinite, "--fee-bps", "\(feeBps)", "must be a finite number, 0 or more")
        try check(capitalUSD > 0 && capitalUSD.isFinite, "--capital", "\(capitalUSD)", "must be positive")
        try check(rebalanceInterval.seconds >= step.seconds && rebalanceInterval.seconds % step.seconds == 0,
                  "--rebalance-every", "\(rebalanceInterval)", "must be a positive multiple of --step (\(step))")
        try check(quantiles >= 2, "quantiles", "\(quantiles)", "must be at least 2")
        try training.validate()
    }
}

/// Where a long backtest is, for a progress bar.
public struct BacktestProgress: Sendable {
    /// `features`, `train` or `score`.
    public var stage: String
    public var done: Int
    public var total: Int
}
