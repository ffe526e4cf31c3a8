/// A 20-byte EVM account or contract address, always held as lowercase `0x` + 40 hex digits.
///
/// Feeds deliver addresses in mixed (EIP-55) case; normalising once at the edge lets every table and
/// map compare addresses as plain strings.
public struct EVMAddress: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Lowercase `0x` + 40 hex digits.
    public let hex: String

    /// Validates and lowercases `text`; `field` names where it came from for the error.
    public init(_ text: String, field: String = "address") throws(ValidationError) {
        hex = try normalisedHex(text, digits: 40, field: field)
    }

    /// Wraps text already known to be canonical (lowercase `0x` + 40 hex): values the store validated
    /// on the way in and reads back on its hot paths.
    package init(canonical hex: String) { self.hex = hex }

    /// The zero address, used by ERC-20 mints and burns.
    public static let zero = try! EVMAddress("0x0000000000000000000000000000000000000000")

    public var description: String { hex }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.hex < rhs.hex }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        self = try EVMAddress(text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
