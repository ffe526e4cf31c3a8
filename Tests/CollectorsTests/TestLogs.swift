import BigInt
@testable import Collectors
import EVMWire
import Foundation
import RadarCore

/// Shared builders for the EVM decoder tests: logs encoded with `ABIEncoder` at a fixed position.
enum TestLogs {
    static let blockHash = try! EVMHash("0x" + String(repeating: "ab", count: 32))
    static let transactionHash = try! EVMHash("0x" + String(repeating: "cd", count: 32))
    static let blockTime = Timestamp(seconds: 1_705_000_000)
    static let observedAt = Timestamp(seconds: 1_705_000_030)

    static func address(_ last: UInt8) -> EVMAddress {
        EVMAddress(bytes: [UInt8](repeating: 0x11, count: 19) + [last])
    }

    static let pool = address(0x01)
    static let alice = address(0xA1)
    static let bob = address(0xB0)

    /// A log of `event` with `values`, emitted by `emitter` at block 19,000,000, log index 7.
    static func log(_ event: TrackedEvent, _ values: [ABIValue], emitter: EVMAddress = pool) throws -> RawLog {
        try log(event.signature, values, emitter: emitter)
    }

    static func log(_ signature: EventSignature, _ values: [ABIValue], emitter: EVMAddress = pool) throws -> RawLog {
        let (topics, data) = try ABIEncoder.encodeLog(signature, values)
        return RawLog(address: emitter, topics: topics, data: data, blockNumber: 19_000_000, blockHash: blockHash,
                      transactionHash: transactionHash, transactionIndex: 3, logIndex: 7)
    }

    static func uint(_ value: BigUInt) -> ABIValue { .uint(value) }
    static func int(_ value: BigInt) -> ABIValue { .int(value) }

    /// 2^256 - 1.
    static let uint256Max = (BigUInt(1) << 256) - 1

    /// The fixture body under `Fixtures/`, read next to this source file.
    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name))
    }
}

extension [UInt8] {
    /// Hex text to bytes for test vectors.
    init(hex: String) { self = Hex.decode(hex)! }
}
