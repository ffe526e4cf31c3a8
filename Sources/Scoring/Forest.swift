/// A trained ensemble flattened into contiguous arrays for prediction.
///
/// Leaves are nodes too, whose both children are themselves, so a walk can take a fixed number of
/// steps with no test for having arrived. Trees are walked eight at a time, grouped by depth: eight
/// independent chains of loads keep the core busy where one chain would wait on each load in turn.
/// Leaf values are added in one fixed order, so every way of predicting gives the same bits.
///
/// A row is walked in its extended form: its values with missing ones as -infinity, then its values
/// as they are. A split whose missing values go left reads the first copy (-infinity is at or below
/// every threshold), one whose missing values go right the second (NaN is at or below none), so each
/// step is one comparison with no test for missing values.
public struct Forest: Sendable {
    /// One node in 16 bytes, so a step touches one cache line: the threshold, where the split's value
    /// sits in the extended row, and both children (absolute node indexes).
    struct Node {
        var threshold: Float
        /// The feature for a split whose missing values go left, feature count + feature otherwise.
        var slot: UInt32
        var left: Int32
        var right: Int32

        /// A leaf: every value leads back to it.
        static func leaf(at index: Int32) -> Node { Node(threshold: .infinity, slot: 0, left: index, right: index) }

        /// The child the extended row leads to from the node at `node`, read as `children[goesRight]`:
        /// one load whose address depends on the comparison, where a select may be compiled into a
        /// branch, and which way a row goes is as good as random to the branch predictor.
        @inline(__always)
        static func step(_ nodes: UnsafePointer<Node>, _ node: Int32, _ extended: UnsafePointer<Float>) -> Int32 {
            let split = nodes + Int(node)
            let goRight = unsafeBitCast(!(extended[Int(split.pointee.slot)] <= split.pointee.threshold), to: UInt8.self)
            return UnsafeRawPointer(split).load(fromByteOffset: 8 &+ Int(goRight) &<< 2, as: Int32.self)
        }
    }

    /// Writes `row`'s extended form (2 x `count` values) to `extended`.
    @inline(__always)
    static func extend(_ row: UnsafePointer<Float>, count: Int, into extended: UnsafeMutablePointer<Float>) {
        for feature in 0..<count {
            let value = row[feature]
            extended[feature] = value.isNaN ? -.infinity : value
            extended[count &+ feature] = value
        }
    }

    /// Trees walked together: how many, and their lanes' roots, trees and step count.
    static let lanes = 8

    /// The flattened arrays behind raw pointers that live as long as the forest: a prediction of one
    /// row then costs no reference counting, which at a few microseconds a row is measurable.
    final class Storage: @unchecked Sendable {
        /// Node 0 is a spare leaf that padding lanes walk.
        let nodes: UnsafeMutableBufferPointer<Node>
        /// Per node: its value when it is a leaf (0 for splits).
        let nodeValue: UnsafeMutableBufferPointer<Double>
        /// `lanes` entries per group: the root each lane starts at (node 0 for padding).
        let groupRoots: UnsafeMutableBufferPointer<Int32>
        /// `lanes` entries per group: the tree each lane walks (`treeCount` for padding).
        let groupTrees: UnsafeMutableBufferPointer<Int32>
        /// Per group: the steps that bring every lane to its leaf.
        let groupDepths: UnsafeMutableBufferPointer<Int32>

