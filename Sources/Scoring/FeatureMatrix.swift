/// A matrix of features: Float32 values stored column by column, NaN for a missing value, with a
/// name per feature.
///
/// Column-major because training walks one feature at a time (binning, histograms); rows are read
/// only when predicting, through `row(_:)` or a gather into a small buffer.
public struct FeatureMatrix: Sendable, Equatable {
    public let featureNames: [String]
    public let rowCount: Int
    /// `values[feature * rowCount + row]`.
    public let values: [Float]

    public var featureCount: Int { featureNames.count }

    public init(featureNames: [String], rowCount: Int, columnMajor values: [Float]) throws(ScoringError) {
        guard values.count == featureNames.count * rowCount else {
            throw .shapeMismatch("\(values.count) values for \(rowCount) rows x \(featureNames.count) features")
        }
        guard Set(featureNames).count == featureNames.count else {
            throw .shapeMismatch("feature names repeat: \(featureNames.joined(separator: ", "))")
        }
        self.featureNames = featureNames
        self.rowCount = rowCount
        self.values = values
    }

    /// Builds a matrix from rows (each `featureNames.count` long).
    public init(featureNames: [String], rows: [[Float]]) throws(ScoringError) {
        let width = featureNames.count
        var values = [Float](repeating: .nan, count: width * rows.count)
        for (rowIndex, row) in rows.enumerated() {
            guard row.count == width else {
                throw .shapeMismatch("row \(rowIndex) has \(row.count) values, expected \(width)")
            }
            for feature in 0..<width { values[feature * rows.count + rowIndex] = row[feature] }
        }
        try self.init(featureNames: featureNames, rowCount: rows.count, columnMajor: values)
    }

    public subscript(row: Int, feature: Int) -> Float { values[feature * rowCount + row] }

    /// One feature's values, in row order.
    public func column(_ feature: Int) -> ArraySlice<Float> {
        values[(feature * rowCount)..<((feature + 1) * rowCount)]
    }

    /// One row's values, in feature order.
    public func row(_ row: Int) -> [Float] {
        (0..<featureCount).map { values[$0 * rowCount + row] }
    }

    /// Throws unless `names` are this matrix's features in the same order.
    public func requireFeatures(_ names: [String]) throws(ScoringError) {
        guard names == featureNames else { throw .featureMismatch(expected: names, found: featureNames) }
    }
}

/// A feature matrix with a label per row: what training and evaluation read.
public struct LabeledMatrix: Sendable, Equatable {
    public let features: FeatureMatrix
    /// One label per row (0 or 1 for classification, any value for regression).
    public let labels: [Float]
    /// The label column's name in the source.
    public let labelName: String

    public init(features: FeatureMatrix, labels: [Float], labelName: String = "label") throws(ScoringError) {
        guard labels.count == features.rowCount else {
            throw .shapeMismatch("\(labels.count) labels for \(features.rowCount) rows")
        }
        self.features = features
        self.labels = labels
        self.labelName = labelName
    }
}
