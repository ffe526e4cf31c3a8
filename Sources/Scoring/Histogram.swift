import CBLAS

/// Gradient and hessian sums per bin of every feature, for the rows of one leaf: everything split
/// finding needs, in a fixed stride of 256 bins per feature.
///
/// Row counts are not kept: like LightGBM, split finding estimates a bin's rows from its hessian
/// share. A third array updated per row would cost almost as much as the sums themselves.
///
/// A class over one allocation, so that two threads can work on two leaves' histograms at once (one
/// subtracting its sibling while the other scans) without copy-on-write in between. Unchecked
/// Sendable: the grower never lets two threads write one histogram, or read one while it is written.
final class LeafHistogram: @unchecked Sendable {
    static let stride = 256
    /// Gradient and hessian sums side by side, so one vector add updates both.
    let sums: UnsafeMutablePointer<SIMD2<Double>>
    let count: Int

    init(featureCount: Int) {
        count = featureCount * Self.stride
        sums = UnsafeMutablePointer<SIMD2<Double>>.allocate(capacity: max(1, count))
        sums.initialize(repeating: .zero, count: count)
    }

    deinit { sums.deallocate() }

    /// The sums of `feature`'s bins.
    @inline(__always)
    func bins(of feature: Int) -> UnsafeMutablePointer<SIMD2<Double>> { sums + feature &* Self.stride }

    /// Turns `feature`'s bins into those of the larger child: these (the parent's) minus the smaller child's.
    @inline(__always)
    func subtract(_ smaller: LeafHistogram, feature: Int, binCount: Int) {
        let parent = bins(of: feature), child = smaller.bins(of: feature)
        for bin in 0..<binCount { parent[bin] -= child[bin] }
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
    /// Row-feature updates below which a pass over every row runs on the calling thread.
    static let minimumParallelWork = 262_144

    /// Rows per chunk of a pass over every row: the chunk's gradient pairs (256 KiB) stay in cache
    /// while each feature's column adds them in.
    static let rowsPerChunk = 16_384

    /// Sums every row into `histogram` for `features`, over the columns a chunk of rows at a time.
    /// Threads take disjoint groups of features; each bin still adds its rows in row order.
    /// `pairs[row]` is the row's (gradient, hessian).
    static func buildAllRows(_ histogram: LeafHistogram, features: [Int], binCounts: [Int], bins: TrainingBins,
                             pairs: UnsafePointer<SIMD2<Double>>, parallelism: Parallelism) {
        let count = bins.rowCount
        let parallel = count * features.count >= minimumParallelWork && parallelism.threads > 1
        let groups = parallel ? min(features.count, parallelism.threads) : 1
        let sums = histogram.sums
        bins.columns.withUnsafeBufferPointer { columns in
            features.withUnsafeBufferPointer { features in
                let columns = columns.baseAddress!
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

    /// Sums a leaf's rows (ascending) into `histogram` for `features[lower..<upper]` (ascending), row
    /// by row over the row records, on the calling thread. The split pass gives each thread its own
    /// range of features, so every bin still adds its rows in row order.
    static func buildLeafRows(_ histogram: LeafHistogram, features: UnsafeBufferPointer<Int>, lower: Int, upper: Int,
                              binCounts: UnsafeBufferPointer<Int>, bins: TrainingBins, rows: UnsafeBufferPointer<Int32>) {
        guard lower < upper else { return }
        let count = rows.count
        let stride = bins.recordStride, pairOffset = bins.pairOffset
        // With every feature in use, features[k] == k: the range sits side by side in records and histogram.
        let contiguous = features.count == bins.featureCount
        let base = UnsafeRawPointer(bins.records)
        let sums = histogram.sums
        for k in lower..<upper {
            (sums + features[k] * LeafHistogram.stride).update(repeating: .zero, count: binCounts[features[k]])
        }
        // The cache lines of a record this range reads (its first and last bins' and the gradient
        // pair's), prefetched some rows ahead.
        let firstLine = contiguous ? (lower / 64) * 64 : 0
        let lastLine = contiguous ? ((upper - 1) / 64) * 64 : stride - 64
        let pairLine = (pairOffset / 64) * 64
        let ahead = 16
        for i in 0..<count {
            if i &+ ahead < count {
                let next = base + Int(rows[i &+ ahead]) &* stride
                radar_prefetch(next + firstLine)
                if lastLine != firstLine { radar_prefetch(next + lastLine) }
                if pairLine != firstLine && pairLine != lastLine { radar_prefetch(next + pairLine) }
            }
            let record = base + Int(rows[i]) &* stride
            let pair = record.load(fromByteOffset: pairOffset, as: SIMD2<Float>.self)
            let value = SIMD2(Double(pair.x), Double(pair.y))
            let recordBins = record.assumingMemoryBound(to: UInt8.self)
            if contiguous {
                var histogram = sums + lower &* LeafHistogram.stride
                for feature in lower..<upper {
                    histogram[Int(recordBins[feature])] += value
                    histogram += LeafHistogram.stride
                }
            } else {
                for k in lower..<upper {
                    let feature = features[k]
                    sums[feature &* LeafHistogram.stride &+ Int(recordBins[feature])] += value
                }
            }
        }
    }
}
