import RadarCore

/// Random-looking but deterministic on-chain values: addresses, hashes and uint256-ish amounts.
///
/// Values are validated through RadarCore's own initialisers, so a benchmark row is exactly what a
/// collector would hand to the store.
struct SyntheticValues {
    private static let hexDigits = Array("0123456789abcdef".utf8)
    private static let decimalDigits = Array("0123456789".utf8)

    var rng: SeededGenerator

    init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    /// `0x` followed by `count` random lowercase hex digits.
    mutating func hex(_ count: Int) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "0"), UInt8(ascii: "x")]
        bytes.reserveCapacity(count + 2)
        var word: UInt64 = 0
        for position in 0..<count {
            if position % 16 == 0 { word = rng.next() }
            bytes.append(Self.hexDigits[Int(word & 0xF)])
            word >>= 4
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    mutating func address() throws -> EVMAddress { try EVMAddress(hex(40)) }

    mutating func hash() throws -> EVMHash { try EVMHash(hex(64)) }

    /// `count` distinct-looking addresses (collisions of 160 random bits do not happen in practice).
    mutating func addresses(_ count: Int) throws -> [EVMAddress] {
        var result: [EVMAddress] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try address()) }
        return result
    }

    /// A token amount of 18 to 28 decimal digits: 1e-0 … 1e10 whole tokens of an 18-decimals token.
    mutating func amount() throws -> DecimalAmount {
        let length = Int.random(in: 18...28, using: &rng)
        var bytes: [UInt8] = [Self.decimalDigits[Int.random(in: 1...9, using: &rng)]]
        bytes.reserveCapacity(length)
        for _ in 1..<length { bytes.append(Self.decimalDigits[rng.index(10)]) }
        return try DecimalAmount(String(decoding: bytes, as: UTF8.self))
    }
}
