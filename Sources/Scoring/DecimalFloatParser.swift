#if canImport(Glibc)
import Glibc
#endif

/// Parses decimal numbers from raw CSV bytes without building strings.
///
/// The common case (at most 19 significant digits, a power of ten up to 1e22) is computed exactly in
/// Double (Clinger's fast path) and then rounded to Float; anything longer goes through `strtod`.
/// Reading a 1M x 50 file is 50M cells, so this loop is where CSV time goes.
enum DecimalFloatParser {
    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// The value of the bytes `[start, start + count)`, or nil when they are not a number.
    /// `inf`, `-inf` and `infinity` are numbers; missing-value markers are the caller's concern.
    @inline(__always)
    static func parse(_ start: UnsafePointer<UInt8>, _ count: Int) -> Float? {
        var index = 0
        var negative = false
        if index < count && (start[index] == UInt8(ascii: "-") || start[index] == UInt8(ascii: "+")) {
            negative = start[index] == UInt8(ascii: "-")
            index += 1
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var digits = 0
        var exponent = 0
        var tooLong = false
        while index < count, case let digit = start[index] &- UInt8(ascii: "0"), digit < 10 {
            if significant < 19 {
                mantissa = mantissa &* 10 &+ UInt64(digit)
                if mantissa != 0 { significant += 1 }
            } else {
                exponent += 1
                tooLong = true
            }
            digits += 1
            index += 1
        }
        if index < count && start[index] == UInt8(ascii: ".") {
            index += 1
            while index < count, case let digit = start[index] &- UInt8(ascii: "0"), digit < 10 {
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    if mantissa != 0 { significant += 1 }
                    exponent -= 1
                } else {
                    tooLong = true
                }
                digits += 1
                index += 1
            }
        }
        guard digits > 0 else { return parseSpecial(start, count) }
        if index < count && (start[index] | 0x20) == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < count && (start[index] == UInt8(ascii: "-") || start[index] == UInt8(ascii: "+")) {
                exponentNegative = start[index] == UInt8(ascii: "-")
                index += 1
            }
            var written = 0
            var exponentDigits = 0
            while index < count, case let digit = start[index] &- UInt8(ascii: "0"), digit < 10 {
                if written < 100_000 { written = written * 10 + Int(digit) }
                exponentDigits += 1
                index += 1
            }
            guard exponentDigits > 0 else { return nil }
            exponent += exponentNegative ? -written : written
        }
        guard index == count else { return nil }
        if !tooLong && mantissa <= (1 << 53) && exponent >= -22 && exponent <= 22 {
            var value = Double(mantissa)
            value = exponent < 0 ? value / powersOfTen[-exponent] : value * powersOfTen[exponent]
            return Float(negative ? -value : value)
        }
        return slowPath(start, count)
    }

    /// `strtod` on a NUL-terminated copy, for long or extreme numbers.
    private static func slowPath(_ start: UnsafePointer<UInt8>, _ count: Int) -> Float? {
        guard count < 512 else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            for index in 0..<count { buffer[index] = CChar(bitPattern: start[index]) }
            buffer[count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(buffer.baseAddress!, &end)
            guard let end, end == buffer.baseAddress! + count else { return nil }
            return Float(value)
        }
    }

    /// `inf`, `infinity` with an optional sign, in any case.
    private static func parseSpecial(_ start: UnsafePointer<UInt8>, _ count: Int) -> Float? {
        var offset = 0
        var negative = false
        if count > 0 && (start[0] == UInt8(ascii: "-") || start[0] == UInt8(ascii: "+")) {
            negative = start[0] == UInt8(ascii: "-")
            offset = 1
        }
        let word = String(decoding: UnsafeBufferPointer(start: start + offset, count: count - offset), as: UTF8.self).lowercased()
        guard word == "inf" || word == "infinity" else { return nil }
        return negative ? -.infinity : .infinity
    }
}
