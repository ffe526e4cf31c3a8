@testable import EVMWire
import PropertyBased
import Testing

/// Keccak-256 against published vectors (and pycryptodome's `keccak.new(digest_bits=256)` for the
/// multi-block messages), and the streaming interface against the one-shot one.
@Suite struct Keccak256Tests {
    private func hex(_ bytes: [UInt8]) -> String { String(Hex.encode(bytes).dropFirst(2)) }

    @Test func emptyAndShortMessages() {
        #expect(hex(Keccak256.hash("")) == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
        #expect(hex(Keccak256.hash("abc")) == "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")
    }

    /// Around and past the 136-byte rate: the padding's two cases (one block, an extra block) and three blocks.
    @Test(arguments: [
        (135, "34367dc248bbd832f4e3e69dfaac2f92638bd0bbd18f2912ba4ef454919cf446"),
        (136, "a6c4d403279fe3e0af03729caada8374b5ca54d8065329a3ebcaeb4b60aa386e"),
        (200, "96ea54061def936c4be90b518992fdc6f12f535068a256229aca54267b4d084d"),
        (272, "cf7fcd4f705ee749930d19ca84561a9bf62516bd90a471545fa2f49fdc7e63c8"),
    ])
    func messagesAroundTheRate(count: Int, expected: String) {
        #expect(hex(Keccak256.hash(String(repeating: "a", count: count))) == expected)
    }

    /// Not SHA3-256: that hashes "" to a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a.
    @Test func usesTheOriginalPaddingNotSHA3() {
        #expect(hex(Keccak256.hash("")) != "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a")
    }

    @Test(arguments: [
        ("Transfer(address,address,uint256)", "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"),
        ("Swap(address,uint256,uint256,uint256,uint256,address)", "d78ad95fa46c994b6551d0da85fc275fe613ce37657fb8d5e3d130840159d822"),
        ("Sync(uint112,uint112)", "1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1"),
    ])
    func eventTopics(signature: String, expected: String) {
        #expect(hex(Keccak256.hash(signature)) == expected)
    }

    @Test func streamingInPiecesMatchesOneShot() async {
        await propertyCheck(input: Gen.uint8().array(of: 0...700), Gen.int(in: 0...700), Gen.int(in: 0...700)) { bytes, cut1, cut2 in
            let first = min(cut1, bytes.count), second = min(max(first, cut2), bytes.count)
            var hasher = Keccak256()
            hasher.update(bytes[..<first])
            hasher.update(bytes[first..<second])
            hasher.update(bytes[second...])
            #expect(hasher.finalize() == Keccak256.hash(bytes))
        }
    }
}
