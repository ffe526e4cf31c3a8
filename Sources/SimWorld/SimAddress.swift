import RadarCore

/// A 20-byte account or contract address held inline as three words, not as a string.
///
/// A world of 10,000 tokens emits hundreds of millions of logs; keeping addresses as plain words keeps
/// each log free of heap allocations. `evm` gives the RadarCore form at the edge.
public struct SimAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Bytes 0..<8, big-endian.
    public var high: UInt64
    /// Bytes 8..<16, big-endian.
    public var middle: UInt64
    /// Bytes 16..<20, big-endian.
    public var low: UInt32

    public init(high: UInt64, middle: UInt64, low: UInt32) {
        self.high = high
        self.middle = middle
        self.low = low
    }

    /// The zero address (ERC-20 mints and burns).
    public static let zero = SimAddress(high: 0, middle: 0, low: 0)

    /// A deterministic address for the `index`-th object of `kind` in the world of `seed`.
    public static func derived(seed: UInt64, kind: SimAddressKind, index: UInt64) -> SimAddress {
        var random = SimRandom(seed: seed, 0xADD0_0000 | kind.rawValue, index)
        return SimAddress(high: random.next(), middle: random.next(), low: UInt32(truncatingIfNeeded: random.next()))
    }

    /// Byte order, which is how Uniswap V2 orders token0 and token1.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.high, lhs.middle, lhs.low) < (rhs.high, rhs.middle, rhs.low)
    }

    /// The 20 bytes, big-endian.
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(20)
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: high >> UInt64(shift))) }
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: middle >> UInt64(shift))) }
        for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: low >> UInt32(shift))) }
        return out
    }

    /// Lowercase `0x` + 40 hex digits.
    public var hex: String { "0x" + hexDigits(high, 16) + hexDigits(middle, 16) + hexDigits(UInt64(low), 8) }

    /// The RadarCore address.
    public var evm: EVMAddress { EVMAddress(canonical: hex) }

    public var description: String { hex }
}

/// What a derived address belongs to; each kind draws from its own stream.
public enum SimAddressKind: UInt64, Sendable, CaseIterable {
    case token = 1, pool, deployer, holder, smartWallet, liquidityProvider, ipAccount, contract, author
}

/// A 32-byte hash (block hash, transaction hash) held inline as four words.
public struct SimHash: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var words: (UInt64, UInt64, UInt64, UInt64)

    public init(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) { words = (a, b, c, d) }

    /// A deterministic hash for (`domain`, `a`, `b`) in the world of `seed`.
    public static func derived(seed: UInt64, domain: UInt64, _ a: UInt64, _ b: UInt64 = 0) -> SimHash {
        var random = SimRandom(seed: seed, 0x4A54_0000 | domain, a, b)
        return SimHash(random.next(), random.next(), random.next(), random.next())
    }

    public static let zero = SimHash(0, 0, 0, 0)

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.words == rhs.words }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.words < rhs.words }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }

    /// Lowercase `0x` + 64 hex digits.
    public var hex: String {
        "0x" + hexDigits(words.0, 16) + hexDigits(words.1, 16) + hexDigits(words.2, 16) + hexDigits(words.3, 16)
    }

    /// The RadarCore hash.
    public var evm: EVMHash { EVMHash(canonical: hex) }

    public var description: String { hex }
}

/// `value` as exactly `count` lowercase hex digits.
func hexDigits(_ value: UInt64, _ count: Int) -> String {
    let digits: [UInt8] = Array("0123456789abcdef".utf8)
    var out = [UInt8](repeating: 0, count: count)
    var rest = value
    for index in stride(from: count - 1, through: 0, by: -1) {
        out[index] = digits[Int(rest & 0xF)]
        rest >>= 4
    }
    return String(decoding: out, as: UTF8.self)
}
