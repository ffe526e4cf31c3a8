/// A JSON answer written straight into bytes: the server's hot path writes thousands of logs per
/// request, so it appends hex and quoted text without building strings or dictionaries.
struct JSONBytes {
    var bytes: [UInt8] = []

    init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// `"0x…"`: a JSON-RPC quantity (no leading zeros).
    mutating func quantity(_ value: UInt64) {
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: "0"))
        bytes.append(UInt8(ascii: "x"))
        if value == 0 {
            bytes.append(UInt8(ascii: "0"))
        } else {
            var shift = (63 - value.leadingZeroBitCount) / 4 * 4
            while shift >= 0 {
                bytes.append(Self.digits[Int((value >> UInt64(shift)) & 0xF)])
                shift -= 4
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func quantity(_ value: Int64) { quantity(UInt64(bitPattern: value)) }

    /// `count` hex digits of `value`, no quotes.
    mutating func hexDigits(_ value: UInt64, count: Int) {
        var shift = 4 * (count - 1)
        while shift >= 0 {
            bytes.append(Self.digits[Int((value >> UInt64(shift)) & 0xF)])
            shift -= 4
        }
    }

    /// `"0x" + 64 digits`.
    mutating func hash(_ hash: SimHash) {
        raw("\"0x")
        words(hash)
        bytes.append(UInt8(ascii: "\""))
    }

    /// 64 hex digits of a word, no quotes or prefix.
    mutating func words(_ hash: SimHash) {
        hexDigits(hash.words.0, count: 16)
        hexDigits(hash.words.1, count: 16)
        hexDigits(hash.words.2, count: 16)
        hexDigits(hash.words.3, count: 16)
    }

    /// `"0x" + 40 digits`, lowercase.
    mutating func address(_ address: SimAddress) {
        raw("\"0x")
        hexDigits(address.high, count: 16)
        hexDigits(address.middle, count: 16)
        hexDigits(UInt64(address.low), count: 8)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A JSON string literal with the escapes JSON requires.
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case UInt8(ascii: "\n"): raw("\\n")
            case UInt8(ascii: "\r"): raw("\\r")
            case UInt8(ascii: "\t"): raw("\\t")
            case 0..<0x20:
                raw("\\u00")
                hexDigits(UInt64(byte), count: 2)
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A number as JSON writes it; non-finite values become 0 (JSON has no NaN).
    mutating func number(_ value: Double) {
        guard value.isFinite else { bytes.append(UInt8(ascii: "0")); return }
        if value == value.rounded(), abs(value) < 1e15 {
            raw(String(Int64(value)))
        } else {
            raw(String(value))
        }
    }

    mutating func number(_ value: Int64) { raw(String(value)) }

    mutating func byte(_ character: Unicode.Scalar) { bytes.append(UInt8(ascii: character)) }
}
