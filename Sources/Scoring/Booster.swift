/// Everything that shapes a boosted model. Names and defaults follow LightGBM, so a quant can carry
/// settings across.
public struct GBDTParameters: Sendable, Codable, Equatable {
    public var objective: Objective = .binary
    /// Boosting rounds (trees), at most.
    public var trees: Int = 100
    public var numLeaves: Int = 31
    /// Deepest a leaf may be; 0 or less: no limit.
    public var maxDepth: Int = -1
    public var minDataInLeaf: Int = 20
    public var minSumHessianInLeaf: Double = 1e-3
    public var lambdaL2: Double = 0
    public var minGainToSplit: Double = 0
    public var learningRate: Double = 0.1
    /// Fraction of features each tree may use.
    public var featureFraction: Double = 1
    /// Fraction of rows each tree is grown on, redrawn every `baggingFrequency` trees (0: off).
    public var baggingFraction: Double = 1
    public var baggingFrequency: Int = 0
    /// Stop when the validation loss has not improved for this many rounds (0: never).
    public var earlyStoppingRounds: Int = 0
    public var seed: UInt64 = 0
    public var binning: BinningParameters = .init()
    /// Keep the training loss after every tree. It costs a logarithm per row per tree, so it is off
    /// unless asked for, as in LightGBM and XGBoost.
    public var recordTrainingLoss: Bool = false

    public init() {}

    /// Reads parameters written by any version: a parameter the file lacks keeps its default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func value<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T {
            try container.decodeIfPresent(T.self, forKey: key) ?? fallback
        }
        let defaults = GBDTParameters()
        objective = try value(.objective, defaults.objective)
        trees = try value(.trees, defaults.trees)
        numLeaves = try value(.numLeaves, defaults.numLeaves)
        maxDepth = try value(.maxDepth, defaults.maxDepth)
        minDataInLeaf = try value(.minDataInLeaf, defaults.minDataInLeaf)
        minSumHessianInLeaf = try value(.minSumHessianInLeaf, defaults.minSumHessianInLeaf)
        lambdaL2 = try value(.lambdaL2, defaults.lambdaL2)
        minGainToSplit = try value(.minGainToSplit, defaults.minGainToSplit)
        learningRate = try value(.learningRate, defaults.learningRate)
        featureFraction = try value(.featureFraction, defaults.featureFraction)
        baggingFraction = try value(.baggingFraction, defaults.baggingFraction)
        baggingFrequency = try value(.baggingFrequency, defaults.baggingFrequency)
        earlyStoppingRounds = try value(.earlyStoppingRounds, defaults.earlyStoppingRounds)
        seed = try value(.seed, defaults.seed)
        binning = try value(.binning, defaults.binning)
        recordTrainingLoss = try value(.recordTrainingLoss, defaults.recordTrainingLoss)
    }

    func validate() throws(ScoringError) {
        func check(_ ok: Bool, _ name: String, _ value: Any, _ reason: String) throws(ScoringError) {
            if !ok { throw .invalidParameter(name: name, value: "\(value)", reason: reason) }
        }
        try check(trees >= 1, "trees", trees, "must be at least 1")
        try check((2...65_536).contains(numLeaves), "numLeaves", numLeaves, "must be between 2 and 65536")
        try check(minDataInLeaf >= 1, "minDataInLeaf", minDataInLeaf, "must be at least 1")
        try check(minSumHessianInLeaf >= 0, "minSumHessianInLeaf", minSumHessianInLeaf, "must not be negative")
        try check(lambdaL2 >= 0, "lambdaL2", lambdaL2, "must not be negative")
        try check(minGainToSplit >= 0, "minGainToSplit", minGainToSplit, "must not be negative")
        try check(learningRate > 0, "learningRate", learningRate, "must be positive")
        try check(featureFraction > 0 && featureFraction <= 1, "featureFraction", featureFraction, "must be in (0, 1]")
        try check(baggingFraction > 0 && baggingFraction <= 1, "baggingFraction", baggingFraction, "must be in (0, 1]")
        try check(baggingFrequency >= 0, "baggingFrequency", baggingFrequency, "must not be negative")
        try check(earlyStoppingRounds >= 0, "earlyStoppingRounds", earlyStoppingRounds, "must not be negative")
    }
}

