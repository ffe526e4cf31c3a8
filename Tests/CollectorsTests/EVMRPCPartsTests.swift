import Collectors
import Foundation
import PropertyBased
import RadarCore
import Testing

/// The EVM collector's small parts: requests and replay names, ERC-20 answers, the adaptive range,
/// the cursor, error classification and alias matching.
struct EVMRPCPartsTests {
    static let a = try! EVMAddress("0x00000000000000000000000000000000000000aa")
    static let b = try! EVMAddress("0x00000000000000000000000000000000000000BB")

    @Test func requestsAreDeterministicAndReplayNamesReadable() {
        let filter = LogFilter(fromBlock: 16, toBlock: 31, addresses: [Self.b, Self.a, Self.b],
                               topics: [[TrackedEvent.uniswapV2Sync.topic0], nil])
        #expect(filter.addresses == [Self.a, Self.b])
        #expect(filter.json == #"{"fromBlock":"0x10","toBlock":"0x1f","address":["\#(Self.a.hex)","\#(Self.b.hex)"],"topics":[["\#(TrackedEvent.uniswapV2Sync.topic0.hex)"],null]}"#)
        let request = JSONRPCRequest.getLogs(filter)
        #expect(request.body(id: 3) == #"{"jsonrpc":"2.0","id":3,"method":"eth_getLogs","params":[\#(filter.json)]}"#)
        #expect(JSONRPCRequest.batchBody([.chainID, .blockNumber])
                == #"[{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]},{"jsonrpc":"2.0","id":2,"method":"eth_blockNumber","params":[]}]"#)
        #expect(JSONRPCRequest.blockByNumber(255).params == #"["0xff",false]"#)
        #expect(JSONRPCRequest.call(to: Self.a, data: ERC20Method.symbol.selector, block: nil).params
                == #"[{"to":"\#(Self.a.hex)","data":"0x95d89b41"},"latest"]"#)

        #expect(RPCReplay.fileName(for: .blockNumber) == "eth_blockNumber.json")
        let name = RPCReplay.fileName(for: request)
        #expect(name.hasPrefix("eth_getLogs-16-31-") && name.hasSuffix(".json") && name.count == "eth_getLogs-16-31-".count + 16 + 5)
        #expect(RPCReplay.fileName(for: .getLogs(filter.range(16, 31))) == name)
        #expect(RPCReplay.fileName(for: .getLogs(filter.range(16, 32))) != name)
        #expect(RPCReplay.fileName(for: .blockByNumber(7)).hasPrefix("eth_getBlockByNumber-7-"))
    }

    @Test func selectorsAreComputedFromSignatures() {
        #expect(ERC20Method.name.selector == [0x06, 0xfd, 0xde, 0x03])
        #expect(ERC20Method.symbol.selector == [0x95, 0xd8, 0x9b, 0x41])
        #expect(ERC20Method.decimals.selector == [0x31, 0x3c, 0xe5, 0x67])
        #expect(ERC20Method.totalSupply.selector == [0x18, 0x16, 0x0d, 0xdd])
    }

