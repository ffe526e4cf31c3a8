/// Reads the numbers that APIs send as JSON strings (`"priceUsd": "0.004531"`) strictly: the whole
/// text must be a plain decimal (optional `-`, digits, optional fraction and exponent), converted to the
/// nearest `Double`. `NaN`, `inf`, hex floats, `+1`, `1,5` and blanks are refused rather than guessed,
/// because a silently wrong price is worse than a visible feed error.
enum DecimalText {
    /// Whether `text` is a plain decimal number in the JSON grammar.
    static func isPlainDecimal(_ text: String) -> Bool {
        var bytes = text.utf8[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        func digits(_ slice: inout Substring.UTF8View.SubSequence) -> Int {
            let count = slice.prefix(while: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }).count
            slice = slice.dropFirst(count)
            return count
        }
        guard digits(&bytes) > 0 else { return false }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits(&bytes) > 0 else { return false }
        }
        if let first = bytes.first, first == UInt8(ascii: "e") || first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits(&bytes) > 0 else { return false }
        }
        return bytes.isEmpty
    }

    /// The value of `text`, or an error naming `feed`, `field` and the text.
    static func double(_ text: String, feed: String, field: String) throws(PayloadError) -> Double {
        guard isPlainDecimal(text), let value = Double(text), value.isFinite else {
            throw PayloadError(feed: feed, field: field, value: text, reason: "expected a decimal number such as 0.0045 or 1.2e-7")
        }
        return value
    }

    /// A price or amount sent as a string: a plain decimal of at least 0.
    static func amount(_ text: String?, feed: String, field: String) throws(PayloadError) -> Double? {
        guard let text else { return nil }
        let value = try double(text, feed: feed, field: field)
        guard value >= 0 else {
            throw PayloadError(feed: feed, field: field, value: text, reason: "expected an amount of at least 0")
        }
        return value
    }

    /// A JSON number, refused when it is not finite or negative where only amounts make sense.
    static func amount(_ value: Double?, feed: String, field: String) throws(PayloadError) -> Double? {
        guard let value else { return nil }
        guard value.isFinite, value >= 0 else {
            throw PayloadError(feed: feed, field: field, value: String(value), reason: "expected a finite amount of at least 0")
        }
        return value
    }
}
