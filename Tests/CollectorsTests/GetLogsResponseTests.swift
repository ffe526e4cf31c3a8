@testable import Collectors
import Foundation
import PropertyBased
import RadarCore
import Testing

/// The fast `eth_getLogs` body scanner: the hand-written mainnet-shaped fixture read the same way as
/// `JSONDecoder` reads it, decoded into rows, and malformed bodies rejected with their byte offset.
@Suite struct GetLogsResponseTests {
    private static let fixtureName = "eth_getLogs_mixed.json"

    @Test func fixtureMatchesTheJSONDecoderPath() throws {
        let body = try TestLogs.fixture(Self.fixtureName)
        let fast = try GetLogsResponse.parse(body)
        let reference = try GetLogsResponse.decodeWithJSONDecoder(body)
        #expect(fast.count == 12)
        #expect(fast == reference)
        #expect(fast[0].address.hex == "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48")
        #expect(fast[0].blockNumber == 19_000_000 && fast[0].transactionIndex == 3)
        #expect(fast[10].removed && !fast[9].removed)
    }

    @Test func fixtureDecodesIntoRows() throws {
        let logs = try GetLogsResponse.parse(try TestLogs.fixture(Self.fixtureName))
        let decoded = EVMLogDecoder(chain: 1).decode(logs, observedAt: Timestamp(seconds: 1_705_000_100)) { block in
            Timestamp(seconds: 1_705_000_000 + 12 * (block - 19_000_000))
        }
        #expect(decoded.failures.isEmpty, "\(decoded.failures)")
        #expect(decoded.skipped == [.nonFungibleTransfer: 1, .untrackedEvent: 1, .removed: 1])
        #expect(decoded.transfers.count == 2 && decoded.swaps.count == 2 && decoded.reserves.count == 1)
        #expect(decoded.liquidityEvents.map(\.change) == [.mint, .burn] && decoded.pools.count == 2)

        let usdc = decoded.transfers[0]
        #expect(usdc.amount == 2_500_000_000 && usdc.from.hex == "0x28c6c06298d514db089934071355e5743bf21d60")
        #expect(usdc.eventTime == Timestamp(seconds: 1_705_000_000))
        #expect(decoded.transfers[1].from == .zero)
        #expect(decoded.transfers[1].amount.digits == "115792089237316195423570985008687907853269984665640564039457584007913129639935")

        let v2 = decoded.swaps[0]
        #expect(v2.pool.hex == "0xb4e16d0168e52d35cacd2c6185b44281ec28c9dc")
        #expect(v2.amount1In.digits == "1000000000000000000" && v2.amount0Out == 3_412_550_113 && v2.tick == nil)

        let v3 = decoded.swaps[1]
        #expect(v3.amount0Out == 24_998_107_811 && v3.amount0In == .zero)
        #expect(v3.amount1In.digits == "7410000000000000000" && v3.amount1Out == .zero)
        #expect(v3.sqrtPriceX96?.digits == "1524603962237124839716345229281459")
        #expect(v3.liquidity?.digits == "9223612119417823517" && v3.tick == -197_745)
        #expect(v3.eventTime == Timestamp(seconds: 1_705_000_024))

        #expect(decoded.reserves[0].reserve1.digits == "12347889123444125661122")
        let pairs = decoded.pools
        #expect(pairs[0].dex == .uniswapV2 && pairs[0].address.hex == "0xa43fe16908251ee70ef74718545e4fe6c5ccec9f")
        #expect(pairs[0].token0.hex == "0x6982508145454ce325ddbe47a25d4ec3d2311933" && pairs[0].fee == nil)
        #expect(pairs[1].dex == .uniswapV3 && pairs[1].fee == 3000 && pairs[1].factory.hex == "0x1f98431c8ad98523631ae4a59f267346ea31f984")
    }

    @Test func emptyResultAndUnknownMembers() throws {
        #expect(try GetLogsResponse.parse(Array(#"{"jsonrpc":"2.0","id":1,"result":[]}"#.utf8)) == [])
        #expect(try GetLogsResponse.parse(Array(" {\n\"result\" : [ ] , \"id\":\"a\\\"b\", \"extra\":{\"x\":[1,-2.5e3,true,null]}}\n ".utf8)) == [])
    }

