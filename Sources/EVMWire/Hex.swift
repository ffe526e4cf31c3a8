import RadarCore

/// Hex text to bytes and back, for the EVM wire formats (`0x`-prefixed, lowercase out, any case in).
/// Package-wide, not public: the public surface speaks `EVMAddress`, `EVMHash` and `[UInt8]`.
package enum Hex {
    /// The value of each ASCII byte as a hex digit, or 0xFF when it is not one.
    package static let nibbles: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (offset, character) in "0123456789".utf8.enumerated() { table[Int(character)] = UInt8(offset) }
        for (offset, character) in "abcdef".utf8.enumerated() { table[Int(character)] = UInt8(10 + offset) }
        for (offset, character) in "ABCDEF".utf8.enumerated() { table[Int(character)] = UInt8(10 + offset) }
        return table
    }()

    package static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// `0x` and two lowercase digits per byte.
    package static func encode(_ bytes: some Collection<UInt8>) -> String {
        String(unsafeUninitializedCapacity: 2 + 2 * bytes.count) { out in
            out[0] = UInt8(ascii: "0")
            out[1] = UInt8(ascii: "x")
            var index = 2
            digits.withUnsafeBufferPointer { digits in
                for byte in bytes {
                    out[index] = digits[Int(byte >> 4)]
                    out[index + 1] = digits[Int(byte & 0x0F)]
                    index += 2
                }
            }
            return index
        }
    }

    /// The bytes of `0x`-prefixed (or bare) hex text of even length, or nil when it is not that.
    package static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var utf8 = Substring(text).utf8[...]
        if utf8.count >= 2, utf8.first == UInt8(ascii: "0"), utf8.dropFirst().first.map({ $0 | 0x20 }) == UInt8(ascii: "x") {
            utf8 = utf8.dropFirst(2)
        }
        guard utf8.count % 2 == 0 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(utf8.count / 2)
        var iterator = utf8.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            let h = nibbles[Int(high)], l = nibbles[Int(low)]
            guard h != 0xFF, l != 0xFF else { return nil }
            bytes.append(h << 4 | l)
        }
        return bytes
    }
}

extension EVMHash {
    /// The hash whose 32 bytes are `bytes` (exactly 32).
    package init(bytes: some Collection<UInt8>) {
        precondition(bytes.count == 32, "a hash is 32 bytes")
        self.init(canonical: Hex.encode(bytes))
    }

    /// The 32 bytes this hash spells.
    package var bytes: [UInt8] { Hex.decode(hex)! }
}

extension EVMAddress {
    /// The address whose 20 bytes are `bytes` (exactly 20).
    package init(bytes: some Collection<UInt8>) {
        precondition(bytes.count == 20, "an address is 20 bytes")
        self.init(canonical: Hex.encode(bytes))
    }

    /// The 20 bytes this address spells.
    package var bytes: [UInt8] { Hex.decode(hex)! }
}
