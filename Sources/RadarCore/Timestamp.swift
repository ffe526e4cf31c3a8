import Foundation

/// A point in time as whole Unix seconds (UTC): the unit of every `event_time` and `observed_at`.
///
/// Block times are whole seconds, and integer times compare exactly, which point-in-time reads rely on.
public struct Timestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    /// The whole second at or before `date`.
    public init(flooring date: Date) { seconds = Int64(date.timeIntervalSince1970.rounded(.down)) }

    /// The whole second at or after `date`: an observation stamped this way is never visible to a
    /// read as of an instant before it really happened.
    public init(ceiling date: Date) { seconds = Int64(date.timeIntervalSince1970.rounded(.up)) }

    public var date: Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.seconds < rhs.seconds }

    public init(from decoder: any Decoder) throws {
        seconds = try decoder.singleValueContainer().decode(Int64.self)
    }

    /// Unix seconds, as the store keeps them.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(seconds)
    }

    public static func + (lhs: Self, rhs: RadarDuration) -> Self { Timestamp(seconds: lhs.seconds + rhs.seconds) }
    public static func - (lhs: Self, rhs: RadarDuration) -> Self { Timestamp(seconds: lhs.seconds - rhs.seconds) }

    /// ISO 8601 in UTC, e.g. `2026-11-26T06:00:00Z`.
    public var description: String {
        date.formatted(.iso8601)
    }

    /// Parses ISO 8601 (`2026-11-26T06:00:00Z`, a date `2026-11-26`) or Unix seconds.
    public init(parsing text: String, field: String = "time") throws(ValidationError) {
        if let seconds = Int64(text) {
            self.init(seconds: seconds)
            return
        }
        if let date = try? Date(text, strategy: .iso8601) {
            self.init(flooring: date)
            return
        }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle().year().month().day()) {
            self.init(flooring: date)
            return
        }
        throw ValidationError(field: field, value: text, reason: "expected ISO 8601 (2026-11-26T06:00:00Z), a date (2026-11-26) or Unix seconds")
    }
}