/// How much each feature was used: the number of splits on it and the gain they brought.
public struct FeatureImportance: Sendable, Codable, Equatable {
    public var splits: [Int]
    public var gain: [Double]

    public init(splits: [Int], gain: [Double]) {
        self.splits = splits
        self.gain = gain
    }

    /// Split counts and summed split gains over `trees`.
    public init(trees: [RegressionTree], featureCount: Int) {
        splits = Array(repeating: 0, count: featureCount)
        gain = Array(repeating: 0, count: featureCount)
        for tree in trees {
            for node in 0..<tree.splitFeature.count {
                splits[Int(tree.splitFeature[node])] += 1
                gain[Int(tree.splitFeature[node])] += tree.splitGain[node]
            }
        }
    }
}

/// A trained gradient-boosted tree ensemble.
public struct GBDTModel: Sendable, Codable, Equatable {
    public var objective: Objective
    public var featureNames: [String]
    /// The constant every prediction starts from.
    public var initialScore: Double
    public var trees: [RegressionTree]
    public var importance: FeatureImportance
    /// Validation loss after each tree, when a validation set was given.
    public var validationLoss: [Double]
    /// Training loss after each tree, when `recordTrainingLoss` was set (else empty).
    public var trainingLoss: [Double]
    /// Trees kept (the best round when early stopping cut training short).
    public var bestIteration: Int { trees.count }
}

