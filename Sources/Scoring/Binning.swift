/// How one feature's values map to at most 255 numeric bins plus a bin of its own for missing values.
///
/// Bin `b` holds the values `v` with `upperBounds[b - 1] < v <= upperBounds[b]`; the last bound is
/// +infinity. Bounds sit halfway between neighbouring sample values, so a split between two bins is
/// a threshold a predictor can apply to raw values.
public struct FeatureBins: Sendable, Codable, Equatable {
    /// Ascending upper bounds of the numeric bins; the last is +infinity.
    public let upperBounds: [Float]

    public init(upperBounds: [Float]) { self.upperBounds = upperBounds }

    /// Numeric bins plus the missing bin.
    public var binCount: Int { upperBounds.count + 1 }

    /// Where NaN goes: the bin after the numeric ones.
    public var missingBin: UInt8 { UInt8(upperBounds.count) }

    /// The bin of `value`: the first bound at or above it, by binary search.
    @inline(__always)
    public func bin(of value: Float) -> UInt8 {
        if value.isNaN { return missingBin }
        return upperBounds.withUnsafeBufferPointer { Self.firstBound(atLeast: value, in: $0) }
    }

    /// The index of the first bound >= `value` (the last bound is +infinity, so there always is one).
    @inline(__always)
    static func firstBound(atLeast value: Float, in bounds: UnsafeBufferPointer<Float>) -> UInt8 {
        var low = 0
        var high = bounds.count - 1
        while low < high {
            let middle = (low + high) >> 1
            if value <= bounds[middle] { high = middle } else { low = middle + 1 }
        }
        return UInt8(truncatingIfNeeded: low)
    }

    /// The largest raw value of bin `bin` (its upper bound): the threshold of a split after it.
    public func threshold(after bin: Int) -> Float { upperBounds[bin] }
}

/// Settings for turning raw features into bins.
public struct BinningParameters: Sendable, Codable, Equatable {
    /// Numeric bins per feature, 2...255 (the missing bin comes on top).
    public var maxBins: Int
    /// Rows sampled to find the bin bounds; more rows than this are subsampled.
    public var sampleSize: Int
    /// Seeds the subsample, so the same data always gets the same bins.
    public var seed: UInt64

    public init(maxBins: Int = 255, sampleSize: Int = 200_000, seed: UInt64 = 1) {
        self.maxBins = maxBins
        self.sampleSize = sampleSize
        self.seed = seed
    }

    func validate() throws(ScoringError) {
        guard (2...255).contains(maxBins) else {
            throw .invalidParameter(name: "maxBins", value: String(maxBins), reason: "must be between 2 and 255 (bins are stored as UInt8)")
        }
        guard sampleSize >= 1 else {
            throw .invalidParameter(name: "sampleSize", value: String(sampleSize), reason: "must be at least 1")
        }
    }
}

/// The bins of every feature of a training set: fitted once, then applied to any matrix with the
/// same features (training, validation, and the model file, which keeps the thresholds).
public struct BinMapper: Sendable, Codable, Equatable {
    public let featureNames: [String]
    public let features: [FeatureBins]

    public init(featureNames: [String], features: [FeatureBins]) {
        self.featureNames = featureNames
        self.features = features
    }

    /// Finds per-feature quantile bounds from (a sample of) `matrix`.
    public static func fit(_ matrix: FeatureMatrix, parameters: BinningParameters = .init(),
                           parallelism: Parallelism = .allCores) throws(ScoringError) -> BinMapper {
        try parameters.validate()
        let sample = sampleRows(count: matrix.rowCount, size: parameters.sampleSize, seed: parameters.seed)
        var features = [FeatureBins](repeating: FeatureBins(upperBounds: [.infinity]), count: matrix.featureCount)
        matrix.values.withUnsafeBufferPointer { values in
            features.withUnsafeMutableBufferPointer { features in
                parallelism.forEach(matrix.featureCount) { feature in
                    let column = values.baseAddress! + feature * matrix.rowCount
                    var sampled: [Float] = []
                    sampled.reserveCapacity(sample.count)
                    for row in sample where !column[row].isNaN { sampled.append(column[row]) }
                    features[feature] = bounds(sampled, maxBins: parameters.maxBins)
                }
            }
        }
        return BinMapper(featureNames: matrix.featureNames, features: features)
    }

    /// Maps every value of `matrix` to its bin.
    public func transform(_ matrix: FeatureMatrix, parallelism: Parallelism = .allCores) throws(ScoringError) -> BinnedMatrix {
        try matrix.requireFeatures(featureNames)
        let rows = matrix.rowCount
        var bins = [UInt8](repeating: 0, count: rows * matrix.featureCount)
        matrix.values.withUnsafeBufferPointer { values in
            bins.withUnsafeMutableBufferPointer { bins in
                parallelism.forEach(matrix.featureCount) { feature in
                    let mapping = features[feature]
                    let source = values.baseAddress! + feature * rows
                    let target = bins.baseAddress! + feature * rows
                    let missing = mapping.missingBin
                    // Bounds padded with +infinity to 256, so every lookup is the same eight branch-free
                    // steps: random values would mispredict about half of a binary search's branches.
                    var padded = [Float](repeating: .infinity, count: 256)
                    for (index, bound) in mapping.upperBounds.enumerated() { padded[index] = bound }
                    padded.withUnsafeBufferPointer { bounds in
                        let bounds = bounds.baseAddress!
                        for row in 0..<rows {
                            let value = source[row]
                            var index = 0
                            var step = 128
                            while step > 0 {
                                index &+= bounds[index &+ step &- 1] < value ? step : 0
                                step &>>= 1
                            }
                            target[row] = value.isNaN ? missing : UInt8(truncatingIfNeeded: index)
                        }
                    }
                }
            }
        }
        return BinnedMatrix(rowCount: rows, binCounts: features.map(\.binCount), bins: bins)
    }

