/// A tree as grown on bins, before its thresholds are turned into raw values.
struct GrownTree {
    var tree: RegressionTree
    /// Per internal node: rows with a bin at or below this go left.
    var thresholdBins: [Int]
    /// Per leaf: its rows, as a range of the grower's `rowIndices`.
    var leafRanges: [Range<Int>]

    /// The leaf a row of bins falls in (for rows the tree was not grown on).
    @inline(__always)
    func leaf(bins: UnsafePointer<UInt8>, rowCount: Int, row: Int, binCounts: [Int]) -> Int {
        guard !tree.splitFeature.isEmpty else { return 0 }
        var node: Int32 = 0
        while node >= 0 {
            let index = Int(node)
            let feature = Int(tree.splitFeature[index])
            let bin = Int(bins[feature * rowCount + row])
            let goLeft = bin == binCounts[feature] - 1 ? tree.defaultLeft[index] : bin <= thresholdBins[index]
            node = goLeft ? tree.leftChild[index] : tree.rightChild[index]
        }
        return Int(~node)
    }
}

/// Grows one tree leaf-wise: it always splits the leaf whose best split gains most, until the tree
/// has `numLeaves` leaves or no split gains enough. Only the smaller child of a split gets its
/// histogram built from rows; the larger one's is the parent's minus it.
///
/// A grower keeps its buffers (row partition, histograms, gathered gradients) across trees.
final class TreeGrower {
    private let bins: TrainingBins
    private let rowCount: Int
    private let binCounts: [Int]
    private let parallelism: Parallelism
    private(set) var rowIndices: [Int32]
    private var scratch: [Int32]
    private let histograms: [LeafHistogram]
    /// One histogram per chunk of a large leaf's rows, allocated on first use.
    private var partials: [LeafHistogram] = []
    private let featureCount: Int
    /// Each row's (gradient, hessian) as the Doubles histograms add, one 16-byte load per row.
    private var pairs: [SIMD2<Double>]

    init(binned: BinnedMatrix, numLeaves: Int, parallelism: Parallelism) {
        bins = TrainingBins(binned, parallelism: parallelism)
        rowCount = binned.rowCount
        binCounts = binned.binCounts
        self.parallelism = parallelism
        rowIndices = [Int32](repeating: 0, count: binned.rowCount)
        scratch = [Int32](repeating: 0, count: binned.rowCount)
        histograms = (0..<numLeaves).map { _ in LeafHistogram(featureCount: binned.featureCount) }
        featureCount = binned.featureCount
        pairs = [SIMD2<Double>](repeating: .zero, count: binned.rowCount)
    }

    /// Rows per chunk of a large leaf: its histogram is summed chunk by chunk into partial
    /// histograms, which are then added in chunk order. Fixed, so the sums never depend on threads.
    static let rowsPerHistogramChunk = 32_768

    /// Whether a leaf of `rows` rows is summed in chunks. Feature groups would have every thread
    /// read every row's record, which past a few threads costs more memory traffic than the sums;
    /// chunks read each record once. Depends on the row count alone, never on threads.
    static func summedInChunks(rows: Int) -> Bool { rows >= 2 * rowsPerHistogramChunk }

    /// Sums `rows` chunk by chunk into partial histograms, in parallel over chunks; returns how many.
    private func buildPartials(rows: UnsafeBufferPointer<Int32>, features: UnsafeBufferPointer<Int>,
                               binCounts: UnsafeBufferPointer<Int>) -> Int {
        let chunkRows = Self.rowsPerHistogramChunk
        let chunks = (rows.count + chunkRows - 1) / chunkRows
        while partials.count < chunks { partials.append(LeafHistogram(featureCount: featureCount)) }
        let partials = partials, bins = bins, featureCount = features.count
        parallelism.forEach(chunks) { chunk in
            let start = chunk * chunkRows
            let piece = UnsafeBufferPointer(rebasing: rows[start..<min(rows.count, start + chunkRows)])
            HistogramBuilder.buildLeafRows(partials[chunk], features: features, lower: 0, upper: featureCount,
                                           binCounts: binCounts, bins: bins, rows: piece)
        }
        return chunks
    }

    /// `histogram`'s bins of `feature`: the first `chunks` partials' bins added in chunk order.
    @inline(__always)
    private static func addPartials(_ partials: [LeafHistogram], chunks: Int, into histogram: LeafHistogram, feature: Int,
                                    binCount: Int) {
        let target = histogram.bins(of: feature)
        target.update(from: partials[0].bins(of: feature), count: binCount)
        for chunk in 1..<chunks {
            let source = partials[chunk].bins(of: feature)
            for bin in 0..<binCount { target[bin] += source[bin] }
        }
    }

