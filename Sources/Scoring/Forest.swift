/// A trained ensemble flattened into contiguous arrays for prediction: every tree's nodes back to
/// back, children as absolute node indexes (or `~leaf` with absolute leaf indexes), so a prediction
/// walks plain arrays with no per-tree indirection.
public struct Forest: Sendable {
    public let featureNames: [String]
    public let objective: Objective
    public let initialScore: Double
    let splitFeature: [Int32]
    let threshold: [Float]
    let defaultLeft: [Bool]
    let leftChild: [Int32]
    let rightChild: [Int32]
    let leafValue: [Double]
    /// Per tree: its root (a node index, or `~leaf` for a tree that is a single leaf).
    let roots: [Int32]

    public init(_ model: GBDTModel) {
        featureNames = model.featureNames
        objective = model.objective
        initialScore = model.initialScore
        var splitFeature: [Int32] = [], threshold: [Float] = [], defaultLeft: [Bool] = []
        var leftChild: [Int32] = [], rightChild: [Int32] = [], leafValue: [Double] = [], roots: [Int32] = []
        for tree in model.trees {
            let nodeBase = Int32(splitFeature.count)
            let leafBase = Int32(leafValue.count)
            func relocate(_ child: Int32) -> Int32 { child >= 0 ? child + nodeBase : ~(~child + leafBase) }
            roots.append(tree.splitFeature.isEmpty ? ~leafBase : nodeBase)
            splitFeature += tree.splitFeature
            threshold += tree.threshold
            defaultLeft += tree.defaultLeft
            leftChild += tree.leftChild.map(relocate)
            rightChild += tree.rightChild.map(relocate)
            leafValue += tree.leafValue
        }
        self.splitFeature = splitFeature
        self.threshold = threshold
        self.defaultLeft = defaultLeft
        self.leftChild = leftChild
        self.rightChild = rightChild
        self.leafValue = leafValue
        self.roots = roots
    }

    public var treeCount: Int { roots.count }

    /// The raw score (log-odds for binary) of one row of raw feature values, in the model's order.
    public func rawScore(row: [Float]) throws(ScoringError) -> Double {
        guard row.count == featureNames.count else {
            throw .shapeMismatch("a row of \(row.count) values for a model of \(featureNames.count) features")
        }
        return row.withUnsafeBufferPointer { rawScore($0.baseAddress!) }
    }

    /// The raw score of the row at `row` (values laid out feature by feature, contiguous).
    @inline(__always)
    func rawScore(_ row: UnsafePointer<Float>) -> Double {
        var total = initialScore
        splitFeature.withUnsafeBufferPointer { feature in
            threshold.withUnsafeBufferPointer { threshold in
                defaultLeft.withUnsafeBufferPointer { defaultLeft in
                    leftChild.withUnsafeBufferPointer { left in
                        rightChild.withUnsafeBufferPointer { right in
                            leafValue.withUnsafeBufferPointer { leaves in
                                for root in roots {
                                    var node = root
                                    while node >= 0 {
                                        let index = Int(node)
                                        let value = row[Int(feature[index])]
                                        let goLeft = value.isNaN ? defaultLeft[index] : value <= threshold[index]
                                        node = goLeft ? left[index] : right[index]
                                    }
                                    total += leaves[Int(~node)]
                                }
                            }
                        }
                    }
                }
            }
        }
        return total
    }

    /// Raw scores of every row of `matrix`, computed in blocks of rows gathered from the columns.
    public func rawScores(_ matrix: FeatureMatrix, parallelism: Parallelism = .allCores) throws(ScoringError) -> [Double] {
        try matrix.requireFeatures(featureNames)
        let rows = matrix.rowCount
        let width = matrix.featureCount
        var scores = [Double](repeating: 0, count: rows)
        let blockSize = 256
        let blocks = (rows + blockSize - 1) / blockSize
        matrix.values.withUnsafeBufferPointer { values in
            scores.withUnsafeMutableBufferPointer { scores in
                parallelism.forEach(blocks) { block in
                    let range = (block * blockSize)..<min(rows, (block + 1) * blockSize)
                    withUnsafeTemporaryAllocation(of: Float.self, capacity: range.count * width) { buffer in
                        // Row-major copy of the block, so each row's values sit together.
                        for feature in 0..<width {
                            let column = values.baseAddress! + feature * rows
                            for (offset, row) in range.enumerated() { buffer[offset * width + feature] = column[row] }
                        }
                        for (offset, row) in range.enumerated() {
                            scores[row] = rawScore(buffer.baseAddress! + offset * width)
                        }
                    }
                }
            }
        }
        return scores
    }

    /// Predictions: probabilities for a binary model, values for a regression model.
    public func predictions(_ matrix: FeatureMatrix, parallelism: Parallelism = .allCores) throws(ScoringError) -> [Double] {
        try rawScores(matrix, parallelism: parallelism).map(objective.transform)
    }
}
