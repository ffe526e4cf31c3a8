/// An integer token amount as a canonical decimal string (`0`, `1500000000000000000`, `-42`).
///
/// uint256 and int256 values do not fit 64 bits; the store keeps them as text and the features
/// convert them to scaled doubles only when they compute.
public struct DecimalAmount: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    /// Digits with an optional leading `-`, no leading zeros, never `-0`.
    public let digits: String

    public init(_ text: String, field: String = "amount") throws(ValidationError) {
        var body = Substring(text)
        let negative = body.first == "-"
        if negative { body = body.dropFirst() }
        guard !body.isEmpty, body.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw ValidationError(field: field, value: text, reason: "expected an integer written in decimal digits")
        }
        let trimmed = body.drop(while: { $0 == "0" })
        if trimmed.isEmpty {
            digits = "0"
        } else {
            digits = (negative ? "-" : "") + trimmed
        }
    }

    /// Wraps digits already known to be canonical, read back from the store.
    package init(canonical digits: String) { self.digits = digits }

    public init(integerLiteral value: Int64) { digits = String(value) }
    public init(_ value: Int64) { digits = String(value) }

    public static let zero: DecimalAmount = 0

    public var isNegative: Bool { digits.hasPrefix("-") }

    /// The value as a Double (rounded for values past 2^53); for feature arithmetic only.
    public var approximateValue: Double { Double(digits) ?? .nan }

    public var description: String { digits }

    public init(from decoder: any Decoder) throws {
        self = try DecimalAmount(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(digits)
    }
}
