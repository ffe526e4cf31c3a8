#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The numbers a model is judged by: ranking quality (AUC), probability quality (log loss, Brier)
/// and information coefficients (Pearson IC, Spearman rank IC).
///
/// Every function takes scores or probabilities as `[Double]`. Classification metrics take labels as
/// `[Float]`, the type `LabeledMatrix.labels` has, and each label must be exactly 0 or 1. Arrays of
/// different lengths, labels other than 0/1 and probabilities outside [0, 1] throw; a metric that the
/// data leave undefined (one class absent, a constant side, no rows) is NaN, so that one empty fold
/// or cross-section reads as missing instead of stopping an evaluation. Each definition follows
/// scikit-learn / scipy, and the peer tests hold them to it.
public enum Metrics {
    /// The bound log loss clips probabilities to, `[logLossClip, 1 - logLossClip]`: the machine epsilon
    /// of Double, as scikit-learn ≥ 1.5 does (`np.finfo(float64).eps`; older versions used 1e-15). A
    /// confident miss costs -log(2.2e-16) ≈ 36 instead of infinity.
    public static let logLossClip: Double = .ulpOfOne

    /// ROC AUC: the probability that a random positive scores above a random negative, a tie counting
    /// one half (the Mann-Whitney U over n⁺·n⁻).
    ///
    /// Sorts once (O(n log n)) and walks the groups of tied scores, counting in integers, so the one
    /// rounding is the final division: the result is the correctly rounded AUC for up to ~9·10⁷ rows.
    /// NaN when one class is absent. Throws for mismatched lengths, labels other than 0/1, or a NaN
    /// score (a NaN has no place in a ranking).
    public static func auc(scores: [Double], labels: [Float]) throws(ScoringError) -> Double {
        try requireSameCount(scores.count, labels.count, "scores", "labels")
        try requireBinary(labels)
        if let row = scores.firstIndex(where: \.isNaN) {
            throw .invalidParameter(name: "scores", value: "nan", reason: "row \(row) has no score to rank")
        }
        var rows = [(score: Double, positive: Bool)]()
        rows.reserveCapacity(scores.count)
        for (score, label) in zip(scores, labels) { rows.append((score, label == 1)) }
        rows.sort { $0.score < $1.score }

        var positives = 0, negatives = 0
        // Twice U: each positive scores above every negative below its group and ties half of its own
        // group's negatives; doubling keeps the halves integral.
        var twiceU = 0
        var start = 0
        while start < rows.count {
            var end = start
            var groupPositives = 0, groupNegatives = 0
            while end < rows.count, rows[end].score == rows[start].score {
                if rows[end].positive { groupPositives += 1 } else { groupNegatives += 1 }
                end += 1
            }
            twiceU += groupPositives * (2 * negatives + groupNegatives)
            positives += groupPositives
            negatives += groupNegatives
            start = end
        }
        guard positives > 0, negatives > 0 else { return .nan }
        return Double(twiceU) / (2 * Double(positives) * Double(negatives))
    }

    /// Mean negative log-likelihood of the labels under the probabilities, with each probability
    /// clipped to `[logLossClip, 1 - logLossClip]` so one confident miss is costly but finite.
    ///
    /// The evaluation metric for calibrated scores: unlike AUC it punishes overconfidence. Throws
    /// for mismatched lengths, labels other than 0/1, or probabilities outside [0, 1] (NaN included).
    public static func logLoss(probabilities: [Double], labels: [Float]) throws(ScoringError) -> Double {
        try requireSameCount(probabilities.count, labels.count, "probabilities", "labels")
        try requireBinary(labels)
        try requireProbabilities(probabilities)
        guard !probabilities.isEmpty else { return .nan }
        var total = CompensatedSum()
        for (probability, label) in zip(probabilities, labels) {
            let clipped = min(max(probability, logLossClip), 1 - logLossClip)
            total.add(label == 1 ? -log(clipped) : -log1p(-clipped))
        }
        return total.value / Double(probabilities.count)
    }

    /// The Brier score: mean squared difference between probability and label (scikit-learn's binary
    /// `brier_score_loss`, in [0, 1]).
    ///
    /// A proper score that, unlike log loss, stays bounded for confident misses. Throws for mismatched
    /// lengths, labels other than 0/1, or probabilities outside [0, 1] (NaN included).
    public static func brier(probabilities: [Double], labels: [Float]) throws(ScoringError) -> Double {
        try requireSameCount(probabilities.count, labels.count, "probabilities", "labels")
        try requireBinary(labels)
        try requireProbabilities(probabilities)
        guard !probabilities.isEmpty else { return .nan }
        var total = CompensatedSum()
        for (probability, label) in zip(probabilities, labels) {
            let miss = Double(label) - probability
            total.add(miss * miss)
        }
        return total.value / Double(probabilities.count)
    }

