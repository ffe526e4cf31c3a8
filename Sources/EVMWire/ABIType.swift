/// The Solidity ABI types an event parameter may have here: the value types and the two dynamic byte
/// types. Arrays and tuples are left out on purpose: no event the radar reads uses them, and a feed
/// configured with one is told so by name instead of being decoded wrongly.
public enum ABIType: Hashable, Sendable, CustomStringConvertible {
    case address
    case bool
    /// `uintN`, N a multiple of 8 from 8 to 256.
    case uint(bits: Int)
    /// `intN`, N a multiple of 8 from 8 to 256 (two's complement).
    case int(bits: Int)
    /// `bytesN`, N from 1 to 32, left-aligned in its word.
    case fixedBytes(count: Int)
    /// `bytes`: dynamic, in the data area (or its hash when indexed).
    case bytes
    /// `string`: dynamic UTF-8, in the data area (or its hash when indexed).
    case string

    /// Parses one type name (`address`, `uint256`, `uint` for `uint256`, `bytes32`, `string`, ...).
    /// The error's reason says what is wrong and what is supported; the caller adds where.
    public init(parsing name: String) throws(ABITypeError) {
        switch name {
        case "address": self = .address
        case "bool": self = .bool
        case "bytes": self = .bytes
        case "string": self = .string
        case "uint": self = .uint(bits: 256)
        case "int": self = .int(bits: 256)
        default:
            if name.contains("[") || name.contains("(") || name.contains("tuple") {
                throw ABITypeError(type: name, reason: "arrays and tuples are not supported")
            }
            if let bits = Self.suffix(of: name, after: "uint") ?? Self.suffix(of: name, after: "int") {
                guard bits % 8 == 0, (8...256).contains(bits) else {
                    throw ABITypeError(type: name, reason: "the width must be a multiple of 8 from 8 to 256")
                }
                self = name.hasPrefix("uint") ? .uint(bits: bits) : .int(bits: bits)
            } else if let count = Self.suffix(of: name, after: "bytes") {
                guard (1...32).contains(count) else {
                    throw ABITypeError(type: name, reason: "bytesN needs N from 1 to 32")
                }
                self = .fixedBytes(count: count)
            } else {
                throw ABITypeError(type: name, reason: "unknown type; supported: address, bool, uintN, intN, bytesN, bytes, string")
            }
        }
    }

    /// The digits after `prefix` as a number, when `name` is `prefix` followed by decimal digits only.
    private static func suffix(of name: String, after prefix: String) -> Int? {
        guard name.hasPrefix(prefix) else { return nil }
        let digits = name.dropFirst(prefix.count)
        guard !digits.isEmpty, digits.count <= 3, digits.first != "0",
              digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return Int(digits)
    }

    /// Whether the value lives in the data area behind an offset (and is hashed when indexed).
    public var isDynamic: Bool {
        switch self {
        case .bytes, .string: true
        default: false
        }
    }

    /// The canonical name, as it appears in the signature that is hashed into topic0.
    public var description: String {
        switch self {
        case .address: "address"
        case .bool: "bool"
        case .uint(let bits): "uint\(bits)"
        case .int(let bits): "int\(bits)"
        case .fixedBytes(let count): "bytes\(count)"
        case .bytes: "bytes"
        case .string: "string"
        }
    }
}

/// Why a type name is not one `ABIType` supports.
public struct ABITypeError: Error, Hashable, Sendable, CustomStringConvertible {
    public var type: String
    public var reason: String

    public var description: String { "type '\(type)': \(reason)" }
}
