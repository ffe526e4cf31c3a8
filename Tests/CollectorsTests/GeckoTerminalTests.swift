import Foundation
import RadarCore
import Testing
@testable import Collectors

@Suite struct GeckoTerminalTests {
    let adapter = GeckoTerminalAdapter(feed: "gecko-eth", network: "eth", chain: 1)

    @Test func theWireFormatReadsJSONAPIPools() throws {
        let response = try adapter.decode(Fixture.data("geckoterminal/token_pools.json"))
        #expect(response.data.count == 2)
        let pool = response.data[0]
        #expect(pool.id == "eth_0xac4b3dacb91461209ae9d41ec517c2b9cb1b7daf")
        #expect(pool.attributes.reserveInUSD == "4321987.6543")
        #expect(pool.attributes.volumeUSD?.h24 == "1523456.78")
        #expect(pool.attributes.transactions?.h24?.buyers == 520)
        #expect(pool.attributes.marketCapUSD == nil)
        #expect(pool.relationships?.baseToken?.data?.id == "eth_0x4d224452801aced8b2f0aebe155379bb5d594381")
        #expect(pool.relationships?.dex?.data?.id == "uniswap_v3")
    }

    @Test func poolsFoldIntoOneSnapshotPerTrackedToken() throws {
        let reading = try adapter.read(Fixture.data("geckoterminal/token_pools.json"), selection: .tracked([Sample.ape, Sample.pepe]),
                                       observedAt: Sample.observedAt)
        #expect(reading.ignoredPairs == 0)
        #expect(reading.snapshots.map(\.token) == [Sample.ape, Sample.pepe])
        let ape = reading.snapshots[0]
        #expect(ape.source == "geckoterminal")
        #expect(ape.priceUSD == 1.0234)
        #expect(ape.pool == (try EVMAddress("0xac4b3dacb91461209ae9d41ec517c2b9cb1b7daf")))
        #expect(ape.liquidityUSD == 4321987.6543 + 10000.5)
        #expect(ape.volume24hUSD == 1523456.78 + 2500.25)
        #expect(ape.buys24h == 812 + 4 && ape.sells24h == 790 + 10)
        #expect(ape.fdvUSD == 1_023_400_000)
        #expect(ape.pairCreatedAt == Timestamp(seconds: 1_647_392_400))
        let pepe = reading.snapshots[1]
        #expect(pepe.priceUSD == 0.5117)
        #expect(pepe.pairCreatedAt == Timestamp(seconds: 1_683_676_800))
    }

    @Test func theQuoteSideUsesTheQuotePrice() throws {
        let body = try Fixture.data("geckoterminal/token_pools.json")
        let reading = try adapter.read(body, selection: .tracked([Sample.weth]), observedAt: Sample.observedAt)
        let weth = try #require(reading.snapshots.first)
        #expect(weth.priceUSD == 2999.4138)
        #expect(weth.fdvUSD == nil)
        #expect(weth.buys24h == 790 && weth.sells24h == 812)
        #expect(reading.ignoredPairs == 1)
    }

    @Test func aSinglePoolObjectAndOtherNetworksAreRead() throws {
        let body = Data(#"""
        {"data": {"id": "polygon_pos_0x1", "type": "pool", "attributes": {"reserve_in_usd": "5"},
          "relationships": {"base_token": {"data": {"id": "polygon_pos_0x4d224452801aced8b2f0aebe155379bb5d594381", "type": "token"}}}}}
        """#.utf8)
        let polygon = GeckoTerminalAdapter(feed: "g", network: "polygon_pos", chain: 137)
        let reading = try polygon.read(body, selection: .baseTokens, observedAt: Sample.observedAt)
        #expect(reading.snapshots.first?.token == (try TokenID(chain: 137, address: "0x4d224452801aced8b2f0aebe155379bb5d594381")))
        #expect(reading.snapshots.first?.liquidityUSD == 5)
        #expect(try adapter.read(body, selection: .baseTokens, observedAt: Sample.observedAt).ignoredPairs == 1)
        #expect(try GeckoTerminalAdapter(feed: "g", options: DexMarketOptions(format: .geckoterminal, network: "polygon_pos")).chain == 137)
    }

    @Test func malformedFieldsAreNamed() throws {
        let text = try String(decoding: Fixture.data("geckoterminal/token_pools.json"), as: UTF8.self)
        let nan = text.replacingOccurrences(of: #""reserve_in_usd": "10000.5""#, with: #""reserve_in_usd": "NaN""#)
        let error = payloadError { _ = try adapter.read(Data(nan.utf8), selection: .baseTokens, observedAt: Sample.observedAt) }
        #expect(error?.feed == "gecko-eth")
        #expect(error?.field == "data[1].attributes.reserve_in_usd")
        #expect(error?.value == "NaN")

        let date = text.replacingOccurrences(of: "2023-05-10T00:00:00Z", with: "10/05/2023")
        #expect(payloadError { _ = try adapter.read(Data(date.utf8), selection: .baseTokens, observedAt: Sample.observedAt) }?.field
            == "data[1].attributes.pool_created_at")
        let id = text.replacingOccurrences(of: "eth_0x6982508145454ce325ddbe47a25d4ec3d2311933", with: "eth_0xnothex")
        let idError = payloadError { _ = try adapter.read(Data(id.utf8), selection: .baseTokens, observedAt: Sample.observedAt) }
        #expect(idError?.field == "data[1].relationships.base_token.data.id")
        #expect(idError?.value == "eth_0xnothex")
        let missing = Data(#"{"data": [{"id": "eth_0x1", "type": "pool", "attributes": {}}]}"#.utf8)
        #expect(payloadError { _ = try adapter.read(missing, selection: .baseTokens, observedAt: Sample.observedAt) }?.field
            == "data[0].relationships.base_token.data.id")
        #expect(payloadError { _ = try adapter.decode(Data(text.utf8.prefix(200))) }?.field == PayloadError.document)
    }

    @Test func requestURLs() {
        #expect(GeckoTerminalRequest.tokenPoolsURL(network: "eth", token: Sample.ape.address)
            == "https://api.geckoterminal.com/api/v2/networks/eth/tokens/0x4d224452801aced8b2f0aebe155379bb5d594381/pools")
        #expect(GeckoTerminalRequest.ohlcvURL(base: "http://h/api/v2/", network: "eth", pool: Sample.weth.address, timeframe: "hour",
                                              before: Timestamp(seconds: 5), limit: 5000)
            == "http://h/api/v2/networks/eth/pools/0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2/ohlcv/hour?aggregate=1&limit=1000&before_timestamp=5")
    }
}
