/// A value from outside (a feed, a file, a flag) that does not have the shape the radar needs.
///
/// It names the field and the offending value so an operator can find and fix the source.
public struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field or key whose value was rejected, e.g. `token.address`.
    public var field: String
    /// The rejected value as it was received (truncated when very long).
    public var value: String
    /// What was wrong and, where possible, what is expected instead.
    public var reason: String

    public init(field: String, value: String, reason: String) {
        self.field = field
        self.value = value.count > 120 ? String(value.prefix(117)) + "..." : value
        self.reason = reason
    }

    public var description: String { "\(field): invalid value '\(value)': \(reason)" }
}
