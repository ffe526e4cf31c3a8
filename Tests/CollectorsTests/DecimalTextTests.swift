import Testing
@testable import Collectors

@Suite struct DecimalTextTests {
    @Test(arguments: [("0.004531", 0.004531), ("1", 1.0), ("-2.5e-3", -0.0025), ("1E+6", 1_000_000.0),
                      ("0.0000566673284218277368707532612867396024960039002528290815078515286", 0.0000566673284218277368707532612867396024960039002528290815078515286)])
    func plainDecimalsParseToTheNearestDouble(text: String, value: Double) throws {
        #expect(try DecimalText.double(text, feed: "f", field: "x") == value)
    }

    @Test(arguments: ["", "NaN", "nan", "inf", "Infinity", "0x1p3", "+1", "1,5", " 1", "1 ", "1.", ".5", "1e", "1e+", "--1", "1e400", "١"])
    func anythingElseIsRefusedNamingFeedFieldAndValue(text: String) {
        let error = payloadError { _ = try DecimalText.double(text, feed: "dex", field: "pairs[0].priceUsd") }
        #expect(error?.feed == "dex")
        #expect(error?.field == "pairs[0].priceUsd")
        #expect(error?.value == text)
    }

    @Test func amountsMustNotBeNegative() throws {
        #expect(throws: PayloadError.self) { try DecimalText.amount("-1", feed: "f", field: "x") }
        #expect(throws: PayloadError.self) { try DecimalText.amount(-0.5 as Double?, feed: "f", field: "x") }
        #expect(throws: PayloadError.self) { try DecimalText.amount(Double.infinity as Double?, feed: "f", field: "x") }
        #expect(try DecimalText.amount(nil as String?, feed: "f", field: "x") == nil)
        #expect(try DecimalText.amount("0", feed: "f", field: "x") == 0)
    }
}
