import RadarCore
import Scoring

/// How a model bundle is trained: both models' parameters, the validation split and the blend.
///
/// Defaults are modest (seven-leaf trees, at least 100 rows a leaf, early stopping with a patience of
/// 50 rounds) because a token universe gives a few hundred rows per timestamp and hourly rows of one
/// token are strongly correlated: on SimWorld, larger trees and a patience of 30 stopped the GBDT
/// after about a dozen trees, well short of its held-out rank IC.
public struct TrainingConfig: Sendable, Codable, Equatable {
    public var gbdt: GBDTParameters
    public var logistic: LogisticParameters
    /// The last fraction of the window's labelled timestamps held out for early stopping and calibration.
    public var validationFraction: Double
    /// Weight of each model's calibrated probability in the blend (normalised to sum 1).
    public var blend: BlendWeights
    /// Fewest labelled training rows a fit accepts.
    public var minimumTrainingRows: Int
    /// Train on timestamps this far apart (counted from the history's first timestamp); nil: every row.
    /// Hourly rows of a token share nearly all of their forward window, so they add little but make
    /// leaves look better supported than they are: on SimWorld, hourly training rows stopped the GBDT
    /// after 5 to 7 trees and gave a lower held-out rank IC than rows 6 hours apart.
    public var rowSpacing: RadarDuration?

    public static let defaultGBDT: GBDTParameters = {
        var parameters = GBDTParameters()
        parameters.trees = 300
        parameters.learningRate = 0.1
        parameters.numLeaves = 7
        parameters.minDataInLeaf = 100
        parameters.lambdaL2 = 1
        parameters.featureFraction = 0.8
        parameters.baggingFraction = 0.8
        parameters.baggingFrequency = 1
        parameters.earlyStoppingRounds = 50
        parameters.seed = 7
        return parameters
    }()

    public init(gbdt: GBDTParameters = TrainingConfig.defaultGBDT, logistic: LogisticParameters = LogisticParameters(c: 0.1),
                validationFraction: Double = 0.25, blend: BlendWeights = BlendWeights(), minimumTrainingRows: Int = 200,
                rowSpacing: RadarDuration? = .hours(6)) {
        self.gbdt = gbdt
        self.logistic = logistic
        self.validationFraction = validationFraction
        self.blend = blend
        self.minimumTrainingRows = minimumTrainingRows
        self.rowSpacing = rowSpacing
    }

    /// Throws for the first setting outside its domain.
    public func validate() throws(PipelineError) {
        guard validationFraction > 0 && validationFraction < 1 else {
            throw .invalidSetting(name: "validationFraction", value: "\(validationFraction)", reason: "must be in (0, 1)")
        }
        if let rowSpacing, rowSpacing.seconds <= 0 {
            throw .invalidSetting(name: "rowSpacing", value: "\(rowSpacing)", reason: "must be positive")
        }
        guard blend.gbdt >= 0, blend.logistic >= 0, blend.gbdt + blend.logistic > 0 else {
            throw .invalidSetting(name: "blend", value: "gbdt \(blend.gbdt), logistic \(blend.logistic)",
                                  reason: "weights must not be negative and must not both be 0")
        }
    }
}

/// The blend of the two models' calibrated probabilities.
public struct BlendWeights: Sendable, Codable, Equatable {
    public var gbdt: Double
    public var logistic: Double

    public init(gbdt: Double = 0.5, logistic: Double = 0.5) {
        self.gbdt = gbdt
        self.logistic = logistic
    }

    /// The weights scaled to sum 1.
    public var normalised: BlendWeights {
        let total = gbdt + logistic
        return total > 0 ? BlendWeights(gbdt: gbdt / total, logistic: logistic / total) : BlendWeights()
    }

    /// The blended probability.
    public func blend(gbdt p: Double, logistic q: Double) -> Double {
        let weights = normalised
        return weights.gbdt * p + weights.logistic * q
    }
}
