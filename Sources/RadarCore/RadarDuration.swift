import Foundation

/// A length of time written the way operators write it in config and flags: `30s`, `5m`, `1h`, `7d`.
public struct RadarDuration: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }
    public static func seconds(_ value: Int64) -> Self { Self(seconds: value) }
    public static func minutes(_ value: Int64) -> Self { Self(seconds: value * 60) }
    public static func hours(_ value: Int64) -> Self { Self(seconds: value * 3600) }
    public static func days(_ value: Int64) -> Self { Self(seconds: value * 86_400) }

    /// Parses `<positive integer><unit>` with unit `s`, `m`, `h` or `d`; `0s` is allowed.
    public init(parsing text: String, field: String = "duration") throws(ValidationError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let unit = trimmed.last, let number = Int64(trimmed.dropLast()), number >= 0,
              !trimmed.dropLast().contains(where: { !$0.isASCII || !$0.isNumber }) else {
            throw ValidationError(field: field, value: text, reason: "expected a duration such as 30s, 5m, 1h or 7d")
        }
        let scale: Int64
        switch unit {
        case "s": scale = 1
        case "m": scale = 60
        case "h": scale = 3600
        case "d": scale = 86_400
        default:
            throw ValidationError(field: field, value: text, reason: "unknown unit '\(unit)'; use s, m, h or d (30s, 5m, 1h, 7d)")
        }
        let (product, overflow) = number.multipliedReportingOverflow(by: scale)
        guard !overflow else { throw ValidationError(field: field, value: text, reason: "duration is too long") }
        seconds = product
    }

    /// The shortest exact spelling: `7d`, `90m`, `45s`.
    public var description: String {
        if seconds != 0 && seconds % 86_400 == 0 { return "\(seconds / 86_400)d" }
        if seconds != 0 && seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds != 0 && seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.seconds < rhs.seconds }

    /// Swift's own `Duration`, for sleeping and timeouts.
    public var duration: Duration { .seconds(seconds) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let seconds = try? container.decode(Int64.self) {
            self.seconds = seconds
        } else {
            self = try RadarDuration(parsing: try container.decode(String.self))
        }
    }

    /// Written as config writes it (`7d`), so printed configs read back.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