/// Trains `GBDTModel`s: histogram-based, leaf-wise gradient boosting.
///
/// Deterministic for a seed and identical for any thread count: threads only split work by
/// feature, and every sum runs in row order within one thread.
public enum GBDTTrainer {
    public static func fit(_ train: LabeledMatrix, validation: LabeledMatrix? = nil, parameters: GBDTParameters,
                           parallelism: Parallelism = .allCores) throws(ScoringError) -> GBDTModel {
        try parameters.validate()
        let features = train.features
        guard features.rowCount > 0 else { throw .shapeMismatch("no training rows") }
        if parameters.objective == .binary, let bad = train.labels.firstIndex(where: { $0 != 0 && $0 != 1 }) {
            throw .invalidParameter(name: "label", value: "\(train.labels[bad])",
                                    reason: "row \(bad + 1): binary labels must be 0 or 1")
        }
        if let validation { try validation.features.requireFeatures(features.featureNames) }

        let mapper = try BinMapper.fit(features, parameters: parameters.binning, parallelism: parallelism)
        let binned = try mapper.transform(features, parallelism: parallelism)
        let validationBins = try validation.map { (matrix: LabeledMatrix) throws(ScoringError) -> BinnedMatrix in
            try mapper.transform(matrix.features, parallelism: parallelism)
        }
        let rows = features.rowCount
        let initial = parameters.objective.initialScore(labels: train.labels)
        var scores = [Double](repeating: initial, count: rows)
        var validationScores = [Double](repeating: initial, count: validation?.features.rowCount ?? 0)
        var gradients = [Float](repeating: 0, count: rows)
        var hessians = [Float](repeating: 0, count: rows)
        var random = SeededGenerator(seed: parameters.seed)
        let grower = TreeGrower(binned: binned, numLeaves: parameters.numLeaves, parallelism: parallelism)
        let rules = SplitRules(minDataInLeaf: parameters.minDataInLeaf, minSumHessianInLeaf: parameters.minSumHessianInLeaf,
                               lambdaL2: parameters.lambdaL2, minGainToSplit: parameters.minGainToSplit)
        let allRows = (0..<rows).map { Int32($0) }
        var baggedRows = allRows
        var inBag = [Bool](repeating: true, count: rows)

        var model = GBDTModel(objective: parameters.objective, featureNames: features.featureNames, initialScore: initial, trees: [],
                              importance: FeatureImportance(trees: [], featureCount: features.featureCount),
                              validationLoss: [], trainingLoss: [])
        var bestLoss = Double.infinity
        var bestRound = 0
        for round in 0..<parameters.trees {
            if parameters.baggingFrequency > 0 && parameters.baggingFraction < 1 && round % parameters.baggingFrequency == 0 {
                baggedRows = sample(allRows, fraction: parameters.baggingFraction, using: &random)
                inBag = [Bool](repeating: false, count: rows)
                for row in baggedRows { inBag[Int(row)] = true }
            }
            let treeFeatures = parameters.featureFraction < 1
                ? sample((0..<features.featureCount).map { Int32($0) }, fraction: parameters.featureFraction, using: &random).map { Int($0) }
                : Array(0..<features.featureCount)

            let currentLoss = scores.withUnsafeBufferPointer { scores in
                train.labels.withUnsafeBufferPointer { labels in
                    gradients.withUnsafeMutableBufferPointer { g in
                        hessians.withUnsafeMutableBufferPointer { h in
                            parameters.objective.gradients(scores: scores, labels: labels, gradients: g, hessians: h,
                                                           measuringLoss: parameters.recordTrainingLoss, parallelism: parallelism)
                        }
                    }
                }
            }
            // The gradient pass measures the loss after the trees so far for free.
            if parameters.recordTrainingLoss && model.trainingLoss.count < model.trees.count { model.trainingLoss.append(currentLoss) }
            var grown = grower.grow(rows: baggedRows, gradients: gradients, hessians: hessians, features: treeFeatures,
                                    numLeaves: parameters.numLeaves, maxDepth: parameters.maxDepth, rules: rules,
                                    learningRate: parameters.learningRate)
            // A tree that cannot split adds nothing, and neither would any later one.
            guard !grown.tree.splitFeature.isEmpty else { break }

            // Leaves hold disjoint rows, so they can be added in any order and on any thread.
            scores.withUnsafeMutableBufferPointer { scores in
                grower.rowIndices.withUnsafeBufferPointer { rowIndices in
                    let (tree, ranges) = (grown.tree, grown.leafRanges)
                    parallelism.forEach(ranges.count) { leaf in
                        let value = tree.leafValue[leaf]
                        for position in ranges[leaf] { scores[Int(rowIndices[position])] += value }
                    }
                }
            }
            if baggedRows.count < rows {
                binned.bins.withUnsafeBufferPointer { bins in
                    for row in 0..<rows where !inBag[row] {
                        scores[row] += grown.tree.leafValue[grown.leaf(bins: bins.baseAddress!, rowCount: rows, row: row, binCounts: binned.binCounts)]
                    }
                }
            }
            for node in 0..<grown.tree.splitFeature.count {
                let feature = Int(grown.tree.splitFeature[node])
                grown.tree.threshold[node] = mapper.features[feature].threshold(after: grown.thresholdBins[node])
            }
            model.trees.append(grown.tree)

            if let validation, let validationBins {
                validationBins.bins.withUnsafeBufferPointer { bins in
                    for row in 0..<validationScores.count {
                        validationScores[row] += grown.tree.leafValue[grown.leaf(bins: bins.baseAddress!, rowCount: validationBins.rowCount,
                                                                                row: row, binCounts: validationBins.binCounts)]
                    }
                }
                let loss = parameters.objective.loss(scores: validationScores, labels: validation.labels, parallelism: parallelism)
                model.validationLoss.append(loss)
                if loss < bestLoss {
                    bestLoss = loss
                    bestRound = round + 1
                } else if parameters.earlyStoppingRounds > 0 && round + 1 - bestRound >= parameters.earlyStoppingRounds {
                    break
                }
            }
        }
        if parameters.recordTrainingLoss && model.trainingLoss.count < model.trees.count {
            model.trainingLoss.append(parameters.objective.loss(scores: scores, labels: train.labels, parallelism: parallelism))
        }
        if parameters.earlyStoppingRounds > 0 && validation != nil && bestRound > 0 && bestRound < model.trees.count {
            // Keep the best round's trees.
            model.trees.removeSubrange(bestRound...)
        }
        model.importance = FeatureImportance(trees: model.trees, featureCount: features.featureCount)
        return model
    }

    /// A seeded subset of `items` of the given fraction, kept in ascending order.
    static func sample(_ items: [Int32], fraction: Double, using random: inout SeededGenerator) -> [Int32] {
        let size = max(1, Int((Double(items.count) * fraction).rounded()))
        guard size < items.count else { return items }
        var chosen = items
        // A partial Fisher-Yates shuffle picks `size` items; sorting restores row order.
        for index in 0..<size {
            let other = index + Int(random.next() % UInt64(items.count - index))
            chosen.swapAt(index, other)
        }
        return chosen[0..<size].sorted()
    }
}
