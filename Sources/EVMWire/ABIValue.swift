import BigInt
import RadarCore

/// A decoded event parameter. Integers are `BigUInt`/`BigInt` so that uint256 and int256 never
/// overflow; `decimalAmount` gives the store's decimal text.
public enum ABIValue: Hashable, Sendable, CustomStringConvertible {
    case address(EVMAddress)
    case bool(Bool)
    case uint(BigUInt)
    case int(BigInt)
    /// `bytesN`: exactly N bytes.
    case fixedBytes([UInt8])
    case bytes([UInt8])
    case string(String)
    /// An indexed `bytes` or `string`: the log keeps only the keccak-256 of the value, never the value.
    case indexedHash(EVMHash)

    /// The integer as the store's decimal text; nil for other values.
    public var decimalAmount: DecimalAmount? {
        switch self {
        case .uint(let value): DecimalAmount(canonical: value.description)
        case .int(let value): DecimalAmount(canonical: value.description)
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .address(let address): address.hex
        case .bool(let value): String(value)
        case .uint(let value): value.description
        case .int(let value): value.description
        case .fixedBytes(let bytes), .bytes(let bytes): Hex.encode(bytes)
        case .string(let text): text
        case .indexedHash(let hash): hash.hex
        }
    }
}

/// A log decoded against an `EventSignature`: one value per parameter, in the signature's order.
public struct DecodedEvent: Hashable, Sendable {
    public var signature: EventSignature
    public var values: [ABIValue]

    public init(signature: EventSignature, values: [ABIValue]) {
        self.signature = signature
        self.values = values
    }

    /// The value of the parameter called `name`, when there is one.
    public subscript(name: String) -> ABIValue? {
        signature.parameters.firstIndex { $0.name == name }.map { values[$0] }
    }
}
