/// Keccak-256 as Ethereum uses it: the Keccak sponge (rate 136 bytes, capacity 512 bits) with the
/// original `0x01` padding, which is not SHA3-256 (`0x06`). Every event topic0 and every hashed indexed
/// value is this hash, so the decoders compute their topics with it instead of pasting hex constants.
///
/// Use `Keccak256.hash(_:)` for a whole message, or `update` and `finalize` to hash it in pieces.
public struct Keccak256: Sendable {
    /// Bytes absorbed per permutation: 1600 - 2 x 256 bits.
    public static let rate = 136
    /// Digest length in bytes.
    public static let digestCount = 32

    private var state = [UInt64](repeating: 0, count: 25)
    private var pending = [UInt8]()

    public init() { pending.reserveCapacity(Self.rate) }

    /// The digest of `bytes`.
    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var hasher = Keccak256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The digest of the UTF-8 bytes of `text` (an event signature, say).
    public static func hash(_ text: String) -> [UInt8] {
        hash(Array(text.utf8))
    }

    /// Absorbs `bytes`; whole blocks go straight from contiguous storage into the state.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            update(UnsafeRawBufferPointer(buffer))
        }
        if handled == nil {
            let copy = Array(bytes)
            copy.withUnsafeBytes { update($0) }
        }
    }

    /// Absorbs `bytes`.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        if !pending.isEmpty {
            let take = min(Self.rate - pending.count, bytes.count)
            pending.append(contentsOf: bytes[0..<take])
            offset = take
            guard pending.count == Self.rate else { return }
            pending.withUnsafeBytes { absorb($0, at: 0) }
            pending.removeAll(keepingCapacity: true)
        }
        while bytes.count - offset >= Self.rate {
            absorb(bytes, at: offset)
            offset += Self.rate
        }
        pending.append(contentsOf: bytes[offset...])
    }

    /// Pads the last block (`0x01 ... 0x80`), absorbs it and squeezes the 32-byte digest.
    public consuming func finalize() -> [UInt8] {
        var block = pending
        block.append(0x01)
        block.append(contentsOf: repeatElement(0, count: Self.rate - block.count))
        block[Self.rate - 1] |= 0x80
        block.withUnsafeBytes { absorb($0, at: 0) }
        var digest = [UInt8](repeating: 0, count: Self.digestCount)
        for lane in 0..<4 {
            let value = state[lane]
            for byte in 0..<8 { digest[lane * 8 + byte] = UInt8(truncatingIfNeeded: value >> (8 * byte)) }
        }
        return digest
    }

    /// XORs one 136-byte block (17 little-endian lanes) into the state and permutes it.
    private mutating func absorb(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        state.withUnsafeMutableBufferPointer { lanes in
            for lane in 0..<17 {
                lanes[lane] ^= UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + lane * 8, as: UInt64.self))
            }
            Self.roundConstants.withUnsafeBufferPointer { Self.permute(lanes.baseAddress!, $0) }
        }
    }

    private static let roundConstants: [UInt64] = [
        0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
        0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
        0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
        0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
        0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
        0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
    ]

    /// Keccak-f[1600]: 24 rounds over the 25 lanes held in locals (lane `axy` is x + 5y), theta,
    /// rho and pi fused into one pass, chi and iota in the next. Unrolled so the lanes stay in registers.
    private static func permute(_ state: UnsafeMutablePointer<UInt64>, _ roundConstants: UnsafeBufferPointer<UInt64>) {
        var a00 = state[0]
        var a10 = state[1]
        var a20 = state[2]
        var a30 = state[3]
        var a40 = state[4]
        var a01 = state[5]
        var a11 = state[6]
        var a21 = state[7]
        var a31 = state[8]
        var a41 = state[9]
        var a02 = state[10]
        var a12 = state[11]
        var a22 = state[12]
        var a32 = state[13]
        var a42 = state[14]
        var a03 = state[15]
        var a13 = state[16]
        var a23 = state[17]
        var a33 = state[18]
        var a43 = state[19]
        var a04 = state[20]
        var a14 = state[21]
        var a24 = state[22]
        var a34 = state[23]
        var a44 = state[24]
        for round in 0..<24 {
            let c0 = a00 ^ a01 ^ a02 ^ a03 ^ a04
            let c1 = a10 ^ a11 ^ a12 ^ a13 ^ a14
            let c2 = a20 ^ a21 ^ a22 ^ a23 ^ a24
            let c3 = a30 ^ a31 ^ a32 ^ a33 ^ a34
            let c4 = a40 ^ a41 ^ a42 ^ a43 ^ a44
            let d0 = c4 ^ c1.rotated(1)
            let d1 = c0 ^ c2.rotated(1)
            let d2 = c1 ^ c3.rotated(1)
            let d3 = c2 ^ c4.rotated(1)
            let d4 = c3 ^ c0.rotated(1)
            let b00 = (a00 ^ d0)
            let b13 = (a01 ^ d0).rotated(36)
            let b21 = (a02 ^ d0).rotated(3)
            let b34 = (a03 ^ d0).rotated(41)
            let b42 = (a04 ^ d0).rotated(18)
            let b02 = (a10 ^ d1).rotated(1)
            let b10 = (a11 ^ d1).rotated(44)
            let b23 = (a12 ^ d1).rotated(10)
            let b31 = (a13 ^ d1).rotated(45)
            let b44 = (a14 ^ d1).rotated(2)
            let b04 = (a20 ^ d2).rotated(62)
            let b12 = (a21 ^ d2).rotated(6)
            let b20 = (a22 ^ d2).rotated(43)
            let b33 = (a23 ^ d2).rotated(15)
            let b41 = (a24 ^ d2).rotated(61)
            let b01 = (a30 ^ d3).rotated(28)
            let b14 = (a31 ^ d3).rotated(55)
            let b22 = (a32 ^ d3).rotated(25)
            let b30 = (a33 ^ d3).rotated(21)
            let b43 = (a34 ^ d3).rotated(56)
            let b03 = (a40 ^ d4).rotated(27)
            let b11 = (a41 ^ d4).rotated(20)
            let b24 = (a42 ^ d4).rotated(39)
            let b32 = (a43 ^ d4).rotated(8)
            let b40 = (a44 ^ d4).rotated(14)
            a00 = b00 ^ (~b10 & b20)
            a10 = b10 ^ (~b20 & b30)
            a20 = b20 ^ (~b30 & b40)
            a30 = b30 ^ (~b40 & b00)
            a40 = b40 ^ (~b00 & b10)
            a01 = b01 ^ (~b11 & b21)
            a11 = b11 ^ (~b21 & b31)
            a21 = b21 ^ (~b31 & b41)
            a31 = b31 ^ (~b41 & b01)
            a41 = b41 ^ (~b01 & b11)
            a02 = b02 ^ (~b12 & b22)
            a12 = b12 ^ (~b22 & b32)
            a22 = b22 ^ (~b32 & b42)
            a32 = b32 ^ (~b42 & b02)
            a42 = b42 ^ (~b02 & b12)
            a03 = b03 ^ (~b13 & b23)
            a13 = b13 ^ (~b23 & b33)
            a23 = b23 ^ (~b33 & b43)
            a33 = b33 ^ (~b43 & b03)
            a43 = b43 ^ (~b03 & b13)
            a04 = b04 ^ (~b14 & b24)
            a14 = b14 ^ (~b24 & b34)
            a24 = b24 ^ (~b34 & b44)
            a34 = b34 ^ (~b44 & b04)
            a44 = b44 ^ (~b04 & b14)
            a00 ^= roundConstants[round]
        }
        state[0] = a00
        state[1] = a10
        state[2] = a20
        state[3] = a30
        state[4] = a40
        state[5] = a01
        state[6] = a11
        state[7] = a21
        state[8] = a31
        state[9] = a41
        state[10] = a02
        state[11] = a12
        state[12] = a22
        state[13] = a32
        state[14] = a42
        state[15] = a03
        state[16] = a13
        state[17] = a23
        state[18] = a33
        state[19] = a43
        state[20] = a04
        state[21] = a14
        state[22] = a24
        state[23] = a34
        state[24] = a44
    }
}

private extension UInt64 {
    /// Left rotation by a constant; masking shifts compile to one rotate instruction.
    @inline(__always) func rotated(_ count: UInt64) -> UInt64 {
        (self &<< count) | (self &>> (64 &- count))
    }
}
