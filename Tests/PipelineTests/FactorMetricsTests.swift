import Pipeline
import Testing

/// Every evaluation figure against values worked out by hand.
@Suite struct FactorMetricsTests {
    @Test func icirIsMeanOverSampleStandardDeviation() {
        // mean 0.1; deviations 0, 0.2, -0.2 -> sample variance 0.08 / 2 = 0.04, std 0.2.
        #expect(abs(FactorMetrics.icir([0.1, 0.3, -0.1]) - 0.5) < 1e-12)
        #expect(FactorMetrics.icir([0.2]).isNaN)
        #expect(FactorMetrics.icir([0.2, 0.2]).isNaN)
    }

    @Test func hitRateCountsPositiveDefinedICs() {
        #expect(FactorMetrics.hitRate([0.1, -0.2, 0, 0.3, .nan]) == 0.5)
        #expect(FactorMetrics.hitRate([.nan]).isNaN)
    }

    @Test func icAndRankIC() {
        // x = 1,2,3; y = 1,2,4: sxy = 3, sxx = 2, syy = 42/9.
        let ic = FactorMetrics.ic(scores: [1, 2, 3], alpha: [1, 2, 4])
        #expect(abs(ic - 3 / (2 * 42.0 / 9).squareRoot()) < 1e-12)
        #expect(FactorMetrics.rankIC(scores: [1, 2, 3], alpha: [1, 2, 4]) == 1)
        // NaN pairs are dropped; the reversed order gives -1.
        #expect(FactorMetrics.rankIC(scores: [3, .nan, 2, 1], alpha: [1, 5, 2, 4]) == -1)
        // Too small a cross-section has no IC.
        #expect(FactorMetrics.rankIC(scores: [1, 2], alpha: [1, 2], minimumCrossSection: 3).isNaN)
    }

    @Test func maxDrawdownIsTheLargestFallFromAPeak() {
        // Peak 1.2 falls to 0.9 (25%) and later to 0.6 (50%).
        #expect(abs(FactorMetrics.maxDrawdown([1, 1.2, 0.9, 1.1, 0.6, 1.3]) - 0.5) < 1e-12)
        #expect(FactorMetrics.maxDrawdown([1, 1.1, 1.2]) == 0)
    }

    @Test func turnoverIsHalfTheSummedWeightChanges() {
        #expect(FactorMetrics.turnover(from: ["a": 0.5, "b": 0.5], to: ["b": 0.5, "c": 0.5]) == 0.5)
        #expect(FactorMetrics.turnover(from: [String: Double](), to: ["a": 1]) == 0.5)
        #expect(FactorMetrics.turnover(from: ["a": 0.5, "b": 0.5], to: ["a": 0.5, "b": 0.5]) == 0)
    }

    @Test func tradeCostIsFeePlusSizeOverLiquidity() {
        // 10% of a $10,000 book = $1,000 into $50,000 of liquidity: 2% impact, plus 30 bps.
        let cost = FactorMetrics.tradeCost(weightChange: -0.1, capitalUSD: 10_000, liquidityUSD: 50_000, feeBps: 30)
        #expect(abs(cost - 0.1 * (0.003 + 0.02)) < 1e-15)
        // Unknown liquidity: the fee only; impact is capped at 100%.
        #expect(abs(FactorMetrics.tradeCost(weightChange: 0.5, capitalUSD: 10_000, liquidityUSD: .nan, feeBps: 30) - 0.0015) < 1e-15)
        #expect(FactorMetrics.tradeCost(weightChange: 1, capitalUSD: 10_000, liquidityUSD: 1, feeBps: 0) == 1)
    }

    @Test func quintilesFollowQcut() {
        // numpy quantiles of 1...10 at 0.2, 0.4, 0.6, 0.8: 2.8, 4.6, 6.4, 8.2.
        let scores: [Double] = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5]
        let buckets = FactorMetrics.quantileBuckets(scores, quantiles: 5)
        #expect(buckets == [5, 1, 5, 1, 4, 2, 4, 2, 3, 3])
        #expect(FactorMetrics.quantileBuckets([1, .nan, 2], quantiles: 2) == [1, nil, 2])
        // Mean alpha per quintile: alpha = score / 100.
        let means = FactorMetrics.quantileMeans(scores: scores, alpha: scores.map { $0 / 100 }, quantiles: 5)
        let expected = [0.015, 0.035, 0.055, 0.075, 0.095]
        #expect(zip(means, expected).allSatisfy { abs($0 - $1) < 1e-15 })
        // Over timestamps: a bucket empty at one timestamp does not count there.
        let overall = FactorMetrics.meanOverTimestamps([[0.1, 0.2], [0.3, .nan]], quantiles: 2)
        #expect(abs(overall[0] - 0.2) < 1e-15 && abs(overall[1] - 0.2) < 1e-15)
    }

    @Test func tiedScoresFallBackToRankBuckets() {
        // Edges repeat (qcut would refuse): average ranks 1.5, 1.5, 3, 4 over n = 4 into 2 buckets.
        #expect(FactorMetrics.quantileBuckets([1, 1, 2, 3], quantiles: 2) == [1, 1, 2, 2])
    }
}
