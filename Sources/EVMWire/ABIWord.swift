import BigInt

/// One 32-byte ABI word as four 64-bit limbs, most significant first.
///
/// The hot decoders read amounts straight from words into decimal text with fixed-width arithmetic
/// (no allocation until the string), which is exact for all 256 bits; `BigUInt`/`BigInt` serve the
/// generic decoder, and the tests hold the two to each other.
package struct ABIWord: Hashable, Sendable {
    package var high: UInt64, upper: UInt64, lower: UInt64, low: UInt64

    package init(high: UInt64 = 0, upper: UInt64 = 0, lower: UInt64 = 0, low: UInt64) {
        self.high = high
        self.upper = upper
        self.lower = lower
        self.low = low
    }

    /// The word at `offset` of `bytes`, which must hold 32 bytes from there.
    package init(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        high = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        upper = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
        lower = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
        low = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
    }

    /// The word a canonical hash's 64 hex digits spell (topics arrive as `EVMHash`).
    package init(hashHex hex: String) {
        var limbs: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var text = hex
        text.withUTF8 { utf8 in
            Hex.nibbles.withUnsafeBufferPointer { nibbles in
                func limb(_ index: Int) -> UInt64 {
                    var value: UInt64 = 0
                    for position in (2 + 16 * index)..<(2 + 16 * index + 16) {
                        value = value << 4 | UInt64(nibbles[Int(utf8[position])])
                    }
                    return value
                }
                limbs = (limb(0), limb(1), limb(2), limb(3))
            }
        }
        (high, upper, lower, low) = limbs
    }

    package init(_ value: BigUInt) {
        let words = value.words
        func word(_ index: Int) -> UInt64 { index < words.count ? UInt64(words[index]) : 0 }
        self.init(high: word(3), upper: word(2), lower: word(1), low: word(0))
    }

    /// Two's complement of `value` in 256 bits.
    package init(_ value: BigInt) {
        let magnitude = ABIWord(value.magnitude)
        self = value.sign == .minus && !value.isZero ? magnitude.negated : magnitude
    }

    package static let zero = ABIWord(low: 0)

    package var isZero: Bool { (high | upper | lower | low) == 0 }

    /// The sign bit, for words read as intN.
    package var isNegative: Bool { high >> 63 == 1 }

    /// The limbs as 32 big-endian bytes.
    package var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(32)
        for limb in [high, upper, lower, low] {
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: limb >> UInt64(shift))) }
        }
        return out
    }

    /// Whether the value is below 2^bits: the padding an ABI-encoded uintN (or an address, 160) must have.
    package func fitsUnsigned(bits: Int) -> Bool {
        let m = Self.masks(bits)
        return (high & m.3) | (upper & m.2) | (lower & m.1) | (low & m.0) == 0
    }

    /// Whether the word is the sign extension of its low `bits` bits: the padding an intN must have.
    package func fitsSigned(bits: Int) -> Bool {
        guard bits < 256 else { return true }
        let signLimb = switch (bits - 1) / 64 { case 0: low; case 1: lower; case 2: upper; default: high }
        let fill: UInt64 = (signLimb >> UInt64((bits - 1) % 64)) & 1 == 1 ? .max : 0
        let m = Self.masks(bits)
        return high & m.3 == fill & m.3 && upper & m.2 == fill & m.2 && lower & m.1 == fill & m.1 && low & m.0 == fill & m.0
    }

    /// Per limb (least significant first), the bits at position `bits` and above.
    private static func masks(_ bits: Int) -> (UInt64, UInt64, UInt64, UInt64) {
        func mask(_ limb: Int) -> UInt64 {
            let limbLow = limb * 64
            if bits >= limbLow + 64 { return 0 }
            if bits <= limbLow { return .max }
            return .max << UInt64(bits - limbLow)
        }
        return (mask(0), mask(1), mask(2), mask(3))
    }

    /// Two's complement negation in 256 bits.
    package var negated: ABIWord {
        var (l0, carry) = (~low).addingReportingOverflow(1)
        var l1 = ~lower, l2 = ~upper, l3 = ~high
        if carry { (l1, carry) = l1.addingReportingOverflow(1) }
        if carry { (l2, carry) = l2.addingReportingOverflow(1) }
        if carry { l3 = l3 &+ 1 }
        _ = l0
        return ABIWord(high: l3, upper: l2, lower: l1, low: l0)
    }

    /// The unsigned value in decimal, exact for all 256 bits.
    package var unsignedDecimal: String {
        if (high | upper | lower) == 0 { return String(low) }
        // Repeated division by 10^19, the largest power of ten below 2^64, writing each remainder's
        // digits from the end of the buffer; 2^256 - 1 has 78 digits.
        let chunkBase: UInt64 = 10_000_000_000_000_000_000
        var limbs = (high, upper, lower, low)
        return String(unsafeUninitializedCapacity: 78) { out in
            var end = 78
            var more = true
            while more {
                var remainder: UInt64 = 0
                (limbs.0, remainder) = chunkBase.dividingFullWidth((remainder, limbs.0))
                (limbs.1, remainder) = chunkBase.dividingFullWidth((remainder, limbs.1))
                (limbs.2, remainder) = chunkBase.dividingFullWidth((remainder, limbs.2))
                (limbs.3, remainder) = chunkBase.dividingFullWidth((remainder, limbs.3))
                more = (limbs.0 | limbs.1 | limbs.2 | limbs.3) != 0
                // Inner chunks are exactly 19 digits; the leading one has no leading zeros.
                var written = 0
                repeat {
                    end -= 1
                    out[end] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: remainder % 10)
                    remainder /= 10
                    written += 1
                } while more ? written < 19 : remainder != 0
            }
            let count = 78 - end
            UnsafeMutableRawPointer(out.baseAddress!).copyMemory(from: out.baseAddress! + end, byteCount: count)
            return count
        }
    }

    /// The value read as int256, in decimal.
    package var signedDecimal: String {
        isNegative ? "-" + negated.unsignedDecimal : unsignedDecimal
    }

    package var bigUInt: BigUInt { BigUInt(words: [UInt(low), UInt(lower), UInt(upper), UInt(high)]) }

    package var bigInt: BigInt { isNegative ? -BigInt(negated.bigUInt) : BigInt(bigUInt) }
}
