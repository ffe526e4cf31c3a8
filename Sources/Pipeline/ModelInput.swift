import Features
import Scoring

/// The matrix the models read: each feature's percentile rank within its timestamp's cross-section.
///
/// Token features are heavy-tailed and drift with the market (volumes, reach, liquidity); ranks within
/// a timestamp are stable across regimes, bounded for the logistic model, and make a driver readable
/// ("mentions_24h high"). Missing values stay missing (GBDT routes them; logistic imputes the mean).
public enum ModelInput {
    /// The suffix of a ranked column's name.
    public static let rankSuffix = "_rank"

    /// The feature's name without the rank suffix, for people.
    public static func displayName(_ column: String) -> String {
        column.hasSuffix(rankSuffix) ? String(column.dropLast(rankSuffix.count)) : column
    }

    /// A column-major matrix of `rows` of an already ranked frame.
    public static func matrix(_ ranked: FeatureFrame, rows: [Int]) throws(ScoringError) -> FeatureMatrix {
        let width = ranked.columnCount
        var values = [Float](repeating: .nan, count: width * rows.count)
        for (position, row) in rows.enumerated() {
            let base = row * width
            for column in 0..<width { values[column * rows.count + position] = ranked.values[base + column] }
        }
        return try FeatureMatrix(featureNames: ranked.names, rowCount: rows.count, columnMajor: values)
    }
}