    private struct Leaf {
        var range: Range<Int>
        var depth: Int
        var gradient: Double
        var hessian: Double
        var slot: Int
        var split: SplitCandidate?
        /// The internal node that points at this leaf, and on which side (-1: the root leaf).
        var parent: Int
        var isLeft: Bool
        var count: Int { range.count }
    }

    /// Grows a tree on `rows` (ascending; all rows when bagging is off) using `features`.
    func grow(rows: [Int32], gradients: [Float], hessians: [Float], features: [Int], numLeaves: Int, maxDepth: Int,
              rules: SplitRules, learningRate: Double) -> GrownTree {
        let used = rows.count
        for (index, row) in rows.enumerated() { rowIndices[index] = row }
        var totalG = 0.0, totalH = 0.0
        for row in rows {
            totalG += Double(gradients[Int(row)])
            totalH += Double(hessians[Int(row)])
        }
        pairs.withUnsafeMutableBufferPointer { pairs in
            gradients.withUnsafeBufferPointer { g in
                hessians.withUnsafeBufferPointer { h in
                    let count = g.count
                    parallelism.forEach((count + Objective.rowsPerPiece - 1) / Objective.rowsPerPiece) { piece in
                        for row in (piece * Objective.rowsPerPiece)..<min(count, (piece + 1) * Objective.rowsPerPiece) {
                            pairs[row] = SIMD2(Double(g[row]), Double(h[row]))
                        }
                    }
                    bins.store(gradients: g, hessians: h, parallelism: parallelism)
                }
            }
        }
        var leaves = [Leaf(range: 0..<used, depth: 0, gradient: totalG, hessian: totalH, slot: 0, split: nil, parent: -1, isLeft: true)]
        buildHistogram(slot: 0, range: 0..<used, allRows: used == rowCount, features: features)
        leaves[0].split = findRootSplit(leaves[0], features: features, rules: rules, maxDepth: maxDepth)

        var grown = GrownTree(tree: RegressionTree(), thresholdBins: [], leafRanges: [])
        while leaves.count < numLeaves {
            // The leaf whose split gains most; the first such leaf on a tie.
            var chosen: Int?
            for (index, leaf) in leaves.enumerated() {
                guard let split = leaf.split else { continue }
                if chosen == nil || split.gain > leaves[chosen!].split!.gain { chosen = index }
            }
            guard let parentIndex = chosen, let split = leaves[parentIndex].split else { break }
            let parent = leaves[parentIndex]
            let middle = partition(parent.range, split: split)

            let node = grown.tree.splitFeature.count
            grown.tree.splitFeature.append(Int32(split.feature))
            grown.thresholdBins.append(split.thresholdBin)
            grown.tree.threshold.append(0)
            grown.tree.defaultLeft.append(split.defaultLeft)
            grown.tree.splitGain.append(split.gain)
            grown.tree.internalCover.append(Double(parent.count))
            grown.tree.leftChild.append(Int32(~parentIndex))
            grown.tree.rightChild.append(Int32(~leaves.count))
            if parent.parent >= 0 {
                if parent.isLeft { grown.tree.leftChild[parent.parent] = Int32(node) } else { grown.tree.rightChild[parent.parent] = Int32(node) }
            }

            let newSlot = leaves.count
            var left = Leaf(range: parent.range.lowerBound..<middle, depth: parent.depth + 1, gradient: split.leftGradient,
                            hessian: split.leftHessian, slot: parent.slot, split: nil, parent: node, isLeft: true)
            var right = Leaf(range: middle..<parent.range.upperBound, depth: parent.depth + 1, gradient: split.rightGradient,
                             hessian: split.rightHessian, slot: newSlot, split: nil, parent: node, isLeft: false)
            // The smaller child is summed from its rows into a fresh slot; the larger inherits the
            // parent's slot, which becomes parent minus smaller.
            if left.count < right.count {
                left.slot = newSlot
                right.slot = parent.slot
            }
            let (smaller, larger) = left.count < right.count ? (left, right) : (right, left)
            let splits = splitChildren(smaller: smaller, larger: larger, features: features, rules: rules, maxDepth: maxDepth)
            let smallerIsLeft = smaller.slot == left.slot
            left.split = smallerIsLeft ? splits.smaller : splits.larger
            right.split = smallerIsLeft ? splits.larger : splits.smaller
            leaves[parentIndex] = left
            leaves.append(right)
        }
        for leaf in leaves {
            grown.tree.leafValue.append(rules.leafValue(leaf.gradient, leaf.hessian) * learningRate)
            grown.tree.leafCover.append(Double(leaf.count))
            grown.leafRanges.append(leaf.range)
        }
        return grown
    }

    private func canSplit(_ leaf: Leaf, rules: SplitRules, maxDepth: Int) -> Bool {
        leaf.count >= 2 * rules.minDataInLeaf && (maxDepth <= 0 || leaf.depth < maxDepth)
    }

