import CBLAS

/// Gradient and hessian sums per bin of every feature, for the rows of one leaf: everything split
/// finding needs, in a fixed stride of 256 bins per feature.
///
/// Row counts are not kept: like LightGBM, split finding estimates a bin's rows from its hessian
/// share. A third array updated per row would cost almost as much as the sums themselves.
struct LeafHistogram {
    static let stride = 256
    /// Gradient and hessian sums side by side, so one vector add updates both.
    var sums: [SIMD2<Double>]

    init(featureCount: Int) {
        sums = [SIMD2<Double>](repeating: .zero, count: featureCount * Self.stride)
    }
}

/// The training bins in both layouts the histogram passes want: feature-major for passes over every
/// row, row-major for passes over a leaf's scattered rows, where one cache line then serves every
/// feature of a row instead of one byte of it.
struct TrainingBins {
    let rowCount: Int
    let featureCount: Int
    /// `columns[feature * rowCount + row]`.
    let columns: [UInt8]
    /// `rows[row * featureCount + feature]`.
    let rows: [UInt8]

    init(_ binned: BinnedMatrix, parallelism: Parallelism) {
        rowCount = binned.rowCount
        featureCount = binned.featureCount
        columns = binned.bins
        let (n, f) = (rowCount, featureCount)
        var transposed = [UInt8](repeating: 0, count: n * f)
        let block = 4096
        transposed.withUnsafeMutableBufferPointer { out in
            binned.bins.withUnsafeBufferPointer { bins in
                let out = out.baseAddress!, bins = bins.baseAddress!
                nonisolated(unsafe) let target = out
                parallelism.forEach((n + block - 1) / block) { piece in
                    let start = piece * block, end = min(n, start + block)
                    for feature in 0..<f {
                        let column = bins + feature * n
                        for row in start..<end { target[row * f + feature] = column[row] }
                    }
                }
            }
        }
        rows = transposed
    }
}

/// Builds and subtracts leaf histograms. Each bin is summed in row order by one thread whatever the
/// layout or thread count, so the sums are bit-identical for any thread count.
enum HistogramBuilder {
    /// Row-feature updates below which a histogram is built on the calling thread.
    static let minimumParallelWork = 262_144

    /// Rows per chunk of a pass over every row: the chunk's gradient pairs (256 KiB) stay in cache
    /// while each feature's column adds them in.
    static let rowsPerChunk = 16_384

    /// Sums every row into `histogram` for `features`, over the columns a chunk of rows at a time.
    /// Threads take disjoint groups of features; each bin still adds its rows in row order.
    /// `pairs[row]` is the row's (gradient, hessian).
    static func buildAllRows(_ histogram: inout LeafHistogram, features: [Int], binCounts: [Int], bins: TrainingBins,
                             pairs: UnsafePointer<SIMD2<Double>>, parallelism: Parallelism) {
        let count = bins.rowCount
        let parallel = count * features.count >= minimumParallelWork && parallelism.threads > 1
        let groups = parallel ? min(features.count, parallelism.threads) : 1
        histogram.sums.withUnsafeMutableBufferPointer { sums in
            bins.columns.withUnsafeBufferPointer { columns in
                features.withUnsafeBufferPointer { features in
                    let sums = sums.baseAddress!, columns = columns.baseAddress!
                    (parallel ? parallelism : .serial).forEach(groups) { group in
                        let lower = features.count * group / groups, upper = features.count * (group + 1) / groups
                        for k in lower..<upper {
                            (sums + features[k] * LeafHistogram.stride).update(repeating: .zero, count: binCounts[features[k]])
                        }
                        var start = 0
                        while start < count {
                            let end = min(count, start + rowsPerChunk)
                            for k in lower..<upper {
                                let feature = features[k]
                                let gh = sums + feature * LeafHistogram.stride
                                let column = columns + feature * count
                                for i in start..<end { gh[Int(column[i])] += pairs[i] }
                            }
                            start = end
                        }
                    }
                }
            }
        }
    }

    /// Sums a leaf's rows (ascending) into `histogram` for `features` (ascending), row by row over the
    /// row-major bins. Threads take disjoint groups of features, each reading every row in order.
    static func buildLeafRows(_ histogram: inout LeafHistogram, features: [Int], binCounts: [Int], bins: TrainingBins,
                              rows: UnsafeBufferPointer<Int32>, pairs: UnsafePointer<SIMD2<Double>>, parallelism: Parallelism) {
        let count = rows.count
        let width = bins.featureCount
        let parallel = count * features.count >= minimumParallelWork && parallelism.threads > 1
        // Enough groups to balance threads, few enough that each still uses most of a row's cache line.
        let groups = parallel ? min(features.count, parallelism.threads * 2) : 1
        let everyFeature = features.count == width
        histogram.sums.withUnsafeMutableBufferPointer { sums in
            bins.rows.withUnsafeBufferPointer { rowBins in
                features.withUnsafeBufferPointer { features in
                    let base = rowBins.baseAddress!
                    let sums = sums.baseAddress!
                    (parallel ? parallelism : .serial).forEach(groups) { group in
                        let lower = features.count * group / groups, upper = features.count * (group + 1) / groups
                        for k in lower..<upper {
                            (sums + features[k] * LeafHistogram.stride).update(repeating: .zero, count: binCounts[features[k]])
                        }
                        let ahead = 16
                        for i in 0..<count {
                            if i &+ ahead < count {
                                let nextRow = Int(rows[i &+ ahead])
                                let next = base + nextRow &* width
                                radar_prefetch(next)
                                radar_prefetch(next + (width &- 1))
                                radar_prefetch(pairs + nextRow)
                            }
                            let row = Int(rows[i])
                            let value = pairs[row]
                            if everyFeature {
                                // Features lower..<upper sit side by side in the row and in the histogram.
                                let bins = base + row &* width
                                var histogram = sums + lower &* LeafHistogram.stride
                                for feature in lower..<upper {
                                    histogram[Int(bins[feature])] += value
                                    histogram += LeafHistogram.stride
                                }
                            } else {
                                let bins = base + row &* width
                                for k in lower..<upper {
                                    let feature = features[k]
                                    sums[feature &* LeafHistogram.stride &+ Int(bins[feature])] += value
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Turns `parent` into the histogram of its larger child: parent minus the smaller child's.
    static func subtract(_ smaller: LeafHistogram, from parent: inout LeafHistogram, features: [Int], binCounts: [Int]) {
        smaller.sums.withUnsafeBufferPointer { smaller in
            parent.sums.withUnsafeMutableBufferPointer { parent in
                for feature in features {
                    let offset = feature * LeafHistogram.stride
                    for bin in offset..<(offset + binCounts[feature]) { parent[bin] -= smaller[bin] }
                }
            }
        }
    }
}