    /// Bounds for one feature from its sampled non-missing values.
    ///
    /// Few distinct values get a bin each. Otherwise bins are cut greedily at quantiles: walking the
    /// distinct values in order, a bin closes once it holds its share of the remaining rows, so a
    /// value heavier than a share gets a bin of its own and the rest are spread evenly.
    static func bounds(_ values: [Float], maxBins: Int) -> FeatureBins {
        guard !values.isEmpty else { return FeatureBins(upperBounds: [.infinity]) }
        let sorted = radixSorted(values)
        var distinct: [Float] = []
        var counts: [Int] = []
        for value in sorted {
            if let last = distinct.last, last == value {
                counts[counts.count - 1] += 1
            } else {
                distinct.append(value)
                counts.append(1)
            }
        }
        var upperBounds: [Float] = []
        if distinct.count <= maxBins {
            for index in 0..<(distinct.count - 1) { upperBounds.append(midpoint(distinct[index], distinct[index + 1])) }
        } else {
            var remainingRows = sorted.count
            var remainingBins = maxBins
            var inBin = 0
            for index in 0..<(distinct.count - 1) where remainingBins > 1 {
                inBin += counts[index]
                let share = Double(remainingRows) / Double(remainingBins)
                // Close the bin once it has its share, or now if taking the next value in would leave
                // it further from its share than it is.
                let shortfall = share - Double(inBin)
                let overshoot = Double(inBin + counts[index + 1]) - share
                if shortfall <= 0 || overshoot > shortfall {
                    upperBounds.append(midpoint(distinct[index], distinct[index + 1]))
                    remainingRows -= inBin
                    remainingBins -= 1
                    inBin = 0
                }
            }
        }
        upperBounds.append(.infinity)
        return FeatureBins(upperBounds: upperBounds)
    }

    /// `values` (no NaN) in ascending order, by an LSD radix sort on their bits: the sample of every
    /// feature is sorted, and a comparison sort of 200k floats per feature took a sixth of training.
    static func radixSorted(_ values: [Float]) -> [Float] {
        // Flip the bits so that unsigned order is float order: negatives reversed, positives above them.
        var keys = values.map { value -> UInt32 in
            let bits = (value == 0 ? 0 : value).bitPattern  // -0 sorts with +0
            return bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
        }
        var scratch = [UInt32](repeating: 0, count: keys.count)
        keys.withUnsafeMutableBufferPointer { keys in
            scratch.withUnsafeMutableBufferPointer { scratch in
                var source = keys, target = scratch
                for shift in stride(from: 0, to: 32, by: 8) {
                    var counts = [Int](repeating: 0, count: 257)
                    for key in source { counts[Int((key >> UInt32(shift)) & 0xFF) + 1] += 1 }
                    for digit in 1...256 { counts[digit] += counts[digit - 1] }
                    for key in source {
                        let digit = Int((key >> UInt32(shift)) & 0xFF)
                        target[counts[digit]] = key
                        counts[digit] += 1
                    }
                    swap(&source, &target)
                }
                // Four passes: the sorted keys are back in `keys`.
            }
        }
        return keys.map { key in Float(bitPattern: key & 0x8000_0000 != 0 ? key & 0x7FFF_FFFF : ~key) }
    }

    /// A bound between `low` and `high` (low < high) that keeps `low` in the lower bin and `high` out.
    static func midpoint(_ low: Float, _ high: Float) -> Float {
        let middle = Float((Double(low) + Double(high)) / 2)
        return middle < high ? middle : low
    }

    /// Rows used to find bounds: all of them, or `size` of them chosen by a seeded shuffle, in order.
    static func sampleRows(count: Int, size: Int, seed: UInt64) -> [Int] {
        guard count > size else { return Array(0..<count) }
        var generator = SeededGenerator(seed: seed)
        // Floyd's algorithm: `size` distinct rows without materialising a permutation of all of them.
        var chosen = Set<Int>(minimumCapacity: size)
        for upper in (count - size)..<count {
            let candidate = Int(generator.next() % UInt64(upper + 1))
            chosen.insert(chosen.contains(candidate) ? upper : candidate)
        }
        return chosen.sorted()
    }
}

/// A matrix of bin indexes, column-major like `FeatureMatrix`: what histograms are built from.
public struct BinnedMatrix: Sendable, Equatable {
    public let rowCount: Int
    /// Bins per feature, the missing bin included.
    public let binCounts: [Int]
    /// `bins[feature * rowCount + row]`.
    public let bins: [UInt8]

    public var featureCount: Int { binCounts.count }

    public subscript(row: Int, feature: Int) -> UInt8 { bins[feature * rowCount + row] }
}

/// SplitMix64: a small, fast, seedable generator, so sampling and bagging repeat exactly for a seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
