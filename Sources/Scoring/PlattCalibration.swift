#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Platt scaling: turns a model's raw score `s` into a probability `1 / (1 + exp(a·s + b))`.
///
/// A GBDT margin or any other ranking score orders tokens well but is not a probability; a radar that
/// reports "73% chance of a breakout" needs one. The sign convention is Platt's, as in libsvm and
/// scikit-learn's `_sigmoid_calibration`: a useful score has a negative `a`.
public struct PlattCalibration: Sendable, Codable, Equatable {
    /// The slope on the raw score (negative when higher scores mean more positives).
    public var a: Double
    /// The offset.
    public var b: Double

    public init(a: Double, b: Double) {
        self.a = a
        self.b = b
    }

    /// The calibrated probability of the positive class for one raw score.
    public func probability(raw: Double) -> Double {
        Self.sigmoidOfNegative(a * raw + b)
    }

    /// The calibrated probabilities for a batch of raw scores, in order.
    public func probabilities(raw: [Double]) -> [Double] {
        raw.map { probability(raw: $0) }
    }

    /// Fits `a` and `b` by Platt's method: maximum likelihood against smoothed targets, (N⁺+1)/(N⁺+2)
    /// for a positive and 1/(N⁻+2) for a negative, so that separable data still give a finite slope.
    ///
    /// The solver is the one of Lin, Lin & Weng (2007), "A note on Platt's probabilistic outputs for
    /// support vector machines", as libsvm runs it: Newton's method on the 2x2 Hessian (plus 1e-12 on
    /// its diagonal), started from a = 0, b = log((N⁻+1)/(N⁺+1)), with an Armijo backtracking line
    /// search, and every log and exp evaluated on the side where it cannot overflow. Three departures,
    /// none of which moves the optimum: the scores are centred and scaled first (Newton's iterates do
    /// not depend on that, but the Hessian of scores such as 1000 ± 1 is otherwise nearly singular);
    /// it stops when a step moves the parameters by less than 1e-12 of their size instead of at
    /// libsvm's gradient below 1e-5, because Newton's quadratic convergence makes the last digits
    /// nearly free; and so that it can get there, a full step whose promised decrease is below 1e-9 of
    /// the loss is taken without the line search, which could not resolve such a decrease.
    ///
    /// Labels are 0 or 1. Throws for mismatched lengths, no rows, labels other than 0/1 or a
    /// non-finite raw score.
    public static func fit(rawScores: [Double], labels: [Float]) throws(ScoringError) -> PlattCalibration {
        try Metrics.requireSameCount(rawScores.count, labels.count, "raw scores", "labels")
        try Metrics.requireBinary(labels)
        guard !rawScores.isEmpty else {
            throw .invalidParameter(name: "rawScores", value: "[]", reason: "Platt calibration needs at least one row")
        }
        if let row = rawScores.firstIndex(where: { !$0.isFinite }) {
            throw .invalidParameter(name: "rawScores", value: "\(rawScores[row])", reason: "row \(row): a raw score is finite")
        }

        // Standardise: fit a'·z + b' with z = (s - centre) / scale, then a = a'/scale,
        // b = b' - a'·centre/scale.
        let centre = Metrics.mean(rawScores)
        var spread = Metrics.CompensatedSum()
        for score in rawScores { spread.add((score - centre) * (score - centre)) }
        var scale = (spread.value / Double(rawScores.count)).squareRoot()
        if !(scale > 0 && scale.isFinite) { scale = 1 }
        let z = rawScores.map { ($0 - centre) / scale }

        let positives = Double(labels.count(where: { $0 == 1 }))
        let negatives = Double(labels.count) - positives
        let highTarget = (positives + 1) / (positives + 2)
        let lowTarget = 1 / (negatives + 2)
        let targets = labels.map { $0 == 1 ? highTarget : lowTarget }

        let maxIterations = 100
        let minStep = 1e-10
        let sigma = 1e-12
        let armijo = 1e-4
        let convergedStep = 1e-12
        let flatDecrement = 1e-9

        var slope = 0.0
        var offset = log((negatives + 1) / (positives + 1))
        var loss = objective(slope: slope, offset: offset, z: z, targets: targets)
        for _ in 0..<maxIterations {
            var h11 = sigma, h22 = sigma, h21 = 0.0
            var g1 = Metrics.CompensatedSum(), g2 = Metrics.CompensatedSum()
            for (zi, target) in zip(z, targets) {
                let (p, q) = probabilityPair(slope * zi + offset)
                let curvature = p * q
                h11 += zi * zi * curvature
                h22 += curvature
                h21 += zi * curvature
                let residual = target - p
                g1.add(zi * residual)
                g2.add(residual)
            }
            let gradA = g1.value, gradB = g2.value
            if gradA == 0, gradB == 0 { break }
            let determinant = h11 * h22 - h21 * h21
            let stepA = -(h22 * gradA - h21 * gradB) / determinant
            let stepB = -(-h21 * gradA + h11 * gradB) / determinant
            let slopeOfStep = gradA * stepA + gradB * stepB

            // Within a whisker of the optimum the decrease a Newton step promises (half of -slopeOfStep) is
            // below the loss's own rounding, so Armijo's test cannot see it; there the full step is
            // taken on trust, as Newton's method converges quadratically that close.
            let flat = -slopeOfStep <= flatDecrement * max(1, abs(loss))
            var step = 1.0
            var accepted = false
            while step >= minStep {
                let nextSlope = slope + step * stepA, nextOffset = offset + step * stepB
                let nextLoss = objective(slope: nextSlope, offset: nextOffset, z: z, targets: targets)
                if nextLoss < loss + armijo * step * slopeOfStep || (step == 1 && flat) {
                    slope = nextSlope
                    offset = nextOffset
                    loss = nextLoss
                    accepted = true
                    break
                }
                step /= 2
            }
            // No decrease at any step length: libsvm reports this and keeps the last point.
            guard accepted else { break }
            let moved = max(abs(step * stepA) / max(1, abs(slope)), abs(step * stepB) / max(1, abs(offset)))
            if moved < convergedStep { break }
        }
        return PlattCalibration(a: slope / scale, b: offset - slope * centre / scale)
    }

    /// The negative log-likelihood of the smoothed targets, each term written so that exp never sees
    /// a positive argument.
    private static func objective(slope: Double, offset: Double, z: [Double], targets: [Double]) -> Double {
        var total = Metrics.CompensatedSum()
        for (zi, target) in zip(z, targets) {
            let margin = slope * zi + offset
            total.add(margin >= 0
                ? target * margin + log1p(exp(-margin))
                : (target - 1) * margin + log1p(exp(margin)))
        }
        return total.value
    }

    /// `(p, 1 - p)` with `p = 1 / (1 + exp(margin))`, each computed without cancellation.
    private static func probabilityPair(_ margin: Double) -> (Double, Double) {
        if margin >= 0 {
            let e = exp(-margin)
            return (e / (1 + e), 1 / (1 + e))
        }
        let e = exp(margin)
        return (1 / (1 + e), e / (1 + e))
    }

    private static func sigmoidOfNegative(_ margin: Double) -> Double {
        probabilityPair(margin).0
    }
}
