import Foundation
import Testing
@testable import Collectors

@Suite struct JSONPayloadTests {
    struct Shape: Decodable {
        struct Inner: Decodable { var count: Int64 }
        var name: String
        var items: [Inner]
    }

    @Test func wrongTypesNameThePathAndTheValueFound() {
        let body = Data(#"{"name": "a", "items": [{"count": 1}, {"count": "many"}]}"#.utf8)
        let error = payloadError { _ = try JSONPayload.decode(Shape.self, from: body, feed: "feed-a") }
        #expect(error?.feed == "feed-a")
        #expect(error?.field == "items[1].count")
        #expect(error?.value == "many")
        #expect(error?.description.contains("feed 'feed-a': items[1].count: invalid value 'many'") == true)
    }

    @Test func missingAndNullFieldsAreNamed() {
        let missing = payloadError { _ = try JSONPayload.decode(Shape.self, from: Data(#"{"name": "a", "items": [{}]}"#.utf8), feed: "f") }
        #expect(missing?.field == "items[0].count")
        #expect(missing?.value == nil)
        let null = payloadError { _ = try JSONPayload.decode(Shape.self, from: Data(#"{"name": null, "items": []}"#.utf8), feed: "f") }
        #expect(null?.field == "name")
        #expect(null?.value == "null")
    }

    @Test func truncatedAndMalformedJSONIsADocumentError() {
        for text in [#"{"name": "a", "items": [{"cou"#, "", "<html>502</html>", #"{"name": "a" "items": []}"#] {
            let error = payloadError { _ = try JSONPayload.decode(Shape.self, from: Data(text.utf8), feed: "f") }
            #expect(error?.feed == "f")
            #expect(error?.field == PayloadError.document)
            #expect(error?.reason.contains("not valid JSON") == true)
        }
    }
}
