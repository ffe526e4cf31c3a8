/// Spearman rank correlation of paired values (ties get average ranks); NaN pairs are dropped.
func rankCorrelation(_ x: [Double], _ y: [Double]) -> Double {
    let pairs = zip(x, y).filter { !$0.0.isNaN && !$0.1.isNaN }
    func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var result = [Double](repeating: 0, count: values.count)
        var index = 0
        while index < order.count {
            var end = index
            while end + 1 < order.count && values[order[end + 1]] == values[order[index]] { end += 1 }
            for position in index...end { result[order[position]] = Double(index + end) / 2 }
            index = end + 1
        }
        return result
    }
    let a = ranks(pairs.map(\.0)), b = ranks(pairs.map(\.1))
    let n = Double(a.count)
    guard n > 2 else { return .nan }
    let meanA = a.reduce(0, +) / n, meanB = b.reduce(0, +) / n
    var covariance = 0.0, varianceA = 0.0, varianceB = 0.0
    for (u, v) in zip(a, b) {
        covariance += (u - meanA) * (v - meanB)
        varianceA += (u - meanA) * (u - meanA)
        varianceB += (v - meanB) * (v - meanB)
    }
    return covariance / (varianceA * varianceB).squareRoot()
}
