import RadarCore

/// A 20-byte EVM address packed into three integers: a dictionary key that hashes and compares without
/// touching a 42-character string. Window reads that return millions of rows use it for pools, tokens
/// and holders.
public struct PackedAddress: Hashable, Comparable, Sendable {
    let high: UInt64, middle: UInt64, low: UInt32

    /// Packs a canonical address (lowercase `0x` + 40 hex digits, as the store keeps them).
    public init(_ address: EVMAddress) {
        self = Array(address.hex.utf8).withUnsafeBufferPointer { PackedAddress(canonicalHex: $0) }
    }

    /// Packs `0x` + 40 lowercase hex digits; the store validated them on the way in.
    init(canonicalHex text: UnsafeBufferPointer<UInt8>) {
        func nibble(_ c: UInt8) -> UInt64 { c <= 57 ? UInt64(c &- 48) : UInt64((c | 0x20) &- 87) }
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var index = 2
        for _ in 0..<16 { words.0 = words.0 << 4 | nibble(text[index]); index += 1 }
        for _ in 0..<16 { words.1 = words.1 << 4 | nibble(text[index]); index += 1 }
        for _ in 0..<8 { words.2 = words.2 << 4 | nibble(text[index]); index += 1 }
        high = words.0
        middle = words.1
        low = UInt32(words.2)
    }

    /// The address from its three words, high to low: how a carried feature state stores it.
    public init(high: UInt64, middle: UInt64, low: UInt32) {
        self.high = high
        self.middle = middle
        self.low = low
    }

    /// The three words, high to low (`init(high:middle:low:)` packs them back).
    public var words: (high: UInt64, middle: UInt64, low: UInt32) { (high, middle, low) }

    /// The address as the rest of the radar writes it.
    public var address: EVMAddress {
        func hex(_ value: UInt64, digits: Int) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: digits - text.count) + text
        }
        return EVMAddress(canonical: "0x" + hex(high, digits: 16) + hex(middle, digits: 16) + hex(UInt64(low), digits: 8))
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.high, lhs.middle, lhs.low) < (rhs.high, rhs.middle, rhs.low) }
}

/// A contract on a chain (a pool or a token) as a packed key.
public struct ContractKey: Hashable, Sendable {
    public var chain: ChainID
    public var address: PackedAddress

    public init(chain: ChainID, address: PackedAddress) {
        self.chain = chain
        self.address = address
    }

    public init(_ token: TokenID) { self.init(chain: token.chain, address: PackedAddress(token.address)) }
}
