import CBLAS

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How to train a logistic model; the meanings follow scikit-learn's `LogisticRegression` with
/// `solver="lbfgs"`, so that a setting tuned there means the same here.
public struct LogisticParameters: Sendable, Codable, Equatable {
    /// How much each class counts in the loss: rare positives (tokens that did pump) otherwise
    /// barely move the fit.
    public enum ClassWeights: Sendable, Codable, Equatable {
        /// Every row counts once (scikit-learn's `class_weight=None`).
        case uniform
        /// Each class weighs `rows / (2 * rows of that class)`, so both classes count equally.
        case balanced
        /// Weights for rows labelled 0 and rows labelled 1.
        case explicit(class0: Double, class1: Double)
    }

    /// Inverse regularisation strength (scikit-learn's `C`): the objective is
    /// `C * Σ weight_i * logloss_i + ½‖w‖²`, so smaller means stronger shrinkage.
    public var c: Double
    public var classWeights: ClassWeights
    /// L-BFGS iterations before giving up (the fit is returned either way; see `LogisticFit`).
    public var maxIterations: Int
    /// Gradient tolerance as scikit-learn's `tol` for lbfgs: the max-norm of the gradient of the
    /// objective divided by `C * Σ weight_i` (a mean loss plus penalty), so it does not grow with rows.
    public var tolerance: Double
    /// Whether to learn an (unpenalised) intercept; without it the intercept is 0.
    public var fitIntercept: Bool

    /// Defaults differ from scikit-learn's only in iterations (1000, not 100) and tolerance (1e-6,
    /// not 1e-4): the problems are small, and a converged fit is reproducible across solvers.
    public init(
        c: Double = 1, classWeights: ClassWeights = .uniform, maxIterations: Int = 1000,
        tolerance: Double = 1e-6, fitIntercept: Bool = true
    ) {
        self.c = c
        self.classWeights = classWeights
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.fitIntercept = fitIntercept
    }

    /// Throws `invalidParameter` naming the first setting outside its domain.
    public func validate() throws(ScoringError) {
        guard c.isFinite, c > 0 else {
            throw .invalidParameter(name: "c", value: "\(c)", reason: "the inverse regularisation strength must be finite and positive")
        }
        guard maxIterations >= 1 else {
            throw .invalidParameter(name: "maxIterations", value: "\(maxIterations)", reason: "at least one iteration is needed")
        }
        guard tolerance.isFinite, tolerance >= 0 else {
            throw .invalidParameter(name: "tolerance", value: "\(tolerance)", reason: "the tolerance must be finite and not negative")
        }
        if case .explicit(let class0, let class1) = classWeights {
            for (name, weight) in [("classWeights.class0", class0), ("classWeights.class1", class1)] where !(weight.isFinite && weight > 0) {
                throw .invalidParameter(name: name, value: "\(weight)", reason: "a class weight must be finite and positive")
            }
        }
    }
}

/// A trained logistic model: everything needed to score new rows and explain the scores.
///
/// Coefficients apply to standardised features (see `Standardisation`), so a coefficient is the
/// change in log-odds per training standard deviation and `contributions(row:)` can explain a
/// score as coefficient x standardised value. A missing feature value is imputed with the training
/// mean (standardised value 0) and so contributes nothing.
public struct LogisticModel: Sendable, Codable, Equatable {
    /// The features, in order, that the model scores; a matrix must match them exactly.
    public let featureNames: [String]
    public let standardisation: Standardisation
    /// One per feature, on the standardised scale.
    public let coefficients: [Double]
    /// Log-odds of a row whose every feature sits at its training mean.
    public let intercept: Double

    /// A model from known parts (a model file, a test); the lengths must agree and values be finite.
    public init(featureNames: [String], standardisation: Standardisation, coefficients: [Double], intercept: Double) throws(ScoringError) {
        guard standardisation.featureCount == featureNames.count, coefficients.count == featureNames.count else {
            throw .shapeMismatch(
                "\(featureNames.count) features, \(standardisation.featureCount) standardised, \(coefficients.count) coefficients")
        }
        for (feature, coefficient) in coefficients.enumerated() where !coefficient.isFinite {
            throw .invalidParameter(name: "coefficient of \(featureNames[feature])", value: "\(coefficient)", reason: "must be finite")
        }
        guard intercept.isFinite else {
            throw .invalidParameter(name: "intercept", value: "\(intercept)", reason: "must be finite")
        }
        self.featureNames = featureNames
        self.standardisation = standardisation
        self.coefficients = coefficients
        self.intercept = intercept
    }

