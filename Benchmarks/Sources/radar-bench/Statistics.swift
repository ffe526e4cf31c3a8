/// The summary a benchmark reports: on a shared machine single runs are noisy, so every number quoted
/// is the median of several repetitions, with the spread shown beside it.
struct Summary: Sendable {
    let samples: [Double]

    init(_ samples: [Double]) {
        precondition(!samples.isEmpty, "a summary needs at least one sample")
        self.samples = samples.sorted()
    }

    var median: Double {
        let middle = samples.count / 2
        return samples.count % 2 == 1 ? samples[middle] : (samples[middle - 1] + samples[middle]) / 2
    }

    var min: Double { samples[0] }
    var max: Double { samples[samples.count - 1] }
}

extension Duration {
    /// The duration in seconds as a Double, for arithmetic on timings.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}

/// Times `body` with the monotonic clock, in seconds.
func measureSeconds<T>(_ body: () throws -> T) rethrows -> (seconds: Double, value: T) {
    let clock = ContinuousClock()
    let start = clock.now
    let value = try body()
    return ((clock.now - start).seconds, value)
}
