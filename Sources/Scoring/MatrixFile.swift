import Foundation

/// A compact binary matrix file for large data sets (benchmarks, exported training sets): reading it
/// is one copy of the column-major values, with no parsing.
///
/// Layout, little-endian: the 8 bytes `ARMATRIX`, UInt32 version (1), UInt64 row count, UInt32 feature
/// count, UInt8 1 when labels follow; each feature name (then the label name, when present) as UInt32
/// byte length + UTF-8; Float32 values column by column (NaN = missing); Float32 labels. numpy writes
/// it with `tofile` on the pieces, so Python peers can share one file with Swift.
public enum MatrixFile {
    static let magic = Array("ARMATRIX".utf8)
    static let version: UInt32 = 1

    /// Writes `features` (and `labels`, when given) to `path`.
    public static func write(_ features: FeatureMatrix, labels: [Float]? = nil, labelName: String = "label", to path: String) throws(ScoringError) {
        if let labels, labels.count != features.rowCount {
            throw .shapeMismatch("\(labels.count) labels for \(features.rowCount) rows")
        }
        var data = Data()
        data.append(contentsOf: magic)
        append(version, to: &data)
        append(UInt64(features.rowCount), to: &data)
        append(UInt32(features.featureCount), to: &data)
        data.append(labels == nil ? 0 : 1)
        for name in features.featureNames + (labels == nil ? [] : [labelName]) {
            let bytes = Array(name.utf8)
            append(UInt32(bytes.count), to: &data)
            data.append(contentsOf: bytes)
        }
        features.values.withUnsafeBytes { data.append(contentsOf: $0) }
        labels?.withUnsafeBytes { data.append(contentsOf: $0) }
        do {
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw .io(path: path, reason: "cannot write: \(error.localizedDescription)")
        }
    }

    /// Reads a matrix file written by `write` (or by numpy in the same layout).
    public static func read(path: String) throws(ScoringError) -> MatrixTable {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw .io(path: path, reason: "cannot read: \(error.localizedDescription)")
        }
        var reader = ByteReader(data: data, source: path)
        guard try reader.bytes(8) == magic else {
            throw .malformedFile(source: path, line: 0, reason: "not a matrix file (it does not start with ARMATRIX)")
        }
        let fileVersion: UInt32 = try reader.integer()
        guard fileVersion == version else {
            throw .malformedFile(source: path, line: 0, reason: "matrix file version \(fileVersion); this radar reads version \(version)")
        }
        let rows = Int(try reader.integer() as UInt64)
        let featureCount = Int(try reader.integer() as UInt32)
        let hasLabels = try reader.bytes(1)[0] == 1
        var names: [String] = []
        for _ in 0..<(featureCount + (hasLabels ? 1 : 0)) {
            let length = Int(try reader.integer() as UInt32)
            names.append(String(decoding: try reader.bytes(length), as: UTF8.self))
        }
        let values = try reader.floats(rows * featureCount)
        let labels = hasLabels ? try reader.floats(rows) : nil
        guard reader.offset == data.count else {
            throw .malformedFile(source: path, line: 0, reason: "\(data.count - reader.offset) bytes after the end of the matrix")
        }
        let features = try FeatureMatrix(featureNames: Array(names.prefix(featureCount)), rowCount: rows, columnMajor: values)
        return MatrixTable(features: features, labels: labels, labelName: hasLabels ? names.last : nil)
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to data: inout Data) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }
}

/// Reads fixed-size pieces from a file's bytes, failing with the file's name when it runs short.
private struct ByteReader {
    let data: Data
    let source: String
    var offset = 0

    init(data: Data, source: String) {
        self.data = data
        self.source = source
    }

    mutating func bytes(_ count: Int) throws(ScoringError) -> [UInt8] {
        try require(count)
        defer { offset += count }
        return Array(data[data.startIndex + offset..<data.startIndex + offset + count])
    }

    mutating func integer<T: FixedWidthInteger>() throws(ScoringError) -> T {
        try require(MemoryLayout<T>.size)
        var value = T.zero
        withUnsafeMutableBytes(of: &value) { target in
            data.copyBytes(to: target, from: (data.startIndex + offset)..<(data.startIndex + offset + MemoryLayout<T>.size))
        }
        offset += MemoryLayout<T>.size
        return T(littleEndian: value)
    }

    mutating func floats(_ count: Int) throws(ScoringError) -> [Float] {
        let (size, overflow) = count.multipliedReportingOverflow(by: 4)
        guard !overflow else { throw .malformedFile(source: source, line: 0, reason: "the header's sizes overflow") }
        try require(size)
        var values = [Float](repeating: 0, count: count)
        values.withUnsafeMutableBytes { target in
            _ = data.copyBytes(to: target, from: (data.startIndex + offset)..<(data.startIndex + offset + size))
        }
        offset += size
        return values
    }

    private func require(_ count: Int) throws(ScoringError) {
        guard count >= 0, offset + count <= data.count else {
            throw .malformedFile(source: source, line: 0, reason: "truncated: \(data.count) bytes, the header promises more")
        }
    }
}