    /// Log-odds for every row of `matrix`, whose features must be the model's, in order.
    public func rawScores(_ matrix: FeatureMatrix) throws(ScoringError) -> [Double] {
        try matrix.requireFeatures(featureNames)
        let rowCount = matrix.rowCount, featureCount = featureNames.count
        var scores = [Double](repeating: intercept, count: rowCount)
        guard rowCount > 0, featureCount > 0 else { return scores }
        // Standardise a block of rows at a time so scoring a large matrix needs a bounded buffer.
        let blockRows = min(rowCount, 4096)
        var block = [Double](repeating: 0, count: blockRows * featureCount)
        var start = 0
        while start < rowCount {
            let rows = start..<min(rowCount, start + blockRows)
            try block.withUnsafeMutableBufferPointer { (block) throws(ScoringError) in
                try standardisation.standardise(matrix, rows: rows, into: block)
                try scores.withUnsafeMutableBufferPointer { (scores) throws(ScoringError) in
                    try LogisticBlas.multiply(
                        block.baseAddress!, rows: rows.count, columns: featureCount, by: coefficients,
                        addingTo: scores.baseAddress! + rows.lowerBound)
                }
            }
            start = rows.upperBound
        }
        return scores
    }

    /// The probability of class 1 for every row of `matrix`.
    public func probabilities(_ matrix: FeatureMatrix) throws(ScoringError) -> [Double] {
        try rawScores(matrix).map(LogisticMath.sigmoid)
    }

    /// Log-odds for one row (values in the model's feature order): the intercept plus the
    /// contributions, summed in feature order.
    public func rawScore(row: [Float]) throws(ScoringError) -> Double {
        try contributions(row: row).reduce(intercept, +)
    }

    /// The probability of class 1 for one row.
    public func probability(row: [Float]) throws(ScoringError) -> Double {
        LogisticMath.sigmoid(try rawScore(row: row))
    }

    /// Each feature's share of one row's log-odds: coefficient x standardised value (0 for a missing
    /// value). They sum, with the intercept, to `rawScore(row:)`.
    public func contributions(row: [Float]) throws(ScoringError) -> [Double] {
        let standardised = try standardisation.standardise(row: row)
        return zip(coefficients, standardised).map { $0 * $1 }
    }

    private enum CodingKeys: String, CodingKey { case featureNames, standardisation, coefficients, intercept }

    /// Decodes through the validating initialiser, so a damaged model file is refused on load
    /// rather than producing wrong scores.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let featureNames = try container.decode([String].self, forKey: .featureNames)
        let standardisation = try container.decode(Standardisation.self, forKey: .standardisation)
        let coefficients = try container.decode([Double].self, forKey: .coefficients)
        let intercept = try container.decode(Double.self, forKey: .intercept)
        do {
            try self.init(featureNames: featureNames, standardisation: standardisation, coefficients: coefficients, intercept: intercept)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }
}

/// A trained model with how its optimisation went, for callers that report or check convergence.
public struct LogisticFit: Sendable, Equatable {
    public let model: LogisticModel
    /// The objective as minimised: `(C * Σ weight_i * logloss_i + ½‖w‖²) / (C * Σ weight_i)`.
    public let objective: Double
    /// The max-norm of that objective's gradient, which `LogisticParameters.tolerance` bounds.
    public let gradientMaxNorm: Double
    public let iterations: Int
    public let evaluations: Int
    public let stop: LBFGS.Stop
}

/// Trains `LogisticModel`s: L2-penalised, class-weighted logistic regression by L-BFGS.
public enum LogisticTrainer {
    /// Fits a model to `data` (labels 0 or 1, both present).
    public static func fit(_ data: LabeledMatrix, parameters: LogisticParameters = LogisticParameters()) throws(ScoringError) -> LogisticModel {
        try fitReporting(data, parameters: parameters).model
    }