    @Test func nodeErrorsBecomeRemote() throws {
        let body = #"{"jsonrpc":"2.0","id":1,"error":{"code":-32005,"message":"query returned more than 10000 results"}}"#
        #expect(throws: JSONRPCResponseError.remote(code: -32005, message: "query returned more than 10000 results")) {
            try GetLogsResponse.parse(Array(body.utf8))
        }
    }

    private func malformed(_ body: String) -> (offset: Int, field: String, reason: String)? {
        do {
            _ = try GetLogsResponse.parse(Array(body.utf8))
            return nil
        } catch {
            guard case .malformed(let offset, let field, let reason) = error else { return nil }
            return (offset, field, reason)
        }
    }

    /// One log of the fixture with one field replaced, as a one-log response body.
    private func body(replacing field: String, with value: String) throws -> String {
        let text = String(decoding: try TestLogs.fixture(Self.fixtureName), as: UTF8.self)
        let first = text.range(of: "\"address\"")!.lowerBound
        let end = text.range(of: "},", range: first..<text.endIndex)!.lowerBound
        var log = String(text[first..<end])
        let line = log.range(of: "\"\(field)\": ")!
        let valueEnd = log[line.upperBound...].firstIndex(where: { $0 == "," || $0 == "\n" })!
        log.replaceSubrange(line.upperBound..<valueEnd, with: value)
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[{" + log + "}]}"
    }

    @Test(arguments: [
        ("address", "\"0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB4\"", "result[0].address", "found 39 digits"),
        ("address", "\"0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB4z\"", "result[0].address", "'z' is not a hex digit"),
        ("blockNumber", "\"0x\"", "result[0].blockNumber", "1 to 16 digits"),
        ("blockNumber", "19000000", "result[0].blockNumber", "expected a quoted hex string"),
        ("blockHash", "null", "result[0].blockHash", "pending log"),
        ("data", "\"0x123\"", "result[0].data", "odd number of hex digits"),
        ("removed", "\"no\"", "result[0].removed", "expected true or false"),
        ("logIndex", "\"0x8000000000000000\"", "result[0].logIndex", "does not fit 63 bits"),
    ])
    func badFieldsNameTheFieldAndOffset(field: String, value: String, path: String, fragment: String) throws {
        let text = try body(replacing: field, with: value)
        let error = try #require(malformed(text))
        #expect(error.field == path)
        #expect(error.reason.contains(fragment), "\(error)")
        let bytes = Array(text.utf8)
        let valueStart = text.utf8.count - text[text.range(of: "\"\(field)\": ")!.upperBound...].utf8.count
        #expect(error.offset >= valueStart && error.offset < valueStart + value.utf8.count, "offset \(error.offset) vs \(valueStart)")
        #expect(bytes.count > error.offset)
    }

    @Test func missingFieldsAndBrokenStructure() throws {
        let noTopics = try body(replacing: "removed", with: "false").replacingOccurrences(of: "\"topics\"", with: "\"other\"")
        let missing = try #require(malformed(noTopics))
        #expect(missing.field == "result[0].topics", "\(missing)")
        #expect(missing.reason == "the log has no topics")
        #expect(missing.offset == 34)

        #expect(try #require(malformed(#"{"result":[{}]}"#)).reason == "the log has no address")
        #expect(try #require(malformed(#"{"result":[}"#)).field == "result[0]")
        #expect(try #require(malformed(#"{"result":[] } x"#)).reason.contains("unexpected text after"))
        #expect(try #require(malformed(#"{"jsonrpc":"2.0"}"#)).reason.contains("neither result nor error"))
        #expect(try #require(malformed(#"[1]"#)).reason == "expected a JSON object")
        #expect(try #require(malformed(#"{"result":["#)).reason.contains("found the end of the body"))
        #expect(try #require(malformed(String(repeating: "{\"a\":[", count: 100))).reason.contains("nested deeper"))
    }

    /// A light fuzz: any one-byte edit of the fixture parses or fails with an offset inside the body.
    @Test func oneByteEditsNeverCrash() async throws {
        let body = Array(try TestLogs.fixture(Self.fixtureName))
        let replacement = Gen.element(of: Array("{}[]\":,0xgG \\-9n".utf8)).map { $0! }
        await propertyCheck(count: 400, input: Gen.int(in: 0..<body.count), replacement) { position, byte in
            var edited = body
            edited[position] = byte
            do {
                _ = try GetLogsResponse.parse(edited)
            } catch {
                if case .malformed(let offset, let field, let reason) = error as? JSONRPCResponseError {
                    #expect(offset >= 0 && offset <= edited.count && !field.isEmpty && !reason.isEmpty)
                }
            }
        }
    }
}
