import BigInt
@testable import Collectors
import EVMWire
import PropertyBased
import RadarCore
import Testing

/// The generic decoder against the encoder (round trips at the integer extremes and on generated
/// values), the fast word arithmetic against BigInt, and errors for malformed data.
@Suite struct ABIDecoderTests {
    /// A 256-bit value of random width, so small and huge values are both common.
    private static let word = zip(Gen.uint64().array(of: 4), Gen.int(in: 0...256)).map { limbs, width in
        BigUInt(words: limbs.map { UInt($0) }) >> (256 - width)
    }

    private static let everything = try! EventSignature(
        "Everything(address indexed who, int256 indexed delta, string indexed tag, bool flag, uint256 big, int256 signed, "
            + "bytes4 selector, bytes blob, string note, uint8 small, int24 tick)")

    @Test func decimalTextOfWordsMatchesBigInt() async {
        await propertyCheck(count: 500, input: Self.word) { value in
            let word = ABIWord(value)
            #expect(word.unsignedDecimal == value.description)
            #expect(word.bigUInt == value)
            let signed = word.isNegative ? -BigInt(word.negated.bigUInt) : BigInt(value)
            #expect(word.signedDecimal == signed.description)
            #expect(ABIWord(signed) == word)
        }
    }

    @Test func extremesInDecimal() {
        #expect(ABIWord(TestLogs.uint256Max).unsignedDecimal
                == "115792089237316195423570985008687907853269984665640564039457584007913129639935")
        #expect(ABIWord(TestLogs.uint256Max).signedDecimal == "-1")
        let minimum = ABIWord(high: 1 << 63, low: 0)
        #expect(minimum.signedDecimal == "-57896044618658097711785492504343953926634992332820282019728792003956564819968")
        #expect(ABIWord.zero.unsignedDecimal == "0" && ABIWord.zero.signedDecimal == "0")
        #expect(ABIWord(low: 10_000_000_000_000_000_000).unsignedDecimal == "10000000000000000000")
        #expect(ABIWord(lower: 1, low: 0).unsignedDecimal == "18446744073709551616")
    }

    @Test func paddingChecks() {
        let maxUInt112 = ABIWord((BigUInt(1) << 112) - 1)
        #expect(maxUInt112.fitsUnsigned(bits: 112) && !maxUInt112.fitsUnsigned(bits: 104))
        #expect(!ABIWord(BigUInt(1) << 112).fitsUnsigned(bits: 112))
        #expect(ABIWord(BigInt(-8_388_608)).fitsSigned(bits: 24))
        #expect(!ABIWord(BigInt(-8_388_609)).fitsSigned(bits: 24))
        #expect(ABIWord(BigInt(8_388_607)).fitsSigned(bits: 24))
        #expect(!ABIWord(BigInt(8_388_608)).fitsSigned(bits: 24))
        #expect(ABIWord(TestLogs.uint256Max).fitsSigned(bits: 8))
    }

    @Test func roundTripsEveryTypeAtTheExtremes() throws {
        let values: [ABIValue] = [
            .address(TestLogs.alice), .int(-(BigInt(1) << 255)), .string("ip:azuki"), .bool(true), .uint(TestLogs.uint256Max),
            .int(-1), .fixedBytes([0xde, 0xad, 0xbe, 0xef]), .bytes(Array(0..<70)), .string("Ωmega ✓"), .uint(255), .int(-887_272),
        ]
        let log = try TestLogs.log(Self.everything, values)
        #expect(log.topics.count == 4)
        let decoded = try ABIDecoder.decode(log, as: Self.everything)
        var expected = values
        expected[2] = .indexedHash(EVMHash(bytes: Keccak256.hash("ip:azuki")))
        #expect(decoded.values == expected)
        #expect(decoded["big"]?.decimalAmount?.digits == "115792089237316195423570985008687907853269984665640564039457584007913129639935")
        #expect(decoded["delta"]?.decimalAmount?.digits == "-57896044618658097711785492504343953926634992332820282019728792003956564819968")
    }

    @Test func roundTripsGeneratedValues() async throws {
        let text = zip(Gen.letterOrNumber.string(of: 0...80), Gen.uint8().array(of: 0...100))
        await propertyCheck(count: 200, input: Self.word, Self.word, text, Gen.int(in: -8_388_608...8_388_607)) { unsigned, raw, strings, tick in
            let signed = ABIWord(raw).isNegative ? -BigInt(ABIWord(raw).negated.bigUInt) : BigInt(raw)
            let values: [ABIValue] = [
                .address(TestLogs.bob), .int(signed), .string(strings.0), .bool(unsigned.isZero),
                .uint(unsigned), .int(signed), .fixedBytes([1, 2, 3, 4]), .bytes(strings.1), .string(strings.0),
                .uint(BigUInt(unsigned.words.first ?? 0) & 0xFF), .int(BigInt(tick)),
            ]
            let decoded = try ABIDecoder.decode(try TestLogs.log(Self.everything, values), as: Self.everything)
            #expect(decoded.values[1] == .int(signed))
            #expect(decoded.values[4] == .uint(unsigned))
            #expect(decoded.values[7] == .bytes(strings.1))
            #expect(decoded.values[8] == .string(strings.0))
            #expect(decoded.values[10] == .int(BigInt(tick)))
        }
    }

    private func failure(_ log: RawLog, _ signature: EventSignature) -> LogDecodingError? {
        do {
            _ = try ABIDecoder.decode(log, as: signature)
            return nil
        } catch {
            return error
        }
    }

    @Test func truncatedDynamicDataNamesTheFieldAndTheLog() throws {
        let signature = try EventSignature("Registered(uint256 indexed id, string name)")
        var log = try TestLogs.log(signature, [.uint(7), .string(String(repeating: "x", count: 40))])
        log.data.removeLast(32)
        let error = try #require(failure(log, signature))
        #expect(error.field == "name (data word 0)")
        #expect(error.reason.contains("truncated dynamic data"))
        #expect(error.description.contains("Registered(uint256 indexed id, string name)"))
        #expect(error.description.contains("block 19000000"))
        #expect(error.description.contains(TestLogs.transactionHash.hex))
        #expect(error.description.contains("log index 7"))

        log.data = ABIWord(low: 4096).bytes
        #expect(try #require(failure(log, signature)).reason.contains("offset is not a word boundary inside the 32 data bytes"))
    }

    @Test func badPaddingAndShapeErrors() throws {
        let signature = try EventSignature("Flag(address indexed owner, bool on, uint8 level)")
        let good = try TestLogs.log(signature, [.address(TestLogs.alice), .bool(true), .uint(3)])
        #expect(try ABIDecoder.decode(good, as: signature).values == [.address(TestLogs.alice), .bool(true), .uint(3)])

        var bad = good
        bad.data[31] = 2
        var error = try #require(failure(bad, signature))
        #expect(error.field == "on (data word 0)" && error.reason.contains("expected 0 or 1"))
        #expect(error.value == "0x" + String(repeating: "0", count: 63) + "2")

        bad = good
        bad.data[62] = 1
        error = try #require(failure(bad, signature))
        #expect(error.field == "level (data word 1)" && error.reason.contains("does not fit uint8"))

        bad = good
        bad.topics[1] = try EVMHash("0x" + String(repeating: "f", count: 64))
        error = try #require(failure(bad, signature))
        #expect(error.field == "owner (topic 1)" && error.reason.contains("upper 12 bytes must be zero"))

        bad = good
        bad.data.append(0)
        error = try #require(failure(bad, signature))
        #expect(error.field == "data" && error.value == "65 bytes")

        bad = good
        bad.topics.removeLast()
        #expect(try #require(failure(bad, signature)).field == "topics")

        bad = good
        bad.topics[0] = TrackedEvent.uniswapV2Sync.topic0
        #expect(try #require(failure(bad, signature)).reason.contains("keccak256(\"Flag(address,bool,uint8)\")"))
    }

    @Test func encoderRejectsValuesOutOfRange() throws {
        let signature = try EventSignature("Small(uint8 a, int8 b)")
        #expect(throws: ABIEncodingError.self) { try ABIEncoder.encodeLog(signature, [.uint(256), .int(0)]) }
        #expect(throws: ABIEncodingError.self) { try ABIEncoder.encodeLog(signature, [.uint(1), .int(-129)]) }
        #expect(throws: ABIEncodingError.self) { try ABIEncoder.encodeLog(signature, [.uint(1)]) }
        #expect(throws: ABIEncodingError.self) { try ABIEncoder.encodeLog(signature, [.bool(true), .int(1)]) }
    }
}
