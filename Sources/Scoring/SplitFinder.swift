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
/// values tried on both sides. Ties keep the first candidate in (feature, threshold) order, so the
/// choice never depends on threads.
///
/// A side's row count, which `minDataInLeaf` limits, is estimated as LightGBM does: each bin's
/// hessian times the leaf's rows per unit of hessian, rounded per bin. It is exact when every
/// hessian is equal (squared error).
enum SplitFinder {
    static func best(_ histogram: LeafHistogram, features: [Int], binCounts: [Int], totalGradient: Double,
                     totalHessian: Double, totalCount: Int, rules: SplitRules, parallelism: Parallelism) -> SplitCandidate? {
        var perFeature = [SplitCandidate?](repeating: nil, count: features.count)
        let parentScore = rules.score(totalGradient, totalHessian)
        histogram.sums.withUnsafeBufferPointer { sums in
            perFeature.withUnsafeMutableBufferPointer { results in
                parallelism.forEach(features.count) { index in
                    results[index] = bestForFeature(features[index], binCount: binCounts[features[index]],
                                                    sums: sums, totalGradient: totalGradient,
                                                    totalHessian: totalHessian, totalCount: totalCount,
                                                    parentScore: parentScore, rules: rules)
                }
            }
        }
        var best: SplitCandidate?
        for candidate in perFeature {
            guard let candidate else { continue }
            if best == nil || candidate.gain > best!.gain { best = candidate }
        }
        return best
    }

    private static func bestForFeature(_ feature: Int, binCount: Int, sums: UnsafeBufferPointer<SIMD2<Double>>,
                                       totalGradient: Double, totalHessian: Double, totalCount: Int,
                                       parentScore: Double, rules: SplitRules) -> SplitCandidate? {
        let offset = feature * LeafHistogram.stride
        let numericBins = binCount - 1
        guard numericBins >= 1 else { return nil }
        let bins = sums.baseAddress! + offset
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

        let minData = rules.minDataInLeaf, minHessian = rules.minSumHessianInLeaf, lambda = rules.lambdaL2
        // A split must gain more than this, and more than every earlier candidate: ties keep the first.
        var bestGain = rules.minGainToSplit
        var bestThreshold = -1, bestMissingLeft = false
        var bestLeft = SIMD2<Double>.zero, bestLeftCount = 0
        var left = SIMD2<Double>.zero, leftCount = 0
        let total = SIMD2(totalGradient, totalHessian)
        for threshold in 0...lastThreshold {
            let bin = bins[threshold]
            // An empty bin moves no row, so its split is the previous one and cannot gain more.
            guard bin.y != 0 || bin.x != 0 || threshold == 0 else { continue }
            left += bin
            leftCount &+= rows(bin.y)
            // Missing rows right, then (when there are any) missing rows left.
            var side = left, sideCount = leftCount
            for option in 0..<2 {
                let missingLeft = option == 1
                if missingLeft {
                    guard hasMissing else { break }
                    side = left + missing
                    sideCount = leftCount &+ missingCount
                }
                let right = total - side, rightCount = totalCount &- sideCount
                guard sideCount >= minData, rightCount >= minData, side.y >= minHessian, right.y >= minHessian else { continue }
                // gain = G_l²/(H_l+λ) + G_r²/(H_r+λ) - parent beats the best when, over the (positive)
                // common denominator, the numerators compare so: multiplications instead of divisions
                // for the many candidates that lose.
                let leftDenominator = side.y + lambda, rightDenominator = right.y + lambda
                let numerator = side.x * side.x * rightDenominator + right.x * right.x * leftDenominator
                let denominator = leftDenominator * rightDenominator
                guard numerator > (bestGain + parentScore) * denominator else { continue }
                let gain = side.x * side.x / leftDenominator + right.x * right.x / rightDenominator - parentScore
                guard gain > bestGain else { continue }
                bestGain = gain
                bestThreshold = threshold
                bestMissingLeft = missingLeft
                bestLeft = side
                bestLeftCount = sideCount
            }
        }
        guard bestThreshold >= 0 else { return nil }
        let right = total - bestLeft, rightCount = totalCount - bestLeftCount
        // With no missing values here, unseen missing values follow the larger side.
        let defaultLeft = hasMissing ? bestMissingLeft : bestLeftCount >= rightCount
        return SplitCandidate(feature: feature, thresholdBin: bestThreshold, defaultLeft: defaultLeft, gain: bestGain,
                              leftGradient: bestLeft.x, leftHessian: bestLeft.y, leftCount: bestLeftCount,
                              rightGradient: right.x, rightHessian: right.y, rightCount: rightCount)
    }
}
