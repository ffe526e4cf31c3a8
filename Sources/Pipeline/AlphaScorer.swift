import Features
import Foundation
import RadarCore
import Scoring

/// Each model's calibrated probability for a set of rows, and the blend.
public struct ModelProbabilities: Sendable {
    public var gbdt: [Double]
    public var logistic: [Double]
    public var blend: [Double]
}

/// Applies a `ModelBundle` to feature rows: calibrated probabilities, alpha scores, ranks, drivers.
///
/// The alpha score is 100 x the blend's calibrated probability that the token's alpha lands in the
/// top quantile of its timestamp; rank 1 is the highest score of the timestamp.
public struct AlphaScorer: Sendable {
    public let bundle: ModelBundle
    let forest: Forest

    public init(bundle: ModelBundle) {
        self.bundle = bundle
        forest = Forest(bundle.gbdt.gbdt!.model)
    }

    /// Checks that raw rows carry the bundle's features, in order.
    func requireFeatures(_ frame: FeatureFrame) throws(PipelineError) {
        guard frame.names == bundle.featureNames else {
            throw .scoring(stage: "score with \(bundle.id)", .featureMismatch(expected: bundle.featureNames, found: frame.names))
        }
    }

    /// Probabilities for `rows` of an already ranked frame (see `LabelledHistory.ranked`).
    public func probabilities(ranked: FeatureFrame, rows: [Int]) throws(PipelineError) -> ModelProbabilities {
        do {
            let matrix = try ModelInput.matrix(ranked, rows: rows)
            let gbdtRaw = try forest.rawScores(matrix)
            let logisticRaw = try bundle.logistic.logistic!.model.rawScores(matrix)
            let gbdt = bundle.gbdt.calibration.map { $0.probabilities(raw: gbdtRaw) } ?? gbdtRaw.map(Self.sigmoid)
            let logistic = bundle.logistic.calibration.map { $0.probabilities(raw: logisticRaw) } ?? logisticRaw.map(Self.sigmoid)
            let blend = zip(gbdt, logistic).map { bundle.blend.blend(gbdt: $0, logistic: $1) }
            return ModelProbabilities(gbdt: gbdt, logistic: logistic, blend: blend)
        } catch {
            throw .scoring(stage: "score with \(bundle.id)", error)
        }
    }

    static func sigmoid(_ value: Double) -> Double { 1 / (1 + exp(-value)) }

    /// The watchlist of one timestamp's rows (raw features, one timestamp): every token scored, ranked,
    /// with its `driverCount` largest drivers and its risk flags, best first.
    public func watchlist(_ frame: FeatureFrame, driverCount: Int = 3, risk: RiskRules = RiskRules()) throws(PipelineError) -> [WatchlistEntry] {
        try requireFeatures(frame)
        guard frame.rowCount > 0 else { return [] }
        precondition(Set(frame.timestamps).count == 1, "a watchlist is one timestamp's cross-section")
        let ranked = frame.percentileRanks()
        let rows = Array(0..<frame.rowCount)
        let probabilities = try probabilities(ranked: ranked, rows: rows)
        let weights = bundle.blend.normalised
        let logisticModel = bundle.logistic.logistic!.model
        var entries: [WatchlistEntry] = []
        for row in rows {
            let input = Array(ranked.row(row))
            let contributions: [Double]
            do {
                let shap = try TreeSHAP.contributions(bundle.gbdt.gbdt!.model, row: input)
                let linear = try logisticModel.contributions(row: input)
                // Both in log-odds units; the blend weights say how much each model's view counts.
                contributions = (0..<input.count).map { weights.gbdt * shap[$0] + weights.logistic * linear[$0] }
            } catch {
                throw .scoring(stage: "drivers with \(bundle.id)", error)
            }
            let drivers = contributions.indices
                .sorted { abs(contributions[$0]) > abs(contributions[$1]) || (abs(contributions[$0]) == abs(contributions[$1]) && $0 < $1) }
                .prefix(driverCount)
                .map { Driver(feature: frame.names[$0], percentile: input[$0].isNaN ? nil : Double(input[$0]),
                              contribution: contributions[$0]) }
            let raw = Dictionary(uniqueKeysWithValues: frame.names.enumerated().map { ($0.element, Double(frame[row, $0.offset])) })
            let probability = probabilities.blend[row]
            entries.append(WatchlistEntry(token: frame.tokens[row], asOf: frame.timestamps[row], probability: probability,
                                          alphaScore: 100 * probability, rank: 0, drivers: drivers, riskFlags: risk.flags(raw)))
        }
        let order = entries.indices.sorted {
            entries[$0].probability > entries[$1].probability
                || (entries[$0].probability == entries[$1].probability && entries[$0].token < entries[$1].token)
        }
        var result: [WatchlistEntry] = []
        for (position, index) in order.enumerated() {
            var entry = entries[index]
            entry.rank = position + 1
            result.append(entry)
        }
        return result
    }
}

/// One token on a watchlist: its score, rank, what drove it and what could go wrong.
public struct WatchlistEntry: Sendable {
    public var token: TokenID
    public var asOf: Timestamp
    /// The blend's calibrated probability of a top-quantile alpha.
    public var probability: Double
    /// 100 x `probability`.
    public var alphaScore: Double
    /// 1 = best of the timestamp.
    public var rank: Int
    public var drivers: [Driver]
    public var riskFlags: [String]
}

/// A feature's share of a score, in words a person reads: `mentions_24h high (+0.42)`.
///
/// `percentile` is the token's rank on the feature within its timestamp (0 to 1); `contribution` is in
/// log-odds, the blend-weighted sum of the GBDT's TreeSHAP value and the logistic model's
/// coefficient x standardised input.
public struct Driver: Sendable, Equatable {
    public var feature: String
    public var percentile: Double?
    public var contribution: Double

    public init(feature: String, percentile: Double?, contribution: Double) {
        self.feature = feature
        self.percentile = percentile
        self.contribution = contribution
    }

    public var text: String {
        let level: String
        switch percentile {
        case nil: level = "missing"
        case let p? where p >= 0.8: level = "high"
        case let p? where p <= 0.2: level = "low"
        default: level = "mid"
        }
        return "\(ModelInput.displayName(feature)) \(level) (\(String(format: "%+.2f", contribution)))"
    }
}
