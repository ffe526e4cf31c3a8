import Features
import RadarCore
import Testing

/// The radar config's `features:` section: read, checked, and turned into a feature set and settings.
@Suite struct FeatureConfigTests {
    static let base = """
        store: { path: radar.sqlite }
        feeds: []

        """

    @Test func sectionIsOptionalAndDefaultsToVersionOne() throws {
        let check = ConfigLoader.check(yaml: Self.base, file: "radar.yaml", environment: [:])
        let config = try #require(check.config)
        #expect(config.features == FeaturesConfig())
        #expect(try FeatureSet.configured(config.features) == .standard)
    }

    @Test func sectionSetsTheSetQuoteTokensAndWhaleShare() throws {
        let yaml = Self.base + """
            features:
              set: radar@2
              whaleShare: 0.05
              quoteTokens:
                8453: "0x4200000000000000000000000000000000000006"
            """
        let config = try #require(ConfigLoader.check(yaml: yaml, file: "radar.yaml", environment: [:]).config)
        #expect(try FeatureSet.configured(config.features) == .radarV2)
        let settings = FeatureConfig(config.features)
        #expect(settings.whaleShare == 0.05)
        #expect(settings.quoteTokens == [8453: try EVMAddress("0x4200000000000000000000000000000000000006")])
    }

    @Test func errorsNameTheFieldAndTheValue() throws {
        let yaml = Self.base + """
            features:
              set: radar2
              whaleShare: 3
              quoteTokens:
                base: "0x4200000000000000000000000000000000000006"
                1: "0x12"
            """
        let check = ConfigLoader.check(yaml: yaml, file: "radar.yaml", environment: [:])
        #expect(check.config == nil)
        let found = check.errors.map { "\($0.keyPath)=\($0.value ?? "")" }
        #expect(found.contains("features.set=radar2"))
        #expect(found.contains("features.whaleShare=3"))
        #expect(found.contains("features.quoteTokens.base=base"))
        #expect(found.contains("features.quoteTokens.1=0x12"))
        // A well-formed id this build does not know fails when the set is looked up.
        #expect(throws: ValidationError(field: "features.set", value: "radar@9",
                                        reason: "not a feature set this build knows (radar@1, radar@2)")) {
            try FeatureSet.configured(FeaturesConfig(set: "radar@9"))
        }
    }
}
