/// Named feature columns a family computes for one cross-section, one value per universe member.
struct Columns: Sendable {
    private(set) var values: [String: [Float]] = [:]
    let count: Int

    init(count: Int) { self.count = count }

    /// Sets `name` for member `position`, creating the column (NaN-filled) on first use.
    mutating func set(_ name: String, _ position: Int, _ value: Double) {
        // One look-up, modified in place: families set a value per member and column.
        values[name, default: [Float](repeating: .nan, count: count)][position] = value.isFinite ? Float(value) : .nan
    }

    /// Declares columns that may stay all-NaN (no member had data), so the set still finds them.
    mutating func declare(_ names: [String]) {
        for name in names where values[name] == nil { values[name] = [Float](repeating: .nan, count: count) }
    }

    /// Sets a whole column at once.
    mutating func replace(_ name: String, with values: [Float]) {
        precondition(values.count == count, "column length mismatch")
        self.values[name] = values
    }

    mutating func merge(_ other: Columns) {
        values.merge(other.values) { _, new in new }
    }
}
