import CBLAS

/// Gradient sums, hessian sums and row counts per bin of every feature, for the rows of one leaf:
/// everything split finding needs, in a fixed stride of 256 bins per feature.
struct LeafHistogram {
    static let stride = 256
    /// Gradient and hessian sums side by side, so one vector add updates both.
    var sums: [SIMD2<Double>]
    var counts: [UInt32]

    init(featureCount: Int) {
        sums = [SIMD2<Double>](repeating: .zero, count: featureCount * Self.stride)
        counts = [UInt32](repeating: 0, count: featureCount * Self.stride)
    }
}

/// Builds and subtracts leaf histograms. Work is split by feature, and each feature's bins are summed
/// in row order by one thread, so the sums are the same for any thread count.
enum HistogramBuilder {
    /// Row-feature updates below which a histogram is built on the calling thread.
    static let minimumParallelWork = 262_144

    /// Sums the leaf's rows into `histogram` for `features`. `rows` are the leaf's rows in ascending
    /// order (nil: every row, in order); `gradients` and `hessians` are already gathered in that order.
    static func build(_ histogram: inout LeafHistogram, features: [Int], binCounts: [Int],
                      bins: UnsafeBufferPointer<UInt8>, rowCount: Int, rows: UnsafeBufferPointer<Int32>?,
                      gradients: UnsafeBufferPointer<Float>, hessians: UnsafeBufferPointer<Float>, parallelism: Parallelism) {
        let count = gradients.count
        // Waking threads costs more than summing a small leaf: spread only work worth spreading.
        let parallelism = count * features.count >= minimumParallelWork ? parallelism : .serial
        histogram.sums.withUnsafeMutableBufferPointer { sums in
            histogram.counts.withUnsafeMutableBufferPointer { counts in
                parallelism.forEach(features.count) { index in
                    let feature = features[index]
                    let offset = feature * LeafHistogram.stride
                    let gh = sums.baseAddress! + offset
                    let c = counts.baseAddress! + offset
                    gh.update(repeating: .zero, count: binCounts[feature])
                    c.update(repeating: 0, count: binCounts[feature])
                    let column = bins.baseAddress! + feature * rowCount
                    if let rows {
                        let ahead = 24
                        for i in 0..<count {
                            if i &+ ahead < count { radar_prefetch(column + Int(rows[i &+ ahead])) }
                            let bin = Int(column[Int(rows[i])])
                            gh[bin] += SIMD2(Double(gradients[i]), Double(hessians[i]))
                            c[bin] &+= 1
                        }
                    } else {
                        for i in 0..<count {
                            let bin = Int(column[i])
                            gh[bin] += SIMD2(Double(gradients[i]), Double(hessians[i]))
                            c[bin] &+= 1
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
                parent.sums[bin] -= smaller.sums[bin]
                parent.counts[bin] &-= smaller.counts[bin]
            }
        }
    }
}
