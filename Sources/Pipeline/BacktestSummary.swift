import Foundation
import RadarCore

/// `summary.json`: the backtest's figures in a stable shape scripts rely on.
///
/// `models` has one entry per model (`gbdt`, `logistic`, `blend`, `baseline`, and `oracle` when a
/// truth file was given), each with at least `rank_ic_mean`, `icir`, `hit_rate`, `topk_excess_return`,
/// `max_drawdown` and `turnover`. Keys are only ever added. An undefined figure is `null`.
public struct BacktestSummary: Sendable, Codable, Equatable {
    public var schemaVersion: Int
    public var config: Settings
    /// Scored timestamps.
    public var timestamps: Int
    public var models: [String: ModelSummary]
    public var retrains: [Retrain]
    /// GBDT gain shares, largest first.
    public var featureImportance: [Importance]

    /// The run's settings, durations as text (`7d`), times as ISO 8601.
    public struct Settings: Sendable, Codable, Equatable {
        public var from: String
        public var to: String
        public var step: String
        public var retrainEvery: String
        public var horizon: String
        public var executionLag: String
        public var embargo: String
        public var rebalanceEvery: String
        public var topK: Int
        public var feeBps: Double
        public var capitalUsd: Double
        public var dataEnd: String
        public var oracleColumn: String?
        /// The feature set the models learnt from (`radar@1`); absent in summaries written before it was recorded.
        public var featureSet: String?

