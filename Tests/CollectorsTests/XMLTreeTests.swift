import Foundation
import Testing
@testable import Collectors

@Suite struct XMLTreeTests {
    @Test func namespacesCDATAAndEntitiesAreResolved() throws {
        let body = Data("""
        <?xml version="1.0"?>
        <root xmlns="urn:a" xmlns:b="urn:b"><b:item k="v &amp; w">x &lt; y <![CDATA[<p>raw & kept</p>]]> &#36;APE</b:item><item/></root>
        """.utf8)
        let tree = try XMLTree(parsing: body, feed: "f")
        #expect(tree.root.name == "root")
        #expect(tree.root.namespace == "urn:a")
        let item = try #require(tree.root.child("item", namespace: "urn:b"))
        #expect(item.attributes["k"] == "v & w")
        #expect(item.text == "x < y <p>raw & kept</p> $APE")
        #expect(tree.root.children("item").count == 2)
        #expect(tree.root.child("item", namespace: "urn:a")?.text == "")
    }

    @Test(arguments: ["<rss><channel><item><title>cut", "<rss></channel>", "", "not xml at all", "<a><b></a></b>", "<a>&undefined;</a>"])
    func malformedAndTruncatedXMLIsAnErrorWithAPosition(text: String) {
        let error = payloadError { _ = try XMLTree(parsing: Data(text.utf8), feed: "news") }
        #expect(error?.feed == "news")
        #expect((error?.line ?? 0) >= 1)
        #expect((error?.column ?? 0) >= 1)
        #expect(error?.description.contains("(line ") == true)
    }

    @Test func deepNestingIsRefused() {
        let text = String(repeating: "<a>", count: 200) + String(repeating: "</a>", count: 200)
        let error = payloadError { _ = try XMLTree(parsing: Data(text.utf8), feed: "f") }
        #expect(error?.reason.contains("nested deeper") == true)
    }

    @Test func externalEntitiesAreNotRead() throws {
        let body = Data("""
        <?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/hostname">]><r>&x;</r>
        """.utf8)
        // Either the entity is left unresolved or the document is refused; the file is never read in.
        if let tree = try? XMLTree(parsing: body, feed: "f") {
            #expect(tree.root.allText.isEmpty)
        }
    }
}