    /// Fits a model and reports the optimisation.
    ///
    /// Minimises scikit-learn's lbfgs objective `C * Σ s_i * logloss_i + ½‖w‖²` (intercept not
    /// penalised, `s_i` the class weight of row i) divided by `C * Σ s_i`, as scikit-learn does
    /// internally: the minimiser is the same, values stay near 1 whatever the row count, and
    /// `tolerance` keeps scikit-learn's meaning. The function tolerance is scikit-learn's too
    /// (64 machine epsilons of relative decrease): near the optimum the objective's rounding is of
    /// that order, so a smaller `tolerance` is met only as far as double precision allows.
    public static func fitReporting(_ data: LabeledMatrix, parameters: LogisticParameters = LogisticParameters()) throws(ScoringError) -> LogisticFit {
        try parameters.validate()
        let features = data.features
        let rowCount = features.rowCount, featureCount = features.featureCount
        guard rowCount > 0 else { throw .shapeMismatch("no rows to train on") }
        guard rowCount <= Int(Int32.max), featureCount <= Int(Int32.max) else {
            throw .shapeMismatch("\(rowCount) rows x \(featureCount) features exceed what BLAS indexes")
        }

        var positives = 0
        for (row, label) in data.labels.enumerated() {
            if label == 1 { positives += 1 } else if label != 0 {
                throw .invalidParameter(name: data.labelName, value: "\(label)", reason: "row \(row): logistic regression needs labels 0 or 1")
            }
        }
        guard positives > 0, positives < rowCount else {
            throw .invalidParameter(
                name: data.labelName, value: "all \(positives > 0 ? 1 : 0)",
                reason: "training needs rows of both classes, 0 and 1")
        }
        let (weight0, weight1): (Double, Double) = switch parameters.classWeights {
        case .uniform: (1, 1)
        case .balanced: (Double(rowCount) / Double(2 * (rowCount - positives)), Double(rowCount) / Double(2 * positives))
        case .explicit(let class0, let class1): (class0, class1)
        }
        let labels = data.labels.map { Double($0) }
        let weights = data.labels.map { $0 == 1 ? weight1 : weight0 }
        let weightSum = weight1 * Double(positives) + weight0 * Double(rowCount - positives)

        let standardisation = try Standardisation(fitting: features)
        let design = try standardisation.standardisedColumnMajor(features)
        let objective = WeightedLogLoss(
            design: design, rowCount: rowCount, featureCount: featureCount, labels: labels, weights: weights,
            penalty: 1 / (parameters.c * weightSum), weightSum: weightSum, fitIntercept: parameters.fitIntercept)

        // Start from no slopes and, when fitted, the intercept that is exact for them: the
        // weighted log-odds of class 1.
        var start = [Double](repeating: 0, count: featureCount + (parameters.fitIntercept ? 1 : 0))
        if parameters.fitIntercept {
            start[featureCount] = log(weight1 * Double(positives) / (weight0 * Double(rowCount - positives)))
        }
        let options = LBFGS.Options(maxIterations: parameters.maxIterations, gradientTolerance: parameters.tolerance)
        let result = LBFGS.minimise(from: start, options: options) { objective.evaluate($0) }

        let model = try LogisticModel(
            featureNames: features.featureNames, standardisation: standardisation,
            coefficients: Array(result.x[0..<featureCount]),
            intercept: parameters.fitIntercept ? result.x[featureCount] : 0)
        return LogisticFit(
            model: model, objective: result.value, gradientMaxNorm: result.gradientMaxNorm,
            iterations: result.iterations, evaluations: result.evaluations, stop: result.stop)
    }

    /// The scaled loss and its gradient over a fixed standardised design matrix.
    private struct WeightedLogLoss {
        let design: [Double]
        let rowCount: Int
        let featureCount: Int
        let labels: [Double]
        let weights: [Double]
        /// `1 / (C * Σ s_i)`, the penalty's weight once the objective is divided by `C * Σ s_i`.
        let penalty: Double
        let weightSum: Double
        let fitIntercept: Bool

