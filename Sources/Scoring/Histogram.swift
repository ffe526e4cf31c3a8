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

/// The training bins in both layouts the histogram passes want: feature-major columns for passes over
/// every row, and row records for passes over a leaf's scattered rows.
///
/// A row record is the row's bins followed by its current gradient and hessian, padded to whole
/// 64-byte cache lines and aligned to them: one scattered row then costs one line (two past 56
/// features) instead of a line per feature, or a bins line plus a gradients line.
final class TrainingBins: @unchecked Sendable {
    let rowCount: Int
    let featureCount: Int
    /// `columns[feature * rowCount + row]`.
    let columns: [UInt8]
    /// Bytes from one row record to the next: a multiple of 64.
    let recordStride: Int
    /// Where a record's (gradient, hessian) pair of Floats sits.
    let pairOffset: Int
    /// The row records; written once at start (bins) and once per tree (gradients), read by histogram
    /// passes. Unchecked Sendable: writers and readers never overlap, by the grower's sequencing.
    let records: UnsafeMutableRawPointer

    init(_ binned: BinnedMatrix, parallelism: Parallelism) {
        rowCount = binned.rowCount
        featureCount = binned.featureCount
        columns = binned.bins
        pairOffset = (featureCount + 7) & ~7
        recordStride = (pairOffset + 8 + 63) & ~63
        records = UnsafeMutableRawPointer.allocate(byteCount: max(1, rowCount * recordStride), alignment: 64)
        records.initializeMemory(as: UInt8.self, repeating: 0, count: rowCount * recordStride)
        let (n, f, stride) = (rowCount, featureCount, recordStride)
        let block = 4096
        nonisolated(unsafe) let target = records.assumingMemoryBound(to: UInt8.self)
        binned.bins.withUnsafeBufferPointer { bins in
            let bins = bins.baseAddress!
            parallelism.forEach((n + block - 1) / block) { piece in
                let start = piece * block, end = min(n, start + block)
                for feature in 0..<f {
                    let column = bins + feature * n
                    for row in start..<end { target[row * stride + feature] = column[row] }
                }
            }
        }
    }

    deinit { records.deallocate() }

    /// Writes every row's gradient and hessian into its record, in fixed pieces.
    func store(gradients: UnsafeBufferPointer<Float>, hessians: UnsafeBufferPointer<Float>, parallelism: Parallelism) {
        let (n, stride, offset) = (rowCount, recordStride, pairOffset)
        nonisolated(unsafe) let records = records
        let piece = 65_536
        parallelism.forEach((n + piece - 1) / piece) { index in
            for row in (index * piece)..<min(n, (index + 1) * piece) {
                (records + row * stride + offset).storeBytes(of: SIMD2(gradients[row], hessians[row]), as: SIMD2<Float>.self)
            }
        }
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
    /// row records. Threads take disjoint groups of features, each reading every row in order.
    static func buildLeafRows(_ histogram: inout LeafHistogram, features: [Int], binCounts: [Int], bins: TrainingBins,
                              rows: UnsafeBufferPointer<Int32>, parallelism: Parallelism) {
        let count = rows.count
        let stride = bins.recordStride, pairOffset = bins.pairOffset
        let parallel = count * features.count >= minimumParallelWork && parallelism.threads > 1
        // Enough groups to balance threads, few enough that each still uses most of a record.
        let groups = parallel ? min(features.count, parallelism.threads * 2) : 1
        let everyFeature = features.count == bins.featureCount
        nonisolated(unsafe) let base = UnsafeRawPointer(bins.records)
        histogram.sums.withUnsafeMutableBufferPointer { sums in
            features.withUnsafeBufferPointer { features in
                let sums = sums.baseAddress!
                (parallel ? parallelism : .serial).forEach(groups) { group in
                    let lower = features.count * group / groups, upper = features.count * (group + 1) / groups
                    for k in lower..<upper {
                        (sums + features[k] * LeafHistogram.stride).update(repeating: .zero, count: binCounts[features[k]])
                    }
                    let ahead = 16
                    for i in 0..<count {
                        if i &+ ahead < count {
                            let next = base + Int(rows[i &+ ahead]) &* stride
                            radar_prefetch(next)
                            if stride > 64 { radar_prefetch(next + 64) }
                        }
                        let record = base + Int(rows[i]) &* stride
                        let pair = record.load(fromByteOffset: pairOffset, as: SIMD2<Float>.self)
                        let value = SIMD2(Double(pair.x), Double(pair.y))
                        let bins = record.assumingMemoryBound(to: UInt8.self)
                        if everyFeature {
                            // Features lower..<upper sit side by side in the record and in the histogram.
                            var histogram = sums + lower &* LeafHistogram.stride
                            for feature in lower..<upper {
                                histogram[Int(bins[feature])] += value
                                histogram += LeafHistogram.stride
                            }
                        } else {
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