    /// The root's best split, its features scanned in parallel.
    private func findRootSplit(_ leaf: Leaf, features: [Int], rules: SplitRules, maxDepth: Int) -> SplitCandidate? {
        guard canSplit(leaf, rules: rules, maxDepth: maxDepth) else { return nil }
        return SplitFinder.best(histograms[leaf.slot], features: features, binCounts: binCounts, totalGradient: leaf.gradient,
                                totalHessian: leaf.hessian, totalCount: leaf.count, rules: rules, parallelism: parallelism)
    }

    /// Feature groups per thread in a split pass: several, so that uneven groups still balance.
    static let groupsPerThread = 4

    /// After a split: builds the smaller child's histogram from its rows, turns the parent's into the
    /// larger child's by subtraction, and finds both children's best splits, in one parallel pass over
    /// groups of features. A group owns its features' bins in all three steps, so nothing waits on
    /// another thread, and every feature's result is the same whichever thread computes it. A large
    /// smaller child is first summed in row chunks (one parallel pass over chunks); each group then
    /// adds its features' partial sums in chunk order.
    private func splitChildren(smaller: Leaf, larger: Leaf, features: [Int], rules: SplitRules,
                               maxDepth: Int) -> (smaller: SplitCandidate?, larger: SplitCandidate?) {
        let smallerHistogram = histograms[smaller.slot], largerHistogram = histograms[larger.slot]
        let splitSmaller = canSplit(smaller, rules: rules, maxDepth: maxDepth)
        // A child that cannot split never needs its histogram again: the larger one skips its subtraction.
        let splitLarger = canSplit(larger, rules: rules, maxDepth: maxDepth)
        let featureCount = features.count
        let groups = parallelism.threads > 1 ? min(featureCount, parallelism.threads * Self.groupsPerThread) : 1
        var candidates = [SplitCandidate?](repeating: nil, count: 2 * featureCount)
        let smallerScore = rules.score(smaller.gradient, smaller.hessian), largerScore = rules.score(larger.gradient, larger.hessian)
        candidates.withUnsafeMutableBufferPointer { candidates in
            features.withUnsafeBufferPointer { features in
                binCounts.withUnsafeBufferPointer { binCounts in
                    rowIndices.withUnsafeBufferPointer { rowIndices in
                        let rows = UnsafeBufferPointer(rebasing: rowIndices[smaller.range])
                        let chunks = Self.summedInChunks(rows: rows.count)
                            ? buildPartials(rows: rows, features: features, binCounts: binCounts) : 0
                        let partials = partials
                        parallelism.forEach(groups) { group in
                            let lower = featureCount * group / groups, upper = featureCount * (group + 1) / groups
                            if chunks == 0 {
                                HistogramBuilder.buildLeafRows(smallerHistogram, features: features, lower: lower, upper: upper,
                                                               binCounts: binCounts, bins: bins, rows: rows)
                            }
                            for k in lower..<upper {
                                let feature = features[k], binCount = binCounts[feature]
                                if chunks > 0 {
                                    Self.addPartials(partials, chunks: chunks, into: smallerHistogram, feature: feature,
                                                     binCount: binCount)
                                }
                                if splitSmaller {
                                    candidates[k] = SplitFinder.bestForFeature(
                                        feature, binCount: binCount, bins: smallerHistogram.bins(of: feature),
                                        totalGradient: smaller.gradient, totalHessian: smaller.hessian,
                                        totalCount: smaller.count, parentScore: smallerScore, rules: rules)
                                }
                                if splitLarger {
                                    largerHistogram.subtract(smallerHistogram, feature: feature, binCount: binCount)
                                    candidates[featureCount + k] = SplitFinder.bestForFeature(
                                        feature, binCount: binCount, bins: largerHistogram.bins(of: feature),
                                        totalGradient: larger.gradient, totalHessian: larger.hessian,
                                        totalCount: larger.count, parentScore: largerScore, rules: rules)
                                }
                            }
                        }
                    }
                }
            }
        }
        return (SplitFinder.first(candidates[0..<featureCount]), SplitFinder.first(candidates[featureCount...]))
    }

