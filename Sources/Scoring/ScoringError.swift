/// What went wrong in the scoring core, naming the source, the place and the value so that a person
/// can fix the input.
public enum ScoringError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A cell of a data file that is not a number and not a missing-value marker.
    case malformedCell(source: String, line: Int, column: Int, value: String)
    /// A data file whose shape is wrong (no header, a row of the wrong width, no label column ...).
    case malformedFile(source: String, line: Int, reason: String)
    /// Arrays whose sizes disagree (values for a matrix, labels for its rows, weights ...).
    case shapeMismatch(String)
    /// A matrix whose features differ from what a model was trained on.
    case featureMismatch(expected: [String], found: [String])
    /// A parameter outside its domain.
    case invalidParameter(name: String, value: String, reason: String)
    /// An I/O failure reading or writing a file.
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .malformedCell(let source, let line, let column, let value):
            "\(source):\(line):\(column): not a number: '\(value)' (missing values are written as empty, nan, NaN or NA)"
        case .malformedFile(let source, let line, let reason):
            "\(source):\(line): \(reason)"
        case .shapeMismatch(let reason):
            "shape mismatch: \(reason)"
        case .featureMismatch(let expected, let found):
            Self.describeFeatureMismatch(expected: expected, found: found)
        case .invalidParameter(let name, let value, let reason):
            "parameter \(name) = \(value): \(reason)"
        case .io(let path, let reason):
            "\(path): \(reason)"
        }
    }

    private static func describeFeatureMismatch(expected: [String], found: [String]) -> String {
        let missing = expected.filter { !found.contains($0) }
        let extra = found.filter { !expected.contains($0) }
        var parts: [String] = []
        if !missing.isEmpty { parts.append("missing \(missing.joined(separator: ", "))") }
        if !extra.isEmpty { parts.append("unexpected \(extra.joined(separator: ", "))") }
        if parts.isEmpty, let index = zip(expected, found).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            parts.append("column \(index + 1) is '\(found[index])', the model expects '\(expected[index])' there")
        }
        return "the matrix's features differ from the model's: " + parts.joined(separator: "; ")
    }
}
