import Testing
@testable import Collectors

@Suite struct CollectorsModuleTests {
    @Test func userAgentNamesTheProduct() {
        #expect(CollectorsModule.userAgent.hasPrefix("AlphaRadar/"))
    }
}
