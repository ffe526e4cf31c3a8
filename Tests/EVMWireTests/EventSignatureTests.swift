@testable import EVMWire
import RadarCore
import Testing

/// Signature text to canonical form, topic0 and indexed flags; and errors that quote the text.
@Suite struct EventSignatureTests {
    @Test func humanAndCanonicalFormsShareCanonicalTextAndTopic0() throws {
        let human = try EventSignature("Transfer(address indexed from, address indexed to, uint256 value)")
        let canonical = try EventSignature("Transfer(address,address,uint256)")
        #expect(human.canonical == "Transfer(address,address,uint256)")
        #expect(human.topic0 == canonical.topic0)
        #expect(human.topic0.hex == "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef")
        #expect(human.parameters.map(\.indexed) == [true, true, false])
        #expect(human.parameters.map(\.name) == ["from", "to", "value"])
        #expect(canonical.parameters.map(\.indexed) == [false, false, false])
        #expect(human.topicCount == 3)
        #expect(human.indexedParameters.map(\.type) == [.address, .address])
        #expect(human.dataParameters.map(\.name) == ["value"])
        #expect(human.description == "Transfer(address indexed from, address indexed to, uint256 value)")
    }

    @Test func aliasesKeywordsAndSpacing() throws {
        let signature = try EventSignature("  event PairCreated( address  indexed token0,address indexed\ttoken1 , address pair, uint ) ; ")
        #expect(signature.name == "PairCreated")
        #expect(signature.canonical == "PairCreated(address,address,address,uint256)")
        #expect(signature.parameters[3].name == nil)
        #expect(try EventSignature("Ping()").canonical == "Ping()")
        #expect(try EventSignature("Flags(bool a, int b, bytes32 id, bytes blob, string label, int24 tick, uint8 small)").canonical
                == "Flags(bool,int256,bytes32,bytes,string,int24,uint8)")
        #expect(try EventSignature("Named(address indexed)").parameters == [EventParameter(.address, indexed: true)])
    }

    private func error(_ text: String) -> EventSignatureError? {
        do {
            _ = try EventSignature(text)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("Transfer(address indexed from, uint257 value)", 32, "uint257"),
        ("Transfer(address indexed from, uint256[] values)", 32, "arrays and tuples are not supported"),
        ("Transfer(address from, (uint256,uint256) pair)", 24, "tuple parameters are not supported"),
        ("Transfer(address, , uint256)", 18, "parameter 2 is empty"),
        ("Transfer(address indexed from, address indexed to, uint256 indexed value, uint8 indexed x)", nil, "4 parameters are indexed"),
        ("Transfer(address from", 9, "not closed"),
        ("Transfer address from", nil, "there is no '('"),
        ("Trans fer(address)", 1, "'Trans fer' is not an identifier"),
        ("(address)", 1, "the event name is missing"),
        ("Transfer(address) anonymous", 19, "anonymous"),
        ("Transfer(address from to)", 23, "unexpected 'to'"),
        ("Transfer(bytes33 x)", 10, "bytesN needs N from 1 to 32"),
        ("Transfer(uint8x x)", 10, "unknown type"),
        ("Transfer(address 9lives)", 18, "not a parameter name"),
    ] as [(String, Int?, String)])
    func errorsQuoteTheTextAndSayWhatIsWrong(text: String, column: Int?, fragment: String) throws {
        let failure = try #require(error(text))
        #expect(failure.signature == text)
        #expect(failure.column == column)
        #expect(failure.description.contains("\"\(text)\""), "\(failure)")
        #expect(failure.description.contains(fragment), "\(failure)")
    }

    @Test func abiTypesParseAndPrintCanonically() throws {
        for name in ["address", "bool", "uint8", "uint256", "int24", "int256", "bytes1", "bytes32", "bytes", "string"] {
            #expect(try ABIType(parsing: name).description == name)
        }
        #expect(try ABIType(parsing: "uint") == .uint(bits: 256))
        #expect(try ABIType(parsing: "int") == .int(bits: 256))
        for bad in ["uint0", "uint7", "uint264", "uint08", "uint+8", "int7", "bytes0", "Address", ""] {
            #expect(throws: ABITypeError.self, "\(bad)") { try ABIType(parsing: bad) }
        }
        #expect(ABIType.string.isDynamic && ABIType.bytes.isDynamic && !ABIType.fixedBytes(count: 32).isDynamic)
    }
}
