@testable import Collectors
import EVMWire
import Foundation
import PropertyBased
import RadarCore
import Testing

/// The Codable wire type: JSON-RPC's hex fields to a validated raw log and back.
@Suite struct JSONRPCLogTests {
    private var wire: JSONRPCLog {
        JSONRPCLog(address: "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48",
                   topics: ["0xDDF252AD1BE2C89B69C2B068FC378DAA952BA7F163C4A11628F55A4DF523B3EF"],
                   data: "0x00ff", blockNumber: "0x121eac0", blockHash: "0x" + String(repeating: "1", count: 64),
                   transactionHash: "0x" + String(repeating: "2", count: 64), transactionIndex: "0x0", logIndex: "0x1b4")
    }

    @Test func hexFieldsBecomeValidatedValues() throws {
        let log = try wire.rawLog()
        #expect(log.address.hex == "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48")
        #expect(log.topics == [TrackedEvent.erc20Transfer.topic0])
        #expect(log.data == [0x00, 0xFF])
        #expect(log.blockNumber == 19_000_000 && log.logIndex == 436 && log.transactionIndex == 0 && !log.removed)
    }

    @Test(arguments: [
        ("blockNumber", "0x"),
        ("blockNumber", "436"),
        ("logIndex", "0x8000000000000000"),
        ("logIndex", "0x1g"),
        ("data", "0x0"),
        ("data", "00"),
        ("address", "0x1234"),
        ("blockHash", "0x12"),
    ])
    func invalidValuesNameTheField(name: String, value: String) {
        var log = wire
        switch name {
        case "blockNumber": log.blockNumber = value
        case "logIndex": log.logIndex = value
        case "data": log.data = value
        case "address": log.address = value
        default: log.blockHash = value
        }
        #expect {
            try log.rawLog()
        } throws: { error in
            guard case .invalidValue(let reported, let reportedValue, _) = error as? JSONRPCResponseError else { return false }
            return reported == name && reportedValue == value
        }
    }

    @Test func rawLogsRoundTripThroughTheWireForm() async throws {
        let hash = Gen.uint8().array(of: 32).map { EVMHash(bytes: $0) }
        await propertyCheck(input: hash.array(of: 0...4), Gen.uint8().array(of: 0...300), Gen.int64(in: 0...Int64.max), Gen.bool) {
            topics, data, number, removed in
            let log = RawLog(address: TestLogs.alice, topics: topics, data: data, blockNumber: number, blockHash: TestLogs.blockHash,
                             transactionHash: TestLogs.transactionHash, transactionIndex: number % 500, logIndex: number % 1000, removed: removed)
            #expect(try JSONRPCLog(log).rawLog() == log)
            let body = try JSONEncoder().encode(JSONRPCResponse(id: .number(1), result: [JSONRPCLog(log)]))
            #expect(try GetLogsResponse.parse(body) == [log])
        }
    }
}
