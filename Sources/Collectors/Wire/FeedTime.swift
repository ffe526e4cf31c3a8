import Foundation
import RadarCore

/// The two date formats feeds write: RFC 3339 (Atom, X, Neynar, GeckoTerminal) and RFC 822 as
/// amended by RFC 1123 (RSS `pubDate`). Parsed by hand so the result does not depend on the platform's
/// date formatter, its locale or its handling of fractional seconds; the result is floored to a whole
/// second, like every event time in the store.
enum FeedTime {
    /// `2024-03-01T12:30:05Z`, `2024-03-01T12:30:05.123+01:00`, `2024-03-01 12:30:05z`.
    static func rfc3339(_ text: String) -> Timestamp? {
        var scanner = ByteScanner(text)
        guard let year = scanner.number(digits: 4), scanner.skip("-"),
              let month = scanner.number(digits: 2), scanner.skip("-"),
              let day = scanner.number(digits: 2) else { return nil }
        guard scanner.skip("T") || scanner.skip("t") || scanner.skip(" ") else { return nil }
        guard let hour = scanner.number(digits: 2), scanner.skip(":"),
              let minute = scanner.number(digits: 2), scanner.skip(":"),
              let second = scanner.number(digits: 2) else { return nil }
        if scanner.skip(".") || scanner.skip(",") {
            guard scanner.digitRun() > 0 else { return nil }
        }
        let offset: Int64
        if scanner.skip("Z") || scanner.skip("z") {
            offset = 0
        } else if let sign = scanner.sign() {
            guard let hours = scanner.number(digits: 2) else { return nil }
            _ = scanner.skip(":")
            guard let minutes = scanner.number(digits: 2), hours < 24, minutes < 60 else { return nil }
            offset = sign * (hours * 3600 + minutes * 60)
        } else {
            return nil
        }
        guard scanner.atEnd else { return nil }
        return timestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: offset)
    }

    /// `Mon, 06 Sep 2021 16:45:00 +0000`, `6 Sep 21 16:45 GMT`, `Tue, 10 Jun 2003 04:00:00 EST`.
    static func rfc822(_ text: String) -> Timestamp? {
        var parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "," }).map(String.init)
        if let first = parts.first, first.allSatisfy(\.isLetter), weekdays.contains(String(first.lowercased().prefix(3))) {
            parts.removeFirst()
        }
        guard parts.count == 4 || parts.count == 5 else { return nil }
        guard let day = Int64(parts[0]), let month = months[parts[1].lowercased().prefix(3).description],
              var year = Int64(parts[2]) else { return nil }
        if parts[2].count == 2 { year += year < 50 ? 2000 : 1900 } else if parts[2].count != 4 { return nil }
        let clock = parts[3].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2 || clock.count == 3,
              clock.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
              let hour = Int64(clock[0]), let minute = Int64(clock[1]) else { return nil }
        let second = clock.count == 3 ? Int64(clock[2]) : 0
        guard let second else { return nil }
        let offset: Int64
        if parts.count == 5 {
            guard let zone = zoneOffset(parts[4]) else { return nil }
            offset = zone
        } else {
            offset = 0
        }
        return timestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: offset)
    }

    /// Either format, as RSS and Atom feeds in the wild mix them.
    static func anyFormat(_ text: String) -> Timestamp? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return rfc3339(trimmed) ?? rfc822(trimmed)
    }

    static let weekdays: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    static let months: [String: Int64] = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    ]
    static let zones: [String: Int64] = [
        "gmt": 0, "ut": 0, "utc": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
    ]

    /// Seconds east of UTC for `+0100`, `-05:00`, `GMT`, `EST`; military letters other than Z are read as
    /// UTC, as RFC 1123 advises, since RFC 822 got their signs backwards.
    static func zoneOffset(_ text: String) -> Int64? {
        let lower = text.lowercased()
        if let hours = zones[lower] { return hours * 3600 }
        if lower.count == 1, let letter = lower.first, letter.isLetter, letter.isASCII, letter != "j" { return 0 }
        var scanner = ByteScanner(text)
        guard let sign = scanner.sign(), let hours = scanner.number(digits: 2) else { return nil }
        _ = scanner.skip(":")
        guard let minutes = scanner.number(digits: 2), scanner.atEnd, hours < 24, minutes < 60 else { return nil }
        return sign * (hours * 3600 + minutes * 60)
    }

    /// Unix seconds for a civil date and time at `offset` seconds east of UTC, or nil when out of range.
    static func timestamp(year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64, offset: Int64) -> Timestamp? {
        guard (1...9999).contains(year), (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return Timestamp(seconds: days * 86_400 + hour * 3600 + minute * 60 + second - offset)
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

/// A forward-only reader over a string's UTF-8 bytes for the fixed-width fields of dates.
struct ByteScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    var atEnd: Bool { index == bytes.count }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(character.value) else { return false }
        index += 1
        return true
    }

    /// Exactly `digits` decimal digits as a number.
    mutating func number(digits: Int) -> Int64? {
        guard index + digits <= bytes.count else { return nil }
        var value: Int64 = 0
        for byte in bytes[index..<(index + digits)] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        index += digits
        return value
    }

    /// Skips a run of digits and says how long it was.
    mutating func digitRun() -> Int {
        let start = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
        return index - start
    }

    /// +1 or -1 for a leading `+` or `-`.
    mutating func sign() -> Int64? {
        if skip("+") { return 1 }
        if skip("-") { return -1 }
        return nil
    }
}