        func evaluate(_ parameters: [Double]) -> (value: Double, gradient: [Double]) {
            let intercept = fitIntercept ? parameters[featureCount] : 0
            var margins = [Double](repeating: intercept, count: rowCount)
            var residuals = [Double](repeating: 0, count: rowCount)
            var gradient = [Double](repeating: 0, count: parameters.count)
            var loss = 0.0, residualSum = 0.0
            design.withUnsafeBufferPointer { design in
                parameters.withUnsafeBufferPointer { parameters in
                    margins.withUnsafeMutableBufferPointer { margins in
                        residuals.withUnsafeMutableBufferPointer { residuals in
                            labels.withUnsafeBufferPointer { labels in
                                weights.withUnsafeBufferPointer { weights in
                                    // margins = X·w + b (b already in place).
                                    LogisticBlas.multiplyUnchecked(
                                        design.baseAddress!, rows: rowCount, columns: featureCount,
                                        by: parameters.baseAddress!, addingTo: margins.baseAddress!)
                                    for row in 0..<rowCount {
                                        let margin = margins[row], label = labels[row], weight = weights[row]
                                        loss += weight * (LogisticMath.softplus(margin) - label * margin)
                                        let residual = weight * (LogisticMath.sigmoid(margin) - label) / weightSum
                                        residuals[row] = residual
                                        residualSum += residual
                                    }
                                    gradient.withUnsafeMutableBufferPointer { gradient in
                                        // gradient = Xᵀ·r + penalty * w.
                                        for feature in 0..<featureCount { gradient[feature] = penalty * parameters[feature] }
                                        LogisticBlas.transposeMultiplyUnchecked(
                                            design.baseAddress!, rows: rowCount, columns: featureCount,
                                            by: residuals.baseAddress!, addingTo: gradient.baseAddress!)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            var squaredNorm = 0.0
            for feature in 0..<featureCount { squaredNorm += parameters[feature] * parameters[feature] }
            if fitIntercept { gradient[featureCount] = residualSum }
            return (loss / weightSum + 0.5 * penalty * squaredNorm, gradient)
        }
    }
}

/// The scalar functions of the logistic model, written to stay finite for any finite margin.
enum LogisticMath {
    /// `log(1 + exp(z))` without overflow for large z or loss of precision for very negative z.
    @inline(__always) static func softplus(_ z: Double) -> Double {
        z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))
    }

    /// `1 / (1 + exp(-z))`, evaluated on the side where the exponential cannot overflow.
    @inline(__always) static func sigmoid(_ z: Double) -> Double {
        if z >= 0 { return 1 / (1 + exp(-z)) }
        let e = exp(z)
        return e / (1 + e)
    }
}

/// Column-major matrix-vector products through CBLAS, with the shape checks BLAS itself skips.
enum LogisticBlas {
    /// `output += matrix · vector` for a column-major `rows x columns` matrix (leading dimension `rows`).
    static func multiply(
        _ matrix: UnsafePointer<Double>, rows: Int, columns: Int, by vector: [Double], addingTo output: UnsafeMutablePointer<Double>
    ) throws(ScoringError) {
        guard vector.count >= columns, rows <= Int(Int32.max), columns <= Int(Int32.max) else {
            throw .shapeMismatch("\(vector.count) coefficients for a \(rows) x \(columns) matrix")
        }
        vector.withUnsafeBufferPointer { vector in
            multiplyUnchecked(matrix, rows: rows, columns: columns, by: vector.baseAddress!, addingTo: output)
        }
    }

    /// `output += matrix · vector`; the caller has checked the shapes and that they fit in Int32.
    static func multiplyUnchecked(
        _ matrix: UnsafePointer<Double>, rows: Int, columns: Int, by vector: UnsafePointer<Double>, addingTo output: UnsafeMutablePointer<Double>
    ) {
        guard rows > 0, columns > 0 else { return }
        cblas_dgemv(CblasColMajor, CblasNoTrans, blasint(rows), blasint(columns), 1, matrix, blasint(rows), vector, 1, 1, output, 1)
    }

    /// `output += matrixᵀ · vector`; the caller has checked the shapes and that they fit in Int32.
    static func transposeMultiplyUnchecked(
        _ matrix: UnsafePointer<Double>, rows: Int, columns: Int, by vector: UnsafePointer<Double>, addingTo output: UnsafeMutablePointer<Double>
    ) {
        guard rows > 0, columns > 0 else { return }
        cblas_dgemv(CblasColMajor, CblasTrans, blasint(rows), blasint(columns), 1, matrix, blasint(rows), vector, 1, 1, output, 1)
    }
}
