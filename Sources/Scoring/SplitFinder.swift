/// The constraints a split must meet, from the booster's parameters.
struct SplitRules {
    var minDataInLeaf: Int
    var minSumHessianInLeaf: Double
    var lambdaL2: Double
    var minGainToSplit: Double

    /// The part of the gain one side contributes: G² / (H + λ).
    @inline(__always)
    func score(_ gradient: Double, _ hessian: Double) -> Double { gradient * gradient / (hessian + lambdaL2) }

    /// The leaf value that minimises the second-order loss: -G / (H + λ).
    func leafValue(_ gradient: Double, _ hessian: Double) -> Double { -gradient / (hessian + lambdaL2) }
}

/// The best way found to split one leaf.
struct SplitCandidate {
    var feature: Int
    /// Rows with a bin at or below this go left (missing rows go where `defaultLeft` says).
    var thresholdBin: Int
    var defaultLeft: Bool
    var gain: Double
    var leftGradient: Double
    var leftHessian: Double
    var leftCount: Int
    var rightGradient: Double
    var rightHessian: Double
    var rightCount: Int
}

/// Finds a leaf's best split from its histogram: every threshold of every feature, with missing
/// values tried on both sides. Ties keep the first candidate in (feature, threshold, missing right
/// before missing left) order, so the choice never depends on threads.
///
/// A side's row count, which `minDataInLeaf` limits, is estimated as LightGBM does: each bin's
/// hessian times the leaf's rows per unit of hessian, rounded per bin. It is exact when every
/// hessian is equal (squared error).
///
/// Each feature is scanned in two passes: a running sum over its bins that keeps one candidate per
/// non-empty bin (an empty bin repeats the previous candidate, which a tie never replaces), then the
/// gains of the kept candidates four at a time, with no branch per candidate.
enum SplitFinder {
    /// Scans `histogram`'s features for the best split (the root's; children are scanned in the
    /// grower's split pass, feature by feature through `bestForFeature`).
    static func best(_ histogram: LeafHistogram, features: [Int], binCounts: [Int],
                     totalGradient: Double, totalHessian: Double, totalCount: Int, rules: SplitRules,
                     parallelism: Parallelism) -> SplitCandidate? {
        var perFeature = [SplitCandidate?](repeating: nil, count: features.count)
        let parentScore = rules.score(totalGradient, totalHessian)
        perFeature.withUnsafeMutableBufferPointer { results in
            parallelism.forEach(features.count) { index in
                let feature = features[index]
                results[index] = bestForFeature(feature, binCount: binCounts[feature], bins: histogram.bins(of: feature),
                                                totalGradient: totalGradient, totalHessian: totalHessian,
                                                totalCount: totalCount, parentScore: parentScore, rules: rules)
            }
        }
        return first(perFeature[...])
    }

    /// The candidate with most gain, the first one on a tie.
    static func first(_ candidates: ArraySlice<SplitCandidate?>) -> SplitCandidate? {
        var best: SplitCandidate?
        for candidate in candidates {
            guard let candidate else { continue }
            if best == nil || candidate.gain > best!.gain { best = candidate }
        }
        return best
    }

    /// The best of the candidates kept for one side of missing values: `gain` is -infinity when none is valid.
    private struct SideBest {
        var gain: Double
        /// Index into the kept candidates.
        var index: Int
    }

