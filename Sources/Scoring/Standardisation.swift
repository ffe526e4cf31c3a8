/// Per-feature centring and scaling learnt from training data and stored with a model, so that
/// scoring applies exactly the transformation training saw and coefficients are comparable across
/// features (which is what makes coefficient x standardised value a fair explanation).
///
/// A missing value (NaN) is ignored when fitting and becomes 0 when standardising: it is imputed
/// with the training mean, so a missing feature neither raises nor lowers a score. A feature with
/// no spread (constant, or entirely missing) gets scale 1 so it standardises to 0 rather than to a
/// division by zero.
public struct Standardisation: Sendable, Codable, Equatable {
    /// Training mean of each feature, over its non-missing values (0 for a feature with none).
    public let means: [Double]
    /// Population standard deviation of each feature (1 where it is zero or undefined).
    public let scales: [Double]

    /// How many features this standardises.
    public var featureCount: Int { means.count }

    /// A standardisation with known parameters (a model file, a test); scales must be positive.
    public init(means: [Double], scales: [Double]) throws(ScoringError) {
        guard means.count == scales.count else {
            throw .shapeMismatch("\(means.count) means for \(scales.count) scales")
        }
        for (feature, mean) in means.enumerated() where !mean.isFinite {
            throw .invalidParameter(name: "means[\(feature)]", value: "\(mean)", reason: "a mean must be finite")
        }
        for (feature, scale) in scales.enumerated() where !(scale.isFinite && scale > 0) {
            throw .invalidParameter(name: "scales[\(feature)]", value: "\(scale)", reason: "a scale must be finite and positive")
        }
        self.means = means
        self.scales = scales
    }

    /// Learns each feature's mean and population standard deviation, ignoring missing values.
    ///
    /// Two passes in Double (mean, then squared deviations) rather than a running sum of squares,
    /// which loses everything to cancellation when a feature's mean dwarfs its spread.
    /// Infinite values are refused: they would make the mean, and so every score, meaningless.
    public init(fitting matrix: FeatureMatrix) throws(ScoringError) {
        var means = [Double](repeating: 0, count: matrix.featureCount)
        var scales = [Double](repeating: 1, count: matrix.featureCount)
        let rowCount = matrix.rowCount
        var infinite: (feature: Int, row: Int, value: Float)?
        matrix.values.withUnsafeBufferPointer { values in
            for feature in 0..<matrix.featureCount where infinite == nil {
                let column = UnsafeBufferPointer(rebasing: values[(feature * rowCount)..<((feature + 1) * rowCount)])
                var sum = 0.0
                var present = 0
                for row in 0..<column.count {
                    let value = column[row]
                    if value.isNaN { continue }
                    if value.isInfinite { infinite = (feature, row, value); break }
                    sum += Double(value)
                    present += 1
                }
                guard infinite == nil, present > 0 else { continue }
                let mean = sum / Double(present)
                var squares = 0.0
                for value in column where !value.isNaN {
                    let deviation = Double(value) - mean
                    squares += deviation * deviation
                }
                let deviation = (squares / Double(present)).squareRoot()
                means[feature] = mean
                // Summing Float32 values in Double is exact for a constant column, so its deviation
                // is exactly 0; the relative floor only guards against rounding noise becoming a scale.
                scales[feature] = deviation > 1e-12 * Swift.abs(mean) && deviation.isFinite ? deviation : 1
            }
        }
        if let infinite {
            throw .invalidParameter(
                name: matrix.featureNames[infinite.feature], value: "\(infinite.value)",
                reason: "row \(infinite.row) is infinite; write a missing value as NaN")
        }
        self.means = means
        self.scales = scales
    }

    /// Writes rows `rows` of `matrix` standardised into `output`, column-major with leading
    /// dimension `rows.count` (the layout `cblas_dgemv` reads), missing values as 0.
    ///
    /// Works on a block of rows so that scoring a large matrix needs only a bounded Double buffer.
    public func standardise(
        _ matrix: FeatureMatrix, rows: Range<Int>, into output: UnsafeMutableBufferPointer<Double>
    ) throws(ScoringError) {
        guard matrix.featureCount == featureCount else {
            throw .shapeMismatch("\(matrix.featureCount) features for a standardisation of \(featureCount)")
        }
        guard rows.lowerBound >= 0, rows.upperBound <= matrix.rowCount else {
            throw .shapeMismatch("rows \(rows) of a matrix with \(matrix.rowCount) rows")
        }
        let blockRows = rows.count
        guard output.count >= blockRows * featureCount else {
            throw .shapeMismatch("a buffer of \(output.count) for \(blockRows) rows x \(featureCount) features")
        }
        let rowCount = matrix.rowCount
        matrix.values.withUnsafeBufferPointer { values in
            for feature in 0..<featureCount {
                let mean = means[feature]
                // Multiplying by the reciprocal would differ from dividing in the last bit; dividing
                // keeps the values identical to what the peer test writes and reads back.
                let scale = scales[feature]
                let source = feature * rowCount + rows.lowerBound
                let target = feature * blockRows
                for offset in 0..<blockRows {
                    let value = values[source + offset]
                    output[target + offset] = value.isNaN ? 0 : (Double(value) - mean) / scale
                }
            }
        }
    }

    /// The whole matrix standardised, column-major (`values[feature * rowCount + row]`), missing as 0.
    public func standardisedColumnMajor(_ matrix: FeatureMatrix) throws(ScoringError) -> [Double] {
        let count = matrix.rowCount * matrix.featureCount
        var failure: ScoringError?
        let result = [Double](unsafeUninitializedCapacity: count) { buffer, initialised in
            do throws(ScoringError) {
                try standardise(matrix, rows: 0..<matrix.rowCount, into: buffer)
                initialised = count
            } catch {
                // Leave the buffer fully initialised so the array is valid even on failure.
                buffer.initialize(repeating: 0)
                initialised = count
                failure = error
            }
        }
        if let failure { throw failure }
        return result
    }

    /// One row standardised, in feature order, missing values as 0.
    public func standardise(row: [Float]) throws(ScoringError) -> [Double] {
        guard row.count == featureCount else {
            throw .shapeMismatch("a row of \(row.count) values for \(featureCount) features")
        }
        var result = [Double](repeating: 0, count: featureCount)
        for feature in 0..<featureCount where !row[feature].isNaN {
            result[feature] = (Double(row[feature]) - means[feature]) / scales[feature]
        }
        return result
    }

    private enum CodingKeys: String, CodingKey { case means, scales }

    /// Decodes through the validating initialiser, so a damaged model file cannot smuggle in a
    /// zero scale or mismatched lengths.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let means = try container.decode([Double].self, forKey: .means)
        let scales = try container.decode([Double].self, forKey: .scales)
        do {
            try self.init(means: means, scales: scales)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }
}
