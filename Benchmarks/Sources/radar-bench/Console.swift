import Foundation

/// Unbuffered output: benchmark progress must show while a long build runs, even when stdout is a
/// pipe or a file (where `print` is block-buffered).
enum Console {
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func warn(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// Number formatting for the report.
enum Format {
    /// `1234567` → `1,234,567`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return value < 0 ? "-" + result : result
    }

    static func seconds(_ value: Double) -> String { String(format: "%.3f s", value) }

    static func ratio(_ value: Double) -> String { String(format: "%.2fx", value) }

    static func rate(_ rows: Int, _ seconds: Double, unit: String = "rows/s") -> String {
        grouped(Int((Double(rows) / seconds).rounded())) + " " + unit
    }
}
