/// A 32-byte hash (block hash, transaction hash), held as lowercase `0x` + 64 hex digits.
public struct EVMHash: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let hex: String

    public init(_ text: String, field: String = "hash") throws(ValidationError) {
        hex = try normalisedHex(text, digits: 64, field: field)
    }

    /// Wraps text already known to be canonical (lowercase `0x` + 64 hex), read back from the store.
    package init(canonical hex: String) { self.hex = hex }

    /// All zeros; stands in where a source gives no hash.
    public static let zero = try! EVMHash("0x" + String(repeating: "0", count: 64))

    public var description: String { hex }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.hex < rhs.hex }

    public init(from decoder: any Decoder) throws {
        self = try EVMHash(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}

/// Lowercases `0x` + `digits` hex characters, or names what is wrong with `text`.
func normalisedHex(_ text: String, digits: Int, field: String) throws(ValidationError) -> String {
    var bytes = Array(text.utf8)
    guard bytes.count == digits + 2, bytes[0] == UInt8(ascii: "0"), bytes[1] | 0x20 == UInt8(ascii: "x") else {
        throw ValidationError(field: field, value: text, reason: "expected 0x followed by \(digits) hex digits")
    }
    bytes[1] = UInt8(ascii: "x")
    for index in 2..<bytes.count {
        switch bytes[index] {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"): break
        case UInt8(ascii: "A")...UInt8(ascii: "F"): bytes[index] += 32
        default: throw ValidationError(field: field, value: text, reason: "character \(index + 1) is not a hex digit")
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}
