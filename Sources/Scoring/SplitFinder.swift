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
        let missingGradient = sums[offset + numericBins].x
        let missingHessian = sums[offset + numericBins].y
        let rowsPerHessian = totalHessian > 0 ? Double(totalCount) / totalHessian : 0
        let missingCount = Int((missingHessian * rowsPerHessian).rounded())
        // Every missing row adds hessian; a sum left over from histogram subtraction is rounding, not rows.
        let hasMissing = missingHessian > totalHessian * 1e-12
        guard numericBins >= 1, totalCount - missingCount > 0 else { return nil }
        var best: SplitCandidate?
        var leftG = 0.0, leftH = 0.0, leftC = 0
        // The last threshold (every numeric value left) only separates missing values from the rest.
        let lastThreshold = hasMissing ? numericBins - 1 : numericBins - 2
        guard lastThreshold >= 0 else { return nil }
        for threshold in 0...lastThreshold {
            leftG += sums[offset + threshold].x
            leftH += sums[offset + threshold].y
            leftC += Int((sums[offset + threshold].y * rowsPerHessian).rounded())
            for option in 0..<(hasMissing ? 2 : 1) {
                let missingLeft = option == 1
                let g = missingLeft ? leftG + missingGradient : leftG
                let h = missingLeft ? leftH + missingHessian : leftH
                let c = missingLeft ? leftC + missingCount : leftC
                let rightG = totalGradient - g, rightH = totalHessian - h, rightC = totalCount - c
                guard c >= rules.minDataInLeaf, rightC >= rules.minDataInLeaf,
                      h >= rules.minSumHessianInLeaf, rightH >= rules.minSumHessianInLeaf else { continue }
                let gain = rules.score(g, h) + rules.score(rightG, rightH) - parentScore
                guard gain > rules.minGainToSplit, best == nil || gain > best!.gain else { continue }
                // With no missing values here, unseen missing values follow the larger side.
                let defaultLeft = hasMissing ? missingLeft : c >= rightC
                best = SplitCandidate(feature: feature, thresholdBin: threshold, defaultLeft: defaultLeft, gain: gain,
                                      leftGradient: g, leftHessian: h, leftCount: c,
                                      rightGradient: rightG, rightHessian: rightH, rightCount: rightC)
            }
        }
        return best
    }
}
