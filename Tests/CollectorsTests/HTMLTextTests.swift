import Testing
@testable import Collectors

@Suite struct HTMLTextTests {
    @Test func tagsGoAndReferencesDecode() {
        #expect(HTMLText.plain("<p>The <b>Bored Ape</b> &amp; $APE&#33;</p><p>next&nbsp;line &#x24;IP</p>") == "The Bored Ape & $APE!\nnext line $IP")
        #expect(HTMLText.plain("a < b and &unknown; & c") == "a < b and &unknown; & c")
        #expect(HTMLText.plain("  many \t blanks\r\n\r\n\nhere ") == "many blanks\nhere")
        #expect(HTMLText.plain("<<<<") == "<<<<")
        #expect(HTMLText.plain("&#1114112;") == "&#1114112;")
    }
}
