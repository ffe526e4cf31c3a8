import Foundation

/// A data file read into a feature matrix: the features, and the label column when one was named.
public struct MatrixTable: Sendable {
    public let features: FeatureMatrix
    public let labels: [Float]?
    public let labelName: String?

    /// The table as training data; fails when the file had no label column.
    public func labeled(source: String) throws(ScoringError) -> LabeledMatrix {
        guard let labels, let labelName else {
            throw .malformedFile(source: source, line: 1, reason: "no label column was named")
        }
        return try LabeledMatrix(features: features, labels: labels, labelName: labelName)
    }
}

/// Reads numeric CSV files (a header of names, one row per line) into a column-major matrix.
///
/// Missing values are written as an empty cell, `nan`, `NaN` or `NA`. Anything else that is not a
/// number is an error naming its line and column. Lines are parsed in parallel chunks straight from
/// the mapped file, so reading is a small part of training time.
public enum CSVMatrixReader {
    /// Reads `path`; `label` names the label column (nil: every column is a feature).
    public static func read(path: String, label: String?, parallelism: Parallelism = .allCores) throws(ScoringError) -> MatrixTable {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw .io(path: path, reason: "cannot read: \(error.localizedDescription)")
        }
        return try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Result<MatrixTable, ScoringError> in
            Result { () throws(ScoringError) in
                try parse(bytes.bindMemory(to: UInt8.self), source: path, label: label, parallelism: parallelism)
            }
        }.get()
    }

    /// Parses CSV text held in memory; `source` names it in errors.
    public static func parse(_ text: String, source: String, label: String?, parallelism: Parallelism = .serial) throws(ScoringError) -> MatrixTable {
        var text = text
        return try text.withUTF8 { (bytes: UnsafeBufferPointer<UInt8>) -> Result<MatrixTable, ScoringError> in
            Result { () throws(ScoringError) in try parse(bytes, source: source, label: label, parallelism: parallelism) }
        }.get()
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, source: String, label: String?, parallelism: Parallelism) throws(ScoringError) -> MatrixTable {
        let lines = lineRanges(bytes)
        guard let headerRange = lines.first else {
            throw .malformedFile(source: source, line: 1, reason: "the file is empty; expected a header of column names")
        }
        let header = cells(bytes, headerRange).map { cell in
            String(decoding: UnsafeBufferPointer(rebasing: bytes[cell]), as: UTF8.self)
                .trimmingCharacters(in: CharacterSet(charactersIn: " \t\""))
        }
        var labelColumn: Int?
        if let label {
            guard let index = header.firstIndex(of: label) else {
                throw .malformedFile(source: source, line: 1, reason: "no column named '\(label)'; columns: \(header.joined(separator: ", "))")
            }
            labelColumn = index
        }
        let featureNames = header.enumerated().filter { $0.offset != labelColumn }.map(\.element)
        if let empty = featureNames.firstIndex(of: "") {
            throw .malformedFile(source: source, line: 1, reason: "column \(empty + 1) has no name")
        }
        guard Set(featureNames).count == featureNames.count else {
            throw .malformedFile(source: source, line: 1, reason: "column names repeat")
        }

        let rowLines = Array(lines.dropFirst())
        let rowCount = rowLines.count
        let width = header.count
        var values = [Float](repeating: .nan, count: rowCount * featureNames.count)
        var labels = [Float](repeating: .nan, count: labelColumn == nil ? 0 : rowCount)
        // Each cell of a row goes to its feature's column, or to the labels.
        let target = (0..<width).map { cell -> Int in
            guard let labelColumn else { return cell }
            return cell == labelColumn ? -1 : (cell < labelColumn ? cell : cell - 1)
        }

        let chunkSize = 16_384
        let chunks = (rowCount + chunkSize - 1) / chunkSize
        var firstError = [ScoringError?](repeating: nil, count: chunks)
        values.withUnsafeMutableBufferPointer { values in
            labels.withUnsafeMutableBufferPointer { labels in
                firstError.withUnsafeMutableBufferPointer { errors in
                    parallelism.forEach(chunks) { chunk in
                        let rows = (chunk * chunkSize)..<min(rowCount, (chunk + 1) * chunkSize)
                        errors[chunk] = parseRows(bytes, rowLines, rows, width: width, target: target, rowCount: rowCount,
                                                  values: values, labels: labels, source: source)
                    }
                }
            }
        }
        // The first error in file order, whichever thread found it.
        if let error = firstError.lazy.compactMap({ $0 }).first { throw error }
        let matrix = try FeatureMatrix(featureNames: featureNames, rowCount: rowCount, columnMajor: values)
        return MatrixTable(features: matrix, labels: labelColumn == nil ? nil : labels, labelName: labelColumn.map { header[$0] })
    }

    /// Parses `rows` into their columns; returns the first problem instead of throwing across threads.
    private static func parseRows(_ bytes: UnsafeBufferPointer<UInt8>, _ lines: [Range<Int>], _ rows: Range<Int>, width: Int,
                                  target: [Int], rowCount: Int, values: UnsafeMutableBufferPointer<Float>,
                                  labels: UnsafeMutableBufferPointer<Float>, source: String) -> ScoringError? {
        guard let base = bytes.baseAddress else { return nil }
        for row in rows {
            let line = lines[row]
            var cell = 0
            var start = line.lowerBound
            var position = line.lowerBound
            while true {
                let atEnd = position == line.upperBound
                if atEnd || base[position] == UInt8(ascii: ",") {
                    guard cell < width else {
                        return .malformedFile(source: source, line: row + 2, reason: "has more than \(width) cells, the header has \(width)")
                    }
                    var first = start, last = position
                    while first < last && (base[first] == UInt8(ascii: " ") || base[first] == UInt8(ascii: "\t")) { first += 1 }
                    while last > first && (base[last - 1] == UInt8(ascii: " ") || base[last - 1] == UInt8(ascii: "\t")) { last -= 1 }
                    let value: Float
                    if isMissing(base + first, last - first) {
                        value = .nan
                    } else if let parsed = DecimalFloatParser.parse(base + first, last - first) {
                        value = parsed
                    } else {
                        let text = String(decoding: UnsafeBufferPointer(start: base + first, count: last - first), as: UTF8.self)
                        return .malformedCell(source: source, line: row + 2, column: cell + 1, value: text)
                    }
                    let column = target[cell]
                    if column < 0 { labels[row] = value } else { values[column * rowCount + row] = value }
                    cell += 1
                    if atEnd { break }
                    start = position + 1
                }
                position += 1
            }
            guard cell == width else {
                return .malformedFile(source: source, line: row + 2, reason: "has \(cell) cells, the header has \(width)")
            }
        }
        return nil
    }

    /// Empty, `nan`, `NaN` or `NA`.
    @inline(__always)
    private static func isMissing(_ start: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        switch count {
        case 0: return true
        case 2: return start[0] == UInt8(ascii: "N") && start[1] == UInt8(ascii: "A")
        case 3: return (start[0] | 0x20) == UInt8(ascii: "n") && (start[1] | 0x20) == UInt8(ascii: "a") && (start[2] | 0x20) == UInt8(ascii: "n")
        default: return false
        }
    }

    /// The byte ranges of the non-empty lines (without `\r\n`), the header first. Trailing blank lines
    /// are dropped; a blank line between rows would shift every later line number, so it is kept and
    /// reported as a row with too few cells.
    static func lineRanges(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        let count = bytes.count
        while start < count {
            var end = start
            while end < count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            var last = end
            if last > start && bytes[last - 1] == UInt8(ascii: "\r") { last -= 1 }
            ranges.append(start..<last)
            start = end + 1
        }
        while let last = ranges.last, last.isEmpty { ranges.removeLast() }
        return ranges
    }

    /// The cells of one line, split at commas (the header only: data cells are parsed in place).
    private static func cells(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = line.lowerBound
        for position in line where bytes[position] == UInt8(ascii: ",") {
            result.append(start..<position)
            start = position + 1
        }
        result.append(start..<line.upperBound)
        return result
    }
}
