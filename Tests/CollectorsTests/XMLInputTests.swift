import Foundation
import Testing
@testable import Collectors

@Suite struct XMLInputTests {
    /// Foundation's XMLParser traps on these; they must be errors with a position instead.
    @Test(arguments: [[0x3C, 0x61, 0x3E, 0x0A, 0x3C, 0x6E, 0xFF, 0x3E, 0x3C, 0x2F, 0x6E, 0xFF, 0x3E, 0x3C, 0x2F, 0x61, 0x3E] as [UInt8],
                      Array("<a><!-- ".utf8) + [0xC3] + Array(" --></a>".utf8),
                      Array("<a x".utf8) + [0xE2, 0x82] + Array("=\"1\"/>".utf8)])
    func invalidUTF8IsAnErrorNotATrap(bytes: [UInt8]) {
        let error = payloadError { _ = try XMLTree(parsing: Data(bytes), feed: "news") }
        #expect(error?.feed == "news")
        #expect(error?.reason.hasPrefix("not valid UTF-8") == true)
        #expect(error?.line != nil && error?.column != nil)
    }

    @Test func thePositionOfAnInvalidByteIsItsLineAndColumn() {
        let error = payloadError { _ = try XMLInput.utf8(Data([0x3C, 0x61, 0x3E, 0x0A, 0x20, 0x20, 0xFF]), feed: "f") }
        #expect(error?.line == 2 && error?.column == 3)
        #expect(error?.value == "0xFF")
    }

    @Test func latin1AndUTF16BodiesAreTranscoded() throws {
        let latin1 = Data(#"<?xml version="1.0" encoding="ISO-8859-1"?><t>caf"#.utf8) + Data([0xE9]) + Data("</t>".utf8)
        #expect(try XMLTree(parsing: latin1, feed: "f").root.text == "café")
        let cp1252 = Data(#"<?xml version='1.0' encoding='windows-1252'?><t>"#.utf8) + Data([0x80]) + Data("</t>".utf8)
        #expect(try XMLTree(parsing: cp1252, feed: "f").root.text == "€")
        var utf16 = Data([0xFF, 0xFE])
        utf16.append(#"<?xml version="1.0" encoding="UTF-16"?><t>$APE ✓</t>"#.data(using: .utf16LittleEndian)!)
        #expect(try XMLTree(parsing: utf16, feed: "f").root.text == "$APE ✓")
        let bom = Data([0xEF, 0xBB, 0xBF]) + Data("<t>x</t>".utf8)
        #expect(try XMLTree(parsing: bom, feed: "f").root.text == "x")
    }

    @Test func otherEncodingsAreRefusedByName() {
        let error = payloadError { _ = try XMLInput.utf8(Data(#"<?xml version="1.0" encoding="Shift_JIS"?><t/>"#.utf8), feed: "f") }
        #expect(error?.field == "encoding")
        #expect(error?.value == "shift_jis")
    }
}