        // Written by hand so that an absent value is `null`, never a missing key.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(from, forKey: .from)
            try container.encode(to, forKey: .to)
            try container.encode(step, forKey: .step)
            try container.encode(retrainEvery, forKey: .retrainEvery)
            try container.encode(horizon, forKey: .horizon)
            try container.encode(executionLag, forKey: .executionLag)
            try container.encode(embargo, forKey: .embargo)
            try container.encode(rebalanceEvery, forKey: .rebalanceEvery)
            try container.encode(topK, forKey: .topK)
            try container.encode(feeBps, forKey: .feeBps)
            try container.encode(capitalUsd, forKey: .capitalUsd)
            try container.encode(dataEnd, forKey: .dataEnd)
            try container.encode(oracleColumn, forKey: .oracleColumn)
            try container.encode(featureSet, forKey: .featureSet)
        }
    }

    /// One model's figures.
    public struct ModelSummary: Sendable, Codable, Equatable {
        public var rankIcMean: Double?
        public var icMean: Double?
        public var icir: Double?
        public var hitRate: Double?
        /// Mean excess return per rebalance after costs.
        public var topkExcessReturn: Double?
        /// Compounded book / compounded benchmark - 1.
        public var topkExcessReturnTotal: Double?
        public var maxDrawdown: Double?
        public var turnover: Double?
        /// Mean alpha per score quintile, lowest first.
        public var quantileReturns: [Double?]
        public var quantileSpread: Double?
        public var icTimestamps: Int
        public var rebalances: Int
        public var categories: [String: Category]

        // Written by hand so that an undefined figure is `null`, never a missing key.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(rankIcMean, forKey: .rankIcMean)
            try container.encode(icMean, forKey: .icMean)
            try container.encode(icir, forKey: .icir)
            try container.encode(hitRate, forKey: .hitRate)
            try container.encode(topkExcessReturn, forKey: .topkExcessReturn)
            try container.encode(topkExcessReturnTotal, forKey: .topkExcessReturnTotal)
            try container.encode(maxDrawdown, forKey: .maxDrawdown)
            try container.encode(turnover, forKey: .turnover)
            try container.encode(quantileReturns, forKey: .quantileReturns)
            try container.encode(quantileSpread, forKey: .quantileSpread)
            try container.encode(icTimestamps, forKey: .icTimestamps)
            try container.encode(rebalances, forKey: .rebalances)
            try container.encode(categories, forKey: .categories)
        }
    }

    /// A model's rank IC within an IP category.
    public struct Category: Sendable, Codable, Equatable {
        public var rankIcMean: Double?
        public var timestamps: Int
        public var rows: Int

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(rankIcMean, forKey: .rankIcMean)
            try container.encode(timestamps, forKey: .timestamps)
            try container.encode(rows, forKey: .rows)
        }
    }

    /// One retrain.
    public struct Retrain: Sendable, Codable, Equatable {
        public var time: String
        public var labelCutoff: String
        public var modelId: String?
        public var validationAuc: Double?
        public var validationRankIc: Double?
        public var trainingRows: Int?
        public var gbdtTrees: Int?
        public var skipped: String?

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(time, forKey: .time)
            try container.encode(labelCutoff, forKey: .labelCutoff)
            try container.encode(modelId, forKey: .modelId)
            try container.encode(validationAuc, forKey: .validationAuc)
            try container.encode(validationRankIc, forKey: .validationRankIc)
            try container.encode(trainingRows, forKey: .trainingRows)
            try container.encode(gbdtTrees, forKey: .gbdtTrees)
            try container.encode(skipped, forKey: .skipped)
        }
    }

    public struct Importance: Sendable, Codable, Equatable {
        public var feature: String
        public var gainShare: Double
    }

    /// The figure, or nil where it is undefined (NaN or infinite): JSON has no NaN.
    static func finite(_ value: Double?) -> Double? { value.flatMap { $0.isFinite ? $0 : nil } }

    public init(_ result: BacktestResult, oracleColumn: String? = nil) {
        let config = result.config
        schemaVersion = 1
        self.config = Settings(from: config.from.description, to: config.to.description, step: config.step.description,
                               retrainEvery: config.retrainEvery.description, horizon: config.horizon.length.description,
                               executionLag: config.horizon.executionLag.description, embargo: config.embargo.description,
                               rebalanceEvery: config.rebalanceInterval.description, topK: config.topK, feeBps: config.feeBps,
                               capitalUsd: config.capitalUSD, dataEnd: result.dataEnd.description, oracleColumn: oracleColumn,
                               featureSet: config.featureSet.id)
        timestamps = result.scored.count
        var models: [String: ModelSummary] = [:]
        for evaluation in result.evaluations {
            models[evaluation.name] = ModelSummary(
                rankIcMean: Self.finite(evaluation.rankICMean), icMean: Self.finite(evaluation.icMean),
                icir: Self.finite(evaluation.icir), hitRate: Self.finite(evaluation.hitRate),
                topkExcessReturn: Self.finite(evaluation.topKExcessReturn),
                topkExcessReturnTotal: Self.finite(evaluation.topKExcessReturnTotal),
                maxDrawdown: Self.finite(evaluation.maxDrawdown), turnover: Self.finite(evaluation.turnover),
                quantileReturns: evaluation.quantileReturns.map { Self.finite($0) },
                quantileSpread: Self.finite(evaluation.quantileSpread), icTimestamps: evaluation.ics.count,
                rebalances: evaluation.periods.count,
                categories: Dictionary(uniqueKeysWithValues: evaluation.categories.map {
                    ($0.category, Category(rankIcMean: Self.finite($0.rankICMean), timestamps: $0.timestamps, rows: $0.rows))
                }))
        }
        self.models = models
        retrains = result.retrains.map {
            Retrain(time: $0.time.description, labelCutoff: $0.labelCutoff.description, modelId: $0.modelID,
                    validationAuc: Self.finite($0.metrics["validation_auc"]), validationRankIc: Self.finite($0.metrics["validation_rank_ic"]),
                    trainingRows: $0.metrics["training_rows"].map { Int($0) }, gbdtTrees: $0.metrics["gbdt_trees"].map { Int($0) },
                    skipped: $0.skipped)
        }
        featureImportance = result.importance.map { Importance(feature: $0.feature, gainShare: $0.share) }
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }

    /// The JSON text of `summary.json`.
    public func encoded() throws(PipelineError) -> Data {
        do { return try Self.encoder().encode(self) } catch { throw .io(path: "summary.json", reason: "cannot encode: \(error)") }
    }

    /// Reads a `summary.json` back.
    public static func decode(_ data: Data) throws -> BacktestSummary {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(BacktestSummary.self, from: data)
    }
}
