import RadarCore
import Testing

@Suite struct UniverseFileTests {
    @Test func goodYAMLRowsLandAndBadOnesAreReportedWithTheirLine() {
        let parsed = UniverseFile.parse("""
            tokens:
              - chain: 1
                address: "0x4d224452801ACEd8B2F0aebE155379bb5D594381"
                symbol: APE
                ip: Bored Ape Yacht Club
                category: brand
                listedAt: 2022-03-17
              - chain: 1
                address: "0x1234"
                ip: Broken
                category: brand
              - chain: 8453
                address: "0x18aAA7115705e8be94bfFEBDE57Af9BFc265B998"
                ip: Audius music catalogue
                category: royalties
              - chain: 1
                address: "0x967da4048cD07aB37855c090aAF366e4ce1b9F48"
                ip: Ocean Protocol datatokens
                category: data
                registry: story
                registryId: ip-42
                colour: blue
            """, file: "u.yaml", format: .yaml)
        #expect(parsed.entries.count == 1)
        let ape = parsed.entries[0]
        #expect(ape.token.address.hex == "0x4d224452801aced8b2f0aebe155379bb5d594381")
        #expect(ape.registry == "universe")
        #expect(ape.registryID == "bored-ape-yacht-club")
        #expect(ape.listedAt?.description == "2022-03-17T00:00:00Z")
        #expect(parsed.issues.map(\.line) == [8, 12, 16])
        #expect(parsed.issues.map(\.field) == ["address", "category", "colour"])
        #expect(parsed.issues[0].description == "u.yaml:8: address: expected 0x followed by 40 hex digits (value: '0x1234'); row skipped")
    }

    @Test func csvRowsAreReadByHeaderWithQuotedCells() {
        let parsed = UniverseFile.parse(#"""
            chain,address,symbol,name,ip,category,registry_id
            1,0x4d224452801ACEd8B2F0aebE155379bb5D594381,APE,ApeCoin,"Bored Ape Yacht Club, Yuga Labs",brand,bayc
            1,0x967da4048cD07aB37855c090aAF366e4ce1b9F48,OCEAN,Ocean,Ocean datatokens,data
            x,0x967da4048cD07aB37855c090aAF366e4ce1b9F48,OCEAN,Ocean,Ocean datatokens,data,o
            1,0x81f8f0bb1cB2A06649E51913A151F0E7Ef6FA321,VITA,"VitaDAO ""IP-NFT""",VitaDAO,biotech,vita

            1,0x81f8f0bb1cB2A06649E51913A151F0E7Ef6FA321,VITA,"unclosed,VitaDAO,biotech,vita
            """#, file: "u.csv", format: .csv)
        #expect(parsed.entries.map(\.line) == [2, 5])
        #expect(parsed.entries[0].ip == "Bored Ape Yacht Club, Yuga Labs")
        #expect(parsed.entries[0].registryID == "bayc")
        #expect(parsed.entries[1].name == "VitaDAO \"IP-NFT\"")
        #expect(parsed.issues.map { "\($0.line) \($0.field)" } == ["3 row", "4 chain", "7 row"])
        #expect(parsed.issues[0].message == "has 6 cells, the header has 7")
        #expect(parsed.issues[2].message == "a quoted cell is not closed")
    }

    @Test func anUnknownCSVColumnStopsTheFileAtItsHeader() {
        let parsed = UniverseFile.parse("chain,adress,ip,category\n1,0x4d224452801ACEd8B2F0aebE155379bb5D594381,APE,brand\n",
                                        file: "u.csv", format: .csv)
        #expect(parsed.entries.isEmpty)
        #expect(parsed.issues.map { "\($0.line) \($0.field)" } == ["1 adress"])
    }

    @Test func theShippedUniverseIsValid() throws {
        let path = repositoryRoot.appendingPathComponent("Feeds/universe.yaml").path
        let parsed = UniverseFile.parse(try String(contentsOfFile: path, encoding: .utf8), file: path, format: .yaml)
        #expect(parsed.issues == [])
        #expect(Set(parsed.entries.map(\.category)) == [.brand, .data, .biotech, .music])
    }
}
