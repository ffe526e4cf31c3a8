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

    /// First and second derivatives of the loss at `scores`, written into `gradients` and `hessians`.
    func gradients(scores: UnsafeBufferPointer<Double>, labels: UnsafeBufferPointer<Float>,
                   gradients: UnsafeMutableBufferPointer<Float>, hessians: UnsafeMutableBufferPointer<Float>) {
        switch self {
        case .binary:
            for row in 0..<scores.count {
                let probability = 1 / (1 + exp(-scores[row]))
                gradients[row] = Float(probability - Double(labels[row]))
                hessians[row] = Float(max(probability * (1 - probability), 1e-16))
            }
        case .regression:
            for row in 0..<scores.count {
                gradients[row] = Float(scores[row] - Double(labels[row]))
                hessians[row] = 1
            }
        }
    }

    /// The loss early stopping watches: mean log-loss, or mean squared error.
    func loss(scores: [Double], labels: [Float]) -> Double {
        guard !scores.isEmpty else { return 0 }
        var total = 0.0
        switch self {
        case .binary:
            for (score, label) in zip(scores, labels) {
                // log(1 + e^-s) for y = 1, log(1 + e^s) for y = 0, computed without overflow.
                let signed = label > 0.5 ? -score : score
                total += signed > 0 ? signed + log1p(exp(-signed)) : log1p(exp(signed))
            }
        case .regression:
            for (score, label) in zip(scores, labels) {
                let error = score - Double(label)
                total += error * error
            }
        }
        return total / Double(scores.count)
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