    /// The Pearson correlation of two series: the information coefficient (IC) of scores against
    /// forward returns.
    ///
    /// Two passes in Double (the means first, then centred products) so that large common offsets,
    /// such as prices, do not cancel digits away. NaN when either side is constant (as scipy's
    /// `pearsonr`), has fewer than two values, or holds a NaN. Throws for mismatched lengths.
    public static func pearson(_ x: [Double], _ y: [Double]) throws(ScoringError) -> Double {
        try requireSameCount(x.count, y.count, "x", "y")
        guard x.count >= 2, !isConstant(x), !isConstant(y) else { return .nan }
        let meanX = mean(x), meanY = mean(y)
        var sxx = CompensatedSum(), syy = CompensatedSum(), sxy = CompensatedSum()
        for (xi, yi) in zip(x, y) {
            let dx = xi - meanX, dy = yi - meanY
            sxx.add(dx * dx)
            syy.add(dy * dy)
            sxy.add(dx * dy)
        }
        // One square root of the product rounds once, so exact cases (a linear relation, small
        // integers) come out exact; the product of two roots is the fallback where it would overflow.
        let product = sxx.value * syy.value
        let r = product.isFinite && product > 0
            ? sxy.value / product.squareRoot()
            : sxy.value / (sxx.value.squareRoot() * syy.value.squareRoot())
        // Rounding can carry a perfect correlation a hair past ±1; the statistic cannot be.
        return r.isNaN ? r : min(max(r, -1), 1)
    }

    /// The Spearman rank correlation: Pearson over the average ranks of each side (`ranks(_:)`), as
    /// scipy's `spearmanr`. The rank IC, robust to the heavy tails of token returns.
    ///
    /// NaN when either side is constant, has fewer than two values, or holds a NaN (scipy's default
    /// `nan_policy='propagate'`; drop missing pairs first to rank only the observed ones). Throws for
    /// mismatched lengths.
    public static func spearman(_ x: [Double], _ y: [Double]) throws(ScoringError) -> Double {
        try requireSameCount(x.count, y.count, "x", "y")
        guard !x.contains(where: \.isNaN), !y.contains(where: \.isNaN) else { return .nan }
        return try pearson(ranks(x), ranks(y))
    }

    /// Ranks from 1 (smallest) to n, tied values sharing the average of the ranks they span (scipy's
    /// `rankdata(method='average')`): `[10, 20, 20, 30]` ranks `[1, 2.5, 2.5, 4]`.
    ///
    /// Cross-sectional scoring ranks one time slice's tokens at a time, and a token missing a value
    /// must not take a rank: a NaN gets rank NaN and the other values are ranked among themselves
    /// (pandas' `rank(na_option='keep')`; scipy would make every rank NaN).
    public static func ranks(_ values: [Double]) -> [Double] {
        var order = values.indices.filter { !values[$0].isNaN }
        order.sort { values[$0] < values[$1] }
        var result = [Double](repeating: .nan, count: values.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, values[order[end]] == values[order[start]] { end += 1 }
            // Positions start..<end hold ranks start+1 ... end; their mean is exact in Double.
            let rank = Double(start + 1 + end) / 2
            for position in start..<end { result[order[position]] = rank }
            start = end
        }
        return result
    }

    // MARK: - Shared checks and arithmetic

    static func requireSameCount(_ left: Int, _ right: Int, _ leftName: String, _ rightName: String) throws(ScoringError) {
        guard left == right else { throw .shapeMismatch("\(left) \(leftName) for \(right) \(rightName)") }
    }

    /// Classification labels are 0 or 1; anything else (a return, a NaN) is a wiring mistake upstream.
    static func requireBinary(_ labels: [Float]) throws(ScoringError) {
        if let row = labels.firstIndex(where: { $0 != 0 && $0 != 1 }) {
            throw .invalidParameter(name: "labels", value: "\(labels[row])", reason: "row \(row): a classification label is 0 or 1")
        }
    }

    private static func requireProbabilities(_ probabilities: [Double]) throws(ScoringError) {
        // Written so that NaN fails too.
        if let row = probabilities.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) {
            throw .invalidParameter(name: "probabilities", value: "\(probabilities[row])", reason: "row \(row): a probability is in [0, 1]")
        }
    }

    private static func isConstant(_ values: [Double]) -> Bool {
        guard let first = values.first else { return true }
        return values.allSatisfy { $0 == first }
    }

    /// The mean, refined by a second pass over the residuals, which recovers most of the first pass's
    /// rounding error.
    static func mean(_ values: [Double]) -> Double {
        var total = CompensatedSum()
        for value in values { total.add(value) }
        let first = total.value / Double(values.count)
        var residual = CompensatedSum()
        for value in values { residual.add(value - first) }
        return first + residual.value / Double(values.count)
    }

    /// Neumaier's compensated sum: the error stays near one rounding however many terms are added,
    /// so a metric over a million rows is as exact as one over ten.
    struct CompensatedSum {
        private var sum = 0.0
        private var compensation = 0.0

        var value: Double { sum + compensation }

        mutating func add(_ term: Double) {
            let next = sum + term
            if abs(sum) >= abs(term) {
                compensation += (sum - next) + term
            } else {
                compensation += (term - next) + sum
            }
            sum = next
        }
    }
}
