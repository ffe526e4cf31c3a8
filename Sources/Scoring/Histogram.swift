/// Gradient sums, hessian sums and row counts per bin of every feature, for the rows of one leaf:
/// everything split finding needs, in a fixed stride of 256 bins per feature.
struct LeafHistogram {
    static let stride = 256
    var gradients: [Double]
    var hessians: [Double]
    var counts: [UInt32]

    init(featureCount: Int) {
        gradients = [Double](repeating: 0, count: featureCount * Self.stride)
        hessians = [Double](repeating: 0, count: featureCount * Self.stride)
        counts = [UInt32](repeating: 0, count: featureCount * Self.stride)
    }
}

/// Builds and subtracts leaf histograms. Work is split by feature, and each feature's bins are summed
/// in row order by one thread, so the sums are the same for any thread count.
enum HistogramBuilder {
    /// Sums the leaf's rows into `histogram` for `features`. `rows` are the leaf's rows in ascending
    /// order (nil: every row, in order); `gradients` and `hessians` are already gathered in that order.
    static func build(_ histogram: inout LeafHistogram, features: [Int], binCounts: [Int],
                      bins: UnsafeBufferPointer<UInt8>, rowCount: Int, rows: UnsafeBufferPointer<Int32>?,
                      gradients: UnsafeBufferPointer<Float>, hessians: UnsafeBufferPointer<Float>, parallelism: Parallelism) {
        let count = gradients.count
        histogram.gradients.withUnsafeMutableBufferPointer { sumG in
            histogram.hessians.withUnsafeMutableBufferPointer { sumH in
                histogram.counts.withUnsafeMutableBufferPointer { sumC in
                    parallelism.forEach(features.count) { index in
                        let feature = features[index]
                        let offset = feature * LeafHistogram.stride
                        let g = sumG.baseAddress! + offset
                        let h = sumH.baseAddress! + offset
                        let c = sumC.baseAddress! + offset
                        for bin in 0..<binCounts[feature] {
                            g[bin] = 0
                            h[bin] = 0
                            c[bin] = 0
                        }
                        let column = bins.baseAddress! + feature * rowCount
                        if let rows {
                            for i in 0..<count {
                                let bin = Int(column[Int(rows[i])])
                                g[bin] += Double(gradients[i])
                                h[bin] += Double(hessians[i])
                                c[bin] &+= 1
                            }
                        } else {
                            for i in 0..<count {
                                let bin = Int(column[i])
                                g[bin] += Double(gradients[i])
                                h[bin] += Double(hessians[i])
                                c[bin] &+= 1
                            }
                        }
                    }
                }
            }
        }
    }

    /// Turns `parent` into the histogram of its larger child: parent minus the smaller child's.
    static func subtract(_ smaller: LeafHistogram, from parent: inout LeafHistogram, features: [Int], binCounts: [Int]) {
        for feature in features {
            let offset = feature * LeafHistogram.stride
            for bin in offset..<(offset + binCounts[feature]) {
                parent.gradients[bin] -= smaller.gradients[bin]
                parent.hessians[bin] -= smaller.hessians[bin]
                parent.counts[bin] &-= smaller.counts[bin]
            }
        }
    }
}