    /// The best split of one feature from its bins, nil when no threshold is admitted.
    static func bestForFeature(_ feature: Int, binCount: Int, bins: UnsafePointer<SIMD2<Double>>,
                                       totalGradient: Double, totalHessian: Double, totalCount: Int,
                                       parentScore: Double, rules: SplitRules) -> SplitCandidate? {
        let numericBins = binCount - 1
        guard numericBins >= 1 else { return nil }
        let missing = bins[numericBins]
        let rowsPerHessian = totalHessian > 0 ? Double(totalCount) / totalHessian : 0
        // LightGBM's RoundInt: the values are never negative, so truncating x + 0.5 rounds.
        @inline(__always) func rows(_ hessian: Double) -> Int { Int(hessian * rowsPerHessian + 0.5) }
        let missingCount = rows(missing.y)
        // Every missing row adds hessian; a sum left over from histogram subtraction is rounding, not rows.
        let hasMissing = missing.y > totalHessian * 1e-12
        guard totalCount - missingCount > 0 else { return nil }
        // The last threshold (every numeric value left) only separates missing values from the rest.
        let lastThreshold = hasMissing ? numericBins - 1 : numericBins - 2
        guard lastThreshold >= 0 else { return nil }

        // Room for 256 candidates plus padding to a whole group of four, per column.
        let capacity = LeafHistogram.stride + 4
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * capacity) { scratch -> SplitCandidate? in
            let leftGradients = scratch.baseAddress!, leftHessians = leftGradients + capacity, leftCounts = leftHessians + capacity
            return withUnsafeTemporaryAllocation(of: Int32.self, capacity: capacity) { keptThreshold -> SplitCandidate? in
            // Pass 1: running sums; a slot is kept (the cursor moves past it) only for a non-empty bin.
            var kept = 0
            var left = SIMD2<Double>.zero, leftCount = 0
            for threshold in 0...lastThreshold {
                let bin = bins[threshold]
                left += bin
                leftCount &+= rows(bin.y)
                leftGradients[kept] = left.x
                leftHessians[kept] = left.y
                leftCounts[kept] = Double(leftCount)
                keptThreshold[kept] = Int32(truncatingIfNeeded: threshold)
                kept &+= (bin.y != 0 || bin.x != 0 || threshold == 0) ? 1 : 0
            }
            // Pad to a group of four with candidates no rule admits (a negative row count).
            for pad in kept..<((kept + 3) & ~3) {
                leftGradients[pad] = 0
                leftHessians[pad] = 0
                leftCounts[pad] = -1
            }
            let groups = (kept + 3) / 4

            // Pass 2: every kept candidate's gain, with missing rows right and (if any) left.
            let total = SIMD2(totalGradient, totalHessian)
            func scan(extra: SIMD2<Double>, extraCount: Int) -> SideBest {
                let gradient = SIMD4<Double>(repeating: totalGradient), hessian = SIMD4<Double>(repeating: totalHessian)
                let count = SIMD4<Double>(repeating: Double(totalCount))
                let minData = SIMD4<Double>(repeating: Double(rules.minDataInLeaf))
                let minHessian = SIMD4<Double>(repeating: rules.minSumHessianInLeaf)
                let lambda = SIMD4<Double>(repeating: rules.lambdaL2), parent = SIMD4<Double>(repeating: parentScore)
                let extraGradient = SIMD4<Double>(repeating: extra.x), extraHessian = SIMD4<Double>(repeating: extra.y)
                let extraRows = SIMD4<Double>(repeating: Double(extraCount))
                var bestGain = SIMD4<Double>(repeating: -.infinity)
                var bestIndex = SIMD4<Int64>(repeating: 0)
                var index = SIMD4<Int64>(0, 1, 2, 3)
                for group in 0..<groups {
                    let offset = group &* 4
                    let leftGradient = UnsafeRawPointer(leftGradients + offset).loadUnaligned(as: SIMD4<Double>.self) + extraGradient
                    let leftHessian = UnsafeRawPointer(leftHessians + offset).loadUnaligned(as: SIMD4<Double>.self) + extraHessian
                    let leftRows = UnsafeRawPointer(leftCounts + offset).loadUnaligned(as: SIMD4<Double>.self) + extraRows
                    let rightGradient = gradient - leftGradient, rightHessian = hessian - leftHessian
                    let rightRows = count - leftRows
                    let gain = leftGradient * leftGradient / (leftHessian + lambda)
                        + rightGradient * rightGradient / (rightHessian + lambda) - parent
                    let better = (leftRows .>= minData) .& (rightRows .>= minData) .& (leftHessian .>= minHessian)
                        .& (rightHessian .>= minHessian) .& (gain .> bestGain)
                    bestGain.replace(with: gain, where: better)
                    bestIndex.replace(with: index, where: better)
                    index &+= 4
                }
                // The lanes' best, the first kept candidate on a tie.
                var best = SideBest(gain: -.infinity, index: Int.max)
                for lane in 0..<4 where bestGain[lane] > best.gain || (bestGain[lane] == best.gain && Int(bestIndex[lane]) < best.index) {
                    best = SideBest(gain: bestGain[lane], index: Int(bestIndex[lane]))
                }
                return best
            }
            let missingRight = scan(extra: .zero, extraCount: 0)
            let missingLeft = hasMissing ? scan(extra: missing, extraCount: missingCount) : SideBest(gain: -.infinity, index: Int.max)
            // In scan order a threshold tries missing right first: missing left wins only with more
            // gain, or the same gain at an earlier threshold.
            let leftWins = missingLeft.gain > missingRight.gain
                || (missingLeft.gain == missingRight.gain && missingLeft.index < missingRight.index)
            let chosen = leftWins ? missingLeft : missingRight
            // A split must gain more than `minGainToSplit`.
            guard chosen.gain > rules.minGainToSplit, chosen.index < kept else { return nil }
            var bestLeft = SIMD2(leftGradients[chosen.index], leftHessians[chosen.index])
            var bestLeftCount = Int(leftCounts[chosen.index])
            if leftWins {
                bestLeft += missing
                bestLeftCount += missingCount
            }
            let right = total - bestLeft, rightCount = totalCount - bestLeftCount
            // With no missing values here, unseen missing values follow the larger side.
            let defaultLeft = hasMissing ? leftWins : bestLeftCount >= rightCount
            return SplitCandidate(feature: feature, thresholdBin: Int(keptThreshold[chosen.index]), defaultLeft: defaultLeft,
                                  gain: chosen.gain, leftGradient: bestLeft.x, leftHessian: bestLeft.y, leftCount: bestLeftCount,
                                  rightGradient: right.x, rightHessian: right.y, rightCount: rightCount)
            }
        }
    }
}