    /// The root's histogram: every used row. All rows go over the columns; a bagged subset over its
    /// row records, in chunks when large, else split among threads by feature groups.
    private func buildHistogram(slot: Int, range: Range<Int>, allRows: Bool, features: [Int]) {
        let histogram = histograms[slot]
        if allRows {
            pairs.withUnsafeBufferPointer { pairs in
                HistogramBuilder.buildAllRows(histogram, features: features, binCounts: binCounts, bins: bins,
                                              pairs: pairs.baseAddress!, parallelism: parallelism)
            }
            return
        }
        let featureCount = features.count
        let parallel = range.count * featureCount >= HistogramBuilder.minimumParallelWork && parallelism.threads > 1
        let groups = parallel ? min(featureCount, parallelism.threads * 2) : 1
        features.withUnsafeBufferPointer { features in
            binCounts.withUnsafeBufferPointer { binCounts in
                rowIndices.withUnsafeBufferPointer { rowIndices in
                    let rows = UnsafeBufferPointer(rebasing: rowIndices[range])
                    if Self.summedInChunks(rows: rows.count) {
                        let chunks = buildPartials(rows: rows, features: features, binCounts: binCounts)
                        let partials = partials
                        parallelism.forEach(featureCount) { k in
                            Self.addPartials(partials, chunks: chunks, into: histogram, feature: features[k],
                                             binCount: binCounts[features[k]])
                        }
                        return
                    }
                    (parallel ? parallelism : .serial).forEach(groups) { group in
                        HistogramBuilder.buildLeafRows(histogram, features: features, lower: featureCount * group / groups,
                                                       upper: featureCount * (group + 1) / groups, binCounts: binCounts,
                                                       bins: bins, rows: rows)
                    }
                }
            }
        }
    }

    /// Rows per piece of a partition spread over threads; fixed, so the result never depends on threads.
    static let rowsPerPartitionPiece = 32_768

    /// Stable partition of a leaf's rows: left rows first, both halves still ascending. Returns where
    /// the right rows start. Large leaves are split into pieces: each piece partitions itself into the
    /// scratch buffer, then copies its halves to their final places, which the pieces before it fix.
    private func partition(_ range: Range<Int>, split: SplitCandidate) -> Int {
        let feature = split.feature
        let missingBin = UInt8(binCounts[feature] - 1)
        let threshold = split.thresholdBin, defaultLeft = split.defaultLeft
        let pieceSize = Self.rowsPerPartitionPiece
        let pieces = (range.count + pieceSize - 1) / pieceSize
        let pieceParallelism = pieces > 1 ? parallelism : .serial
        var leftCounts = [Int](repeating: 0, count: pieces)
        bins.columns.withUnsafeBufferPointer { bins in
            rowIndices.withUnsafeMutableBufferPointer { rows in
                scratch.withUnsafeMutableBufferPointer { scratch in
                    leftCounts.withUnsafeMutableBufferPointer { leftCounts in
                        let column = bins.baseAddress! + feature * rowCount
                        let rows = rows.baseAddress!, scratch = scratch.baseAddress!
                        // Each piece: left rows to the front of its stretch of scratch, right rows after them.
                        pieceParallelism.forEach(pieces) { piece in
                            let start = range.lowerBound + piece * pieceSize
                            let end = min(range.upperBound, start + pieceSize)
                            var left = start
                            var right = 0
                            // Right rows wait at the piece's end of `rows`' own stretch, which has been read by then.
                            for position in start..<end {
                                let row = rows[position]
                                let bin = column[Int(row)]
                                let goLeft = bin == missingBin ? defaultLeft : Int(bin) <= threshold
                                // Every row is written to both sides and only its side's cursor moves: no
                                // branch to mispredict.
                                scratch[left] = row
                                rows[start + right] = row
                                let step = goLeft ? 1 : 0
                                left &+= step
                                right &+= 1 &- step
                            }
                            let leftCount = left - start
                            for k in 0..<right { scratch[left + k] = rows[start + k] }
                            leftCounts[piece] = leftCount
                        }
                    }
                    // Final places: left halves in piece order from the range's start, right halves after.
                    var leftOffsets = [Int](repeating: 0, count: pieces)
                    var rightOffsets = [Int](repeating: 0, count: pieces)
                    var totalLeft = 0
                    for piece in 0..<pieces {
                        leftOffsets[piece] = totalLeft
                        totalLeft += leftCounts[piece]
                    }
                    var totalRight = 0
                    for piece in 0..<pieces {
                        rightOffsets[piece] = totalRight
                        let start = range.lowerBound + piece * pieceSize
                        totalRight += min(range.upperBound, start + pieceSize) - start - leftCounts[piece]
                    }
                    let rows = rows.baseAddress!, scratch = scratch.baseAddress!
                    let middle = range.lowerBound + totalLeft
                    pieceParallelism.forEach(pieces) { piece in
                        let start = range.lowerBound + piece * pieceSize
                        let end = min(range.upperBound, start + pieceSize)
                        let leftCount = leftCounts[piece]
                        (rows + range.lowerBound + leftOffsets[piece]).update(from: scratch + start, count: leftCount)
                        (rows + middle + rightOffsets[piece]).update(from: scratch + start + leftCount, count: end - start - leftCount)
                    }
                }
            }
        }
        return range.lowerBound + leftCounts.reduce(0, +)
    }
}