    @Test func erc20AnswersDecodeAsStringOrBytes32() {
        func word(_ value: Int) -> [UInt8] { [UInt8](repeating: 0, count: 28) + withUnsafeBytes(of: UInt32(value).bigEndian, Array.init) }
        func padded(_ bytes: [UInt8]) -> [UInt8] { bytes + [UInt8](repeating: 0, count: (32 - bytes.count % 32) % 32) }
        let string = word(32) + word(3) + padded(Array("TKN".utf8))
        #expect(ERC20Method.text(string) == "TKN")
        #expect(ERC20Method.text(padded(Array("MKR".utf8))) == "MKR")
        #expect(ERC20Method.text(padded(Array("Maker".utf8))) == "Maker")
        #expect(ERC20Method.text([]) == nil)
        #expect(ERC20Method.text([UInt8](repeating: 0, count: 32)) == nil)
        #expect(ERC20Method.text(word(32) + word(1000) + padded(Array("X".utf8))) == nil)  // length past the end
        #expect(ERC20Method.text(word(4096) + word(1)) == nil)  // offset past the end
        #expect(ERC20Method.text(word(32) + word(6) + padded(Array(" a\u{1}b\n ".utf8))) == "ab")
        let long = String(repeating: "x", count: 500)
        #expect(ERC20Method.text(word(32) + word(500) + padded(Array(long.utf8)))?.count == ERC20Method.maximumTextLength)
        #expect(ERC20Method.decimals(word(18)) == 18)
        #expect(ERC20Method.decimals(word(256)) == nil)
        #expect(ERC20Method.decimals([]) == nil)
        #expect(ERC20Method.totalSupply([UInt8](repeating: 0xff, count: 32))?.digits
                == "115792089237316195423570985008687907853269984665640564039457584007913129639935")
        #expect(ERC20Method.totalSupply([1, 2]) == nil)
    }

    /// Any name round-trips as an ABI `string` (up to the length kept) and, up to 32 bytes, as a
    /// `bytes32`; arbitrary answers never trap and never give more than the length kept.
    @Test func erc20TextRoundTripsAndSurvivesArbitraryAnswers() async {
        func word(_ value: Int) -> [UInt8] { [UInt8](repeating: 0, count: 24) + withUnsafeBytes(of: UInt64(value).bigEndian, Array.init) }
        await propertyCheck(count: 300, input: Gen.letterOrNumber.string(of: 1...200), Gen.uint8().array(of: 0...200)) { name, noise in
            let bytes = Array(name.utf8)
            let padded = bytes + [UInt8](repeating: 0, count: (32 - bytes.count % 32) % 32)
            #expect(ERC20Method.text(word(32) + word(bytes.count) + padded) == String(name.prefix(ERC20Method.maximumTextLength)))
            if bytes.count <= 32 { #expect(ERC20Method.text(padded) == name) }
            #expect((ERC20Method.text(noise)?.count ?? 0) <= ERC20Method.maximumTextLength)
            _ = ERC20Method.decimals(noise)
            _ = ERC20Method.totalSupply(noise)
        }
    }

    @Test func rangesHalveOnRefusalsAndGrowBackOnSmallAnswers() {
        var range = AdaptiveBlockRange(maximum: 100, smallAnswer: 10, smallAnswersToGrow: 2)
        #expect(range.span == 100)
        let splitTwice = range.split() && range.split()
        #expect(splitTwice)
        #expect(range.span == 25)
        range.answered(logs: 50)
        range.answered(logs: 5)
        #expect(range.span == 25)  // one small answer after a large one is not enough
        range.answered(logs: 5)
        #expect(range.span == 50)
        range.answered(logs: 1)
        range.answered(logs: 1)
        range.answered(logs: 1)
        range.answered(logs: 1)
        #expect(range.span == 100)  // never past the maximum
        var one = AdaptiveBlockRange(maximum: 1)
        let splitOne = one.split()
        #expect(!splitOne)
        #expect(range.splits == 2 && range.growths == 2)
    }

    @Test func cursorsReadJSONAndBareNumbers() throws {
        let hash = try EVMHash("0x" + String(repeating: "AB", count: 32))
        let cursor = EVMCursor(block: 42, hash: hash)
        #expect(cursor.description == #"{"block":42,"hash":"0x\#(String(repeating: "ab", count: 32))"}"#)
        #expect(try EVMCursor(parsing: cursor.description, feed: "f") == cursor)
        #expect(try EVMCursor(parsing: "42", feed: "f") == EVMCursor(block: 42, hash: nil))
        #expect(try EVMCursor(parsing: #"{"block":-1}"#, feed: "f") == EVMCursor(block: -1, hash: nil))
        #expect(throws: ValidationError.self) { try EVMCursor(parsing: "page-7", feed: "f") }
        #expect(throws: ValidationError.self) { try EVMCursor(parsing: #"{"block":1,"hash":"0x12"}"#, feed: "f") }
    }

    @Test func refusalsThatASmallerRangeMayCureAreRecognised() {
        func error(_ kind: EVMRPCClientError.Kind) -> EVMRPCClientError {
            EVMRPCClientError(feed: "f", url: "http://node", method: "eth_getLogs", kind: kind)
        }
        #expect(error(.remote(code: -32005, message: "query returned more than 10000 results")).suggestsSmallerRange)
        #expect(error(.remote(code: -32602, message: "invalid params")).suggestsSmallerRange)
        #expect(error(.remote(code: -32000, message: "Query returned more than 10000 results. Try with this block range [0x1, 0x2]"))
            .suggestsSmallerRange)
        #expect(error(.remote(code: -32600, message: "eth_getLogs block range too large, range: 5000, max: 2000")).suggestsSmallerRange)
        #expect(error(.remote(code: -32000, message: "log response size exceeded")).suggestsSmallerRange)
        #expect(!error(.remote(code: -32000, message: "header not found")).suggestsSmallerRange)
        #expect(error(.transport(.timedOut(connect: false, limit: .seconds(30)))).suggestsSmallerRange)
        #expect(error(.transport(.retriesExhausted(attempts: 4, last: .timedOut(connect: false, limit: .seconds(30))))).suggestsSmallerRange)
        #expect(error(.transport(.bodyTooLarge(limit: 1 << 20))).suggestsSmallerRange)
        #expect(!error(.transport(.timedOut(connect: true, limit: .seconds(5)))).suggestsSmallerRange)
        #expect(!error(.transport(.httpStatus(code: 500, excerpt: ""))).suggestsSmallerRange)
        #expect(!error(.malformed(field: "result", value: "x", reason: "y")).suggestsSmallerRange)
        #expect(error(.remote(code: -32005, message: "m")).description == "feed 'f': eth_getLogs at http://node: the node answered JSON-RPC error -32005: m")
    }

    @Test func aliasRulesInferLinksFromNamesAndSymbols() {
        let matcher = AliasMatcher(rules: [AliasRule(ip: "Pudgy Penguins", category: .entertainment, keywords: ["pengu", "pudgy"]),
                                           AliasRule(ip: "Maker", category: .brand, keywords: ["MKR"])])
        let time = Timestamp(seconds: 100)
        func token(_ symbol: String?, _ name: String?) -> Token {
            Token(id: TokenID(chain: 1, address: Self.a), symbol: symbol, name: name, decimals: 18, totalSupply: nil,
                  firstSeenAt: time, observedAt: time)
        }
        let links = matcher.links(for: token("PENGU", "Pengu Coin"), observedAt: time)
        #expect(links == [IPLink(token: TokenID(chain: 1, address: Self.a), registry: "alias", registryID: "pudgy-penguins",
                                 category: .entertainment, ipName: "Pudgy Penguins", source: .inferred, observedAt: time)])
        #expect(matcher.links(for: token("mkr", nil), observedAt: time).map(\.ipName) == ["Maker"])
        #expect(matcher.links(for: token(nil, "The Pudgy Penguins Maker"), observedAt: time).count == 2)
        #expect(matcher.links(for: token("WETH", "Wrapped Ether"), observedAt: time).isEmpty)
        #expect(matcher.links(for: token(nil, nil), observedAt: time).isEmpty)
    }
}
