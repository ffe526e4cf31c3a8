/// What a boosted model minimises: it decides the gradients, the starting score and how a raw score
/// becomes a prediction.
public enum Objective: String, Sendable, Codable, CaseIterable {
    /// Binary log-loss on 0/1 labels; raw scores are log-odds.
    case binary
    /// Squared error on real labels; raw scores are the prediction.
    case regression

    /// The constant score boosting starts from (LightGBM's "boost from average").
    func initialScore(labels: [Float]) -> Double {
        guard !labels.isEmpty else { return 0 }
        let mean = labels.reduce(0.0) { $0 + Double($1) } / Double(labels.count)
        switch self {
        case .binary:
            let clamped = min(max(mean, 1e-15), 1 - 1e-15)
            return log(clamped / (1 - clamped))
        case .regression:
            return mean
        }
    }

    /// Rows per piece of work when rows are spread over threads. Fixed, so sums do not depend on threads.
    static let rowsPerPiece = 65_536

    /// First and second derivatives of the loss at `scores`, written into `gradients` and `hessians`.
    /// When `measuringLoss`, also returns the mean loss at `scores` (else 0), which costs one more
    /// logarithm per row here and a whole pass anywhere else.
    @discardableResult
    func gradients(scores: UnsafeBufferPointer<Double>, labels: UnsafeBufferPointer<Float>,
                   gradients: UnsafeMutableBufferPointer<Float>, hessians: UnsafeMutableBufferPointer<Float>,
                   measuringLoss: Bool = false, parallelism: Parallelism = .serial) -> Double {
        let count = scores.count
        guard count > 0 else { return 0 }
        let pieces = (count + Self.rowsPerPiece - 1) / Self.rowsPerPiece
        var totals = [Double](repeating: 0, count: pieces)
        totals.withUnsafeMutableBufferPointer { totals in
            parallelism.forEach(pieces) { piece in
                var total = 0.0
                let rows = (piece * Self.rowsPerPiece)..<min(count, (piece + 1) * Self.rowsPerPiece)
                switch self {
                case .binary:
                    for row in rows {
                        let score = scores[row], positive = labels[row] > 0.5
                        // e^-|s| never overflows; p and the log-loss both follow from it.
                        let small = exp(-Swift.abs(score))
                        let probability = score >= 0 ? 1 / (1 + small) : small / (1 + small)
                        gradients[row] = Float(probability - Double(labels[row]))
                        hessians[row] = Float(max(probability * (1 - probability), 1e-16))
                        if measuringLoss {
                            total += Self.logLoss(score: score, positive: positive, expNegativeAbs: small)
                        }
                    }
                case .regression:
                    for row in rows {
                        let error = scores[row] - Double(labels[row])
                        gradients[row] = Float(error)
                        hessians[row] = 1
                        total += error * error
                    }
                }
                totals[piece] = total
            }
        }
        return totals.reduce(0, +) / Double(count)
    }

    /// Log-loss of one row: log(1 + e^-s) for a positive label, log(1 + e^s) for a negative one, from
    /// e^-|s| (which never overflows), the one formula both the gradient pass and `loss` use.
    @inline(__always)
    static func logLoss(score: Double, positive: Bool, expNegativeAbs: Double) -> Double {
        log1p(expNegativeAbs) + Swift.max(positive ? -score : score, 0)
    }

    /// The loss early stopping watches: mean log-loss, or mean squared error. Summed in fixed pieces
    /// whose totals are added in order, so the value is the same for any thread count.
    func loss(scores: [Double], labels: [Float], parallelism: Parallelism = .serial) -> Double {
        guard !scores.isEmpty else { return 0 }
        let count = scores.count
        let pieces = (count + Self.rowsPerPiece - 1) / Self.rowsPerPiece
        var totals = [Double](repeating: 0, count: pieces)
        scores.withUnsafeBufferPointer { scores in
            labels.withUnsafeBufferPointer { labels in
                totals.withUnsafeMutableBufferPointer { totals in
                    parallelism.forEach(pieces) { piece in
                        var total = 0.0
                        for row in (piece * Self.rowsPerPiece)..<min(count, (piece + 1) * Self.rowsPerPiece) {
                            let score = scores[row], label = labels[row]
                            switch self {
                            case .binary:
                                total += Self.logLoss(score: score, positive: label > 0.5, expNegativeAbs: exp(-Swift.abs(score)))
                            case .regression:
                                let error = score - Double(label)
                                total += error * error
                            }
                        }
                        totals[piece] = total
                    }
                }
            }
        }
        return totals.reduce(0, +) / Double(count)
    }

    /// The prediction for a raw score: a probability for `binary`, the score itself for `regression`.
    public func transform(_ raw: Double) -> Double {
        switch self {
        case .binary: 1 / (1 + exp(-raw))
        case .regression: raw
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
