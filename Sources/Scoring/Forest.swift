/// A trained ensemble flattened into contiguous arrays for prediction: every tree's nodes back to
/// back, children as absolute node indexes (or `~leaf` with absolute leaf indexes), so a prediction
/// walks plain arrays with no per-tree indirection.
public struct Forest: Sendable {
    /// One split in 16 bytes, so a step down a tree touches one cache line: the threshold, the
    /// feature with the missing-value direction in its top bit, and both children.
    struct Node {
        var threshold: Float
        var featureAndDefault: UInt32
        var left: Int32
        var right: Int32

        static let defaultLeftBit: UInt32 = 1 << 31

        @inline(__always) var feature: Int { Int(featureAndDefault & ~Self.defaultLeftBit) }
        @inline(__always) var defaultLeft: Bool { featureAndDefault & Self.defaultLeftBit != 0 }

        /// The child a value leads to, chosen with masks rather than a branch: which way a row goes is
        /// as good as random to the branch predictor, and a mispredicted step costs more than the step.
        @inline(__always)
        func next(_ value: Float) -> Int32 {
            let below = unsafeBitCast(value <= threshold, to: UInt8.self)
            let missing = unsafeBitCast(value.isNaN, to: UInt8.self)
            let goLeft = below | (missing & UInt8(truncatingIfNeeded: featureAndDefault >> 31))
            let mask = Int32(truncatingIfNeeded: 0 &- Int32(goLeft))
            return (left & mask) | (right & ~mask)
        }
    }

    public let featureNames: [String]
    public let objective: Objective
    public let initialScore: Double
    let nodes: [Node]
    let leafValue: [Double]
    /// Per tree: its root (a node index, or `~leaf` for a tree that is a single leaf).
    let roots: [Int32]

    public init(_ model: GBDTModel) {
        featureNames = model.featureNames
        objective = model.objective
        initialScore = model.initialScore
        var nodes: [Node] = [], leafValue: [Double] = [], roots: [Int32] = []
        for tree in model.trees {
            let nodeBase = Int32(nodes.count)
            let leafBase = Int32(leafValue.count)
            func relocate(_ child: Int32) -> Int32 { child >= 0 ? child + nodeBase : ~(~child + leafBase) }
            roots.append(tree.splitFeature.isEmpty ? ~leafBase : nodeBase)
            for index in tree.splitFeature.indices {
                nodes.append(Node(threshold: tree.threshold[index],
                                  featureAndDefault: UInt32(tree.splitFeature[index]) | (tree.defaultLeft[index] ? Node.defaultLeftBit : 0),
                                  left: relocate(tree.leftChild[index]), right: relocate(tree.rightChild[index])))
            }
            leafValue += tree.leafValue
        }
        self.nodes = nodes
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

    /// The raw score of one row whose values sit together, in feature order.
    @inline(__always)
    func rawScore(_ row: UnsafePointer<Float>) -> Double {
        var total = initialScore
        nodes.withUnsafeBufferPointer { nodes in
            leafValue.withUnsafeBufferPointer { leaves in
                for root in roots {
                    var node = root
                    while node >= 0 {
                        let split = nodes[Int(node)]
                        node = split.next(row[split.feature])
                    }
                    total += leaves[Int(~node)]
                }
            }
        }
        return total
    }

    /// Raw scores of every row of `matrix`, in blocks of rows gathered from the columns; within a
    /// block each tree runs over all rows before the next, so its nodes stay in cache.
    public func rawScores(_ matrix: FeatureMatrix, parallelism: Parallelism = .allCores) throws(ScoringError) -> [Double] {
        try matrix.requireFeatures(featureNames)
        let rows = matrix.rowCount
        let width = matrix.featureCount
        var scores = [Double](repeating: initialScore, count: rows)
        let blockSize = 128
        let blocks = (rows + blockSize - 1) / blockSize
        matrix.values.withUnsafeBufferPointer { values in
            scores.withUnsafeMutableBufferPointer { scores in
                nodes.withUnsafeBufferPointer { nodes in
                    leafValue.withUnsafeBufferPointer { leaves in
                        parallelism.forEach(blocks) { block in
                            let first = block * blockSize
                            let count = min(rows, first + blockSize) - first
                            withUnsafeTemporaryAllocation(of: Float.self, capacity: count * width) { buffer in
                                // Row-major copy of the block, so each row's values sit together.
                                for feature in 0..<width {
                                    let column = values.baseAddress! + feature * rows + first
                                    for offset in 0..<count { buffer[offset * width + feature] = column[offset] }
                                }
                                // Tree by tree, adding in tree order for every row, as `rawScore` does.
                                for root in roots {
                                    for offset in 0..<count {
                                        let row = buffer.baseAddress! + offset * width
                                        var node = root
                                        while node >= 0 {
                                            let split = nodes[Int(node)]
                                            node = split.next(row[split.feature])
                                        }
                                        scores[first + offset] += leaves[Int(~node)]
                                    }
                                }
                            }
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