        init(nodes: [Node], nodeValue: [Double], groupRoots: [Int32], groupTrees: [Int32], groupDepths: [Int32]) {
            func copy<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
                let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(1, array.count))
                _ = buffer.initialize(from: array)
                return UnsafeMutableBufferPointer(rebasing: buffer[0..<array.count])
            }
            self.nodes = copy(nodes)
            self.nodeValue = copy(nodeValue)
            self.groupRoots = copy(groupRoots)
            self.groupTrees = copy(groupTrees)
            self.groupDepths = copy(groupDepths)
        }

        deinit {
            // Buffers of plain values: deallocating their base suffices.
            UnsafeMutableRawPointer(nodes.baseAddress!).deallocate()
            UnsafeMutableRawPointer(nodeValue.baseAddress!).deallocate()
            UnsafeMutableRawPointer(groupRoots.baseAddress!).deallocate()
            UnsafeMutableRawPointer(groupTrees.baseAddress!).deallocate()
            UnsafeMutableRawPointer(groupDepths.baseAddress!).deallocate()
        }
    }

    public let featureNames: [String]
    public let objective: Objective
    public let initialScore: Double
    /// Per tree: its root node.
    let roots: [Int32]
    /// Per tree: the most steps from its root to a leaf.
    let depths: [Int32]
    let storage: Storage
    /// `treeCount`, kept apart from `roots` so the hot path reads no array header.
    private let trees: Int

    public init(_ model: GBDTModel) {
        featureNames = model.featureNames
        objective = model.objective
        initialScore = model.initialScore
        var nodes: [Node] = [.leaf(at: 0)], nodeValue: [Double] = [0], roots: [Int32] = [], depths: [Int32] = []
        for tree in model.trees {
            let splitBase = Int32(nodes.count)
            let leafBase = splitBase + Int32(tree.splitFeature.count)
            func relocate(_ child: Int32) -> Int32 { child >= 0 ? child + splitBase : ~child + leafBase }
            roots.append(tree.splitFeature.isEmpty ? leafBase : splitBase)
            for index in tree.splitFeature.indices {
                let feature = UInt32(tree.splitFeature[index])
                nodes.append(Node(threshold: tree.threshold[index],
                                  slot: tree.defaultLeft[index] ? feature : UInt32(model.featureNames.count) + feature,
                                  left: relocate(tree.leftChild[index]), right: relocate(tree.rightChild[index])))
                nodeValue.append(0)
            }
            for (leaf, value) in tree.leafValue.enumerated() {
                nodes.append(.leaf(at: leafBase + Int32(leaf)))
                nodeValue.append(value)
            }
            depths.append(Int32(Self.depth(of: tree)))
        }
        // Deep trees with deep trees, so few lanes idle at their leaves while others still walk.
        let order = depths.indices.sorted { (depths[$0], $0) < (depths[$1], $1) }
        var groupRoots: [Int32] = [], groupTrees: [Int32] = [], groupDepths: [Int32] = []
        for start in stride(from: 0, to: order.count, by: Self.lanes) {
            let members = order[start..<min(order.count, start + Self.lanes)]
            for lane in 0..<Self.lanes {
                let tree = lane < members.count ? members[members.startIndex + lane] : nil
                groupRoots.append(tree.map { roots[$0] } ?? 0)
                groupTrees.append(Int32(tree ?? roots.count))
            }
            groupDepths.append(members.map { depths[$0] }.max() ?? 0)
        }
        self.roots = roots
        self.depths = depths
        self.trees = roots.count
        storage = Storage(nodes: nodes, nodeValue: nodeValue, groupRoots: groupRoots, groupTrees: groupTrees, groupDepths: groupDepths)
    }

    /// The most splits on any path from the root of `tree` to a leaf.
    static func depth(of tree: RegressionTree) -> Int {
        guard !tree.splitFeature.isEmpty else { return 0 }
        var deepest = 0
        var stack: [(node: Int32, depth: Int)] = [(0, 1)]
        while let (node, depth) = stack.popLast() {
            deepest = max(deepest, depth)
            for child in [tree.leftChild[Int(node)], tree.rightChild[Int(node)]] where child >= 0 { stack.append((child, depth + 1)) }
        }
        return deepest
    }

    public var treeCount: Int { trees }

    /// The raw score (log-odds for binary) of one row of raw feature values, in the model's order.
    public func rawScore(row: [Float]) throws(ScoringError) -> Double {
        guard row.count == featureNames.count else {
            throw .shapeMismatch("a row of \(row.count) values for a model of \(featureNames.count) features")
        }
        let width = row.count
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: treeCount + 1) { leaves in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: max(1, 2 * width)) { extended in
                row.withUnsafeBufferPointer { Self.extend($0.baseAddress!, count: width, into: extended.baseAddress!) }
                return rawScore(extended: extended.baseAddress!, leaves: leaves.baseAddress!)
            }
        }
    }

    /// The raw score of one row in its extended form. `leaves` is scratch space for `treeCount + 1`
    /// node indexes.
    @inline(__always)
    func rawScore(extended row: UnsafePointer<Float>, leaves: UnsafeMutablePointer<Int32>) -> Double {
        walk(row, leaves: leaves)
        return sumInTreeOrder(leaves)
    }

    /// Writes the leaf node `row` reaches in every tree to `leaves[tree]`.
    @inline(__always)
    private func walk(_ row: UnsafePointer<Float>, leaves: UnsafeMutablePointer<Int32>) {
        let storage = storage
        let groupRoots = storage.groupRoots.baseAddress!, groupTrees = storage.groupTrees.baseAddress!
        let groupDepths = storage.groupDepths
        let nodes = UnsafePointer(storage.nodes.baseAddress!)
        @inline(__always) func step(_ index: Int32) -> Int32 { Node.step(nodes, index, row) }
        for group in 0..<groupDepths.count {
            let depth = groupDepths[group]
            let lane = group &* Self.lanes
            var n0 = groupRoots[lane], n1 = groupRoots[lane &+ 1], n2 = groupRoots[lane &+ 2], n3 = groupRoots[lane &+ 3]
            var n4 = groupRoots[lane &+ 4], n5 = groupRoots[lane &+ 5], n6 = groupRoots[lane &+ 6], n7 = groupRoots[lane &+ 7]
            // Most rows reach their leaves well before a group's deepest path: stop once
            // a step moves no lane (a leaf leads back to itself, a split never does).
            var remaining = depth
            while remaining > 0 {
                let (m0, m1, m2, m3, m4, m5, m6, m7) = (n0, n1, n2, n3, n4, n5, n6, n7)
                n0 = step(n0); n1 = step(n1); n2 = step(n2); n3 = step(n3)
                n4 = step(n4); n5 = step(n5); n6 = step(n6); n7 = step(n7)
                remaining &-= 1
                let moved = (n0 ^ m0) | (n1 ^ m1) | (n2 ^ m2) | (n3 ^ m3) | (n4 ^ m4) | (n5 ^ m5) | (n6 ^ m6) | (n7 ^ m7)
                if moved == 0 { break }
            }
            leaves[Int(groupTrees[lane])] = n0; leaves[Int(groupTrees[lane &+ 1])] = n1
            leaves[Int(groupTrees[lane &+ 2])] = n2; leaves[Int(groupTrees[lane &+ 3])] = n3
            leaves[Int(groupTrees[lane &+ 4])] = n4; leaves[Int(groupTrees[lane &+ 5])] = n5
            leaves[Int(groupTrees[lane &+ 6])] = n6; leaves[Int(groupTrees[lane &+ 7])] = n7
        }
    }

    /// The initial score plus each tree's leaf value, added in one fixed order whatever order the
    /// trees were walked in.
    @inline(__always)
    private func sumInTreeOrder(_ leaves: UnsafeMutablePointer<Int32>) -> Double {
        let values = storage.nodeValue.baseAddress!
        let treeCount = trees
        // Four running sums (trees 0, 4, 8, … in the first) rather than one chain of additions,
        // which would wait on each add in turn; the order is fixed, so the bits are too.
        var sums = SIMD4<Double>.zero
        let whole = treeCount & ~3
        var tree = 0
        while tree < whole {
            sums += SIMD4(values[Int(leaves[tree])], values[Int(leaves[tree &+ 1])],
                          values[Int(leaves[tree &+ 2])], values[Int(leaves[tree &+ 3])])
            tree &+= 4
        }
        var total = initialScore + ((sums[0] + sums[1]) + (sums[2] + sums[3]))
        while tree < treeCount {
            total += values[Int(leaves[tree])]
            tree &+= 1
        }
        return total
    }

    /// Raw scores of every row of `matrix`, in blocks of rows gathered from the columns into rows.
    public func rawScores(_ matrix: FeatureMatrix, parallelism: Parallelism = .allCores) throws(ScoringError) -> [Double] {
        try matrix.requireFeatures(featureNames)
        let rows = matrix.rowCount
        let width = matrix.featureCount
        var scores = [Double](repeating: initialScore, count: rows)
        let blockSize = 256
        let blocks = (rows + blockSize - 1) / blockSize
        matrix.values.withUnsafeBufferPointer { values in
            scores.withUnsafeMutableBufferPointer { scores in
                parallelism.forEach(blocks) { block in
                    let first = block * blockSize
                    let count = min(rows, first + blockSize) - first
                    withUnsafeTemporaryAllocation(of: Float.self, capacity: max(1, 2 * count * width)) { buffer in
                        withUnsafeTemporaryAllocation(of: Int32.self, capacity: treeCount + 1) { leaves in
                            // The block's rows in extended form, each row's values side by side.
                            let extendedWidth = 2 * width
                            for feature in 0..<width {
                                let column = values.baseAddress! + feature * rows + first
                                for offset in 0..<count {
                                    let value = column[offset]
                                    buffer[offset * extendedWidth + feature] = value.isNaN ? -.infinity : value
                                    buffer[offset * extendedWidth + width + feature] = value
                                }
                            }
                            for offset in 0..<count {
                                scores[first + offset] = rawScore(extended: buffer.baseAddress! + offset * extendedWidth,
                                                                  leaves: leaves.baseAddress!)
                            }
                        }
                    }
                }
            }
        }
        return scores
    }

    /// The mean number of splits a row of `matrix` passes on its way to a leaf, over rows and trees:
    /// what a prediction costs, for reports and benchmarks.
    public func meanPathLength(_ matrix: FeatureMatrix) -> Double {
        guard matrix.rowCount > 0, !roots.isEmpty, matrix.featureCount == featureNames.count else { return 0 }
        var steps = 0
        let width = matrix.featureCount
        var extended = [Float](repeating: 0, count: max(1, 2 * width))
        let nodes = UnsafePointer(storage.nodes.baseAddress!)
        for index in 0..<matrix.rowCount {
            let row = matrix.row(index)
            extended.withUnsafeMutableBufferPointer { extended in
                row.withUnsafeBufferPointer { Self.extend($0.baseAddress!, count: width, into: extended.baseAddress!) }
                for root in roots {
                    var node = root
                    while nodes[Int(node)].left != node {
                        node = Node.step(nodes, node, extended.baseAddress!)
                        steps += 1
                    }
                }
            }
        }
        return Double(steps) / Double(matrix.rowCount * roots.count)
    }

    /// The mean of the trees' depths: how many steps each lane takes, against `meanPathLength`.
    public var meanDepth: Double { depths.isEmpty ? 0 : Double(depths.reduce(0, +)) / Double(depths.count) }

    /// Predictions: probabilities for a binary model, values for a regression model.
    public func predictions(_ matrix: FeatureMatrix, parallelism: Parallelism = .allCores) throws(ScoringError) -> [Double] {
        try rawScores(matrix, parallelism: parallelism).map(objective.transform)
    }
}
