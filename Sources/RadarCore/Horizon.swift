/// How far ahead an alpha score looks: the forward-return window, measured in hourly bars.
///
/// A score at `t` is judged on the return from `t + executionLag` to `t + executionLag + length`,
/// so that it could have been traded when it was published.
public struct Horizon: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The forward-return window (default 7 days).
    public var length: RadarDuration
    /// The delay between a score and the earliest trade on it (default one bar, 1 hour).
    public var executionLag: RadarDuration

    /// The bar every horizon is counted in.
    public static let bar = RadarDuration.hours(1)

    public init(length: RadarDuration = .days(7), executionLag: RadarDuration = .hours(1)) throws(ValidationError) {
        guard length.seconds > 0, length.seconds % Self.bar.seconds == 0 else {
            throw ValidationError(field: "horizon", value: length.description, reason: "must be a positive whole number of hours")
        }
        guard executionLag.seconds >= 0, executionLag.seconds % Self.bar.seconds == 0 else {
            throw ValidationError(field: "executionLag", value: executionLag.description, reason: "must be a whole number of hours, 0h or more")
        }
        self.length = length
        self.executionLag = executionLag
    }

    /// The default: 7 days, traded one bar after the score.
    public static let week = try! Horizon()

    /// Number of hourly bars in the window.
    public var bars: Int { Int(length.seconds / Self.bar.seconds) }

    /// When the forward window that a score at `asOf` is judged on starts and ends.
    public func window(after asOf: Timestamp) -> ClosedRange<Timestamp> {
        let start = asOf + executionLag
        return start...(start + length)
    }

    public var description: String { "\(length) (lag \(executionLag))" }
}
