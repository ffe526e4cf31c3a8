import RadarCore

/// Feature rows for a set of (timestamp, token) keys: a row-major Float matrix with NaN for missing
/// values, the feature set's names as columns, rows ordered by timestamp then token.
public struct FeatureFrame: Sendable {
    /// The feature set the columns come from (`name@version`).
    public var featureSetID: String
    /// Column names, in order.
    public var names: [String]
    /// The timestamp of each row.
    public var timestamps: [Timestamp]
    /// The token of each row.
    public var tokens: [TokenID]
    /// `rowCount x names.count` values, row-major.
    public var values: [Float]

    public init(featureSetID: String, names: [String], timestamps: [Timestamp] = [], tokens: [TokenID] = [], values: [Float] = []) {
        precondition(timestamps.count == tokens.count && values.count == tokens.count * names.count, "frame shape mismatch")
        self.featureSetID = featureSetID
        self.names = names
        self.timestamps = timestamps
        self.tokens = tokens
        self.values = values
    }

    public var rowCount: Int { tokens.count }
    public var columnCount: Int { names.count }

    /// The values of row `row`.
    public func row(_ row: Int) -> ArraySlice<Float> { values[(row * columnCount)..<((row + 1) * columnCount)] }

    /// The value at (`row`, `column`).
    public subscript(row: Int, column: Int) -> Float { values[row * columnCount + column] }

    /// The values of the column named `name`, nil when the frame has none.
    public func column(_ name: String) -> [Float]? {
        guard let column = names.firstIndex(of: name) else { return nil }
        return (0..<rowCount).map { self[$0, column] }
    }

    /// The distinct timestamps, in order.
    public var distinctTimestamps: [Timestamp] {
        var result: [Timestamp] = []
        for time in timestamps where result.last != time { result.append(time) }
        return result
    }

    /// Appends another frame with the same columns (rows must follow this frame's last timestamp).
    public mutating func append(_ other: FeatureFrame) {
        precondition(other.names == names, "appending a frame with other columns")
        timestamps += other.timestamps
        tokens += other.tokens
        values += other.values
    }

    /// Whether two frames hold the same keys and bit-identical values (NaN equal to NaN).
    public func isBitIdentical(to other: FeatureFrame) -> Bool {
        names == other.names && timestamps == other.timestamps && tokens == other.tokens
            && values.count == other.values.count && zip(values, other.values).allSatisfy { $0.bitPattern == $1.bitPattern }
    }

    /// Every value replaced by its percentile rank within its timestamp's cross-section, in (0, 1]:
    /// (rank with ties averaged) / non-missing count; NaN stays NaN. Columns keep their names with a
    /// `_rank` suffix.
    public func percentileRanks() -> FeatureFrame {
        var ranked = self
        ranked.names = names.map { $0 + "_rank" }
        var start = 0
        while start < rowCount {
            var end = start
            while end < rowCount && timestamps[end] == timestamps[start] { end += 1 }
            for column in 0..<columnCount {
                var present: [(value: Float, row: Int)] = []
                for row in start..<end where !self[row, column].isNaN { present.append((self[row, column], row)) }
                present.sort { $0.value < $1.value }
                var index = 0
                while index < present.count {
                    var tieEnd = index
                    while tieEnd + 1 < present.count && present[tieEnd + 1].value == present[index].value { tieEnd += 1 }
                    let rank = Float(index + tieEnd + 2) / 2 / Float(present.count)
                    for position in index...tieEnd { ranked.values[present[position].row * columnCount + column] = rank }
                    index = tieEnd + 1
                }
            }
            start = end
        }
        return ranked
    }
}
