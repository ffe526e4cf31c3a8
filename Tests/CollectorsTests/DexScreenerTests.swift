import Foundation
import RadarCore
import Testing
@testable import Collectors

@Suite struct DexScreenerTests {
    let adapter = DexScreenerAdapter(feed: "dexscreener-eth", network: "ethereum", chain: 1)

    @Test func theWireFormatKeepsEveryDocumentedField() throws {
        let response = try adapter.decode(Fixture.data("dexscreener/tokens.json"))
        let pairs = try #require(response.pairs)
        #expect(response.schemaVersion == "1.0.0")
        #expect(pairs.count == 5)
        let first = pairs[0]
        #expect(first.chainId == "ethereum")
        #expect(first.dexId == "uniswap")
        #expect(first.baseToken.symbol == "APE")
        #expect(first.quoteToken.address == "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2")
        #expect(first.priceNative == "0.0003412")
        #expect(first.priceUsd == "1.0234")
        #expect(first.txns?.h24?.buys == 812)
        #expect(first.txns?.m5?.sells == 1)
        #expect(first.volume?.h6 == 402311.5)
        #expect(first.liquidity?.usd == 4321987.65)
        #expect(first.fdv == 1_023_400_000)
        #expect(first.marketCap == 756_000_000)
        #expect(first.pairCreatedAt == 1_647_392_400_000)
        #expect(pairs[1].marketCap == nil)
        #expect(pairs[2].fdv == nil && pairs[2].pairCreatedAt == nil)
    }

    @Test func aTrackedTokenFoldsItsBaseAndQuotePairsOnItsChainIntoOneSnapshot() throws {
        let reading = try adapter.read(Fixture.data("dexscreener/tokens.json"), selection: .tracked([Sample.ape]), observedAt: Sample.observedAt)
        // The Base-chain pair and the USDC/WETH pair are ignored.
        #expect(reading.ignoredPairs == 2)
        let snapshot = try #require(reading.snapshots.first)
        #expect(reading.snapshots.count == 1)
        #expect(snapshot.source == "dexscreener")
        #expect(snapshot.token == Sample.ape)
        // The deepest pair (APE/WETH) gives price, pool and FDV.
        #expect(snapshot.pool == (try EVMAddress("0xac4b3dacb91461209ae9d41ec517c2b9cb1b7daf")))
        #expect(snapshot.priceUSD == 1.0234)
        #expect(snapshot.fdvUSD == 1_023_400_000)
        // Liquidity and volume sum over APE/WETH, PEPE/APE and the v4 APE/USDC pool.
        #expect(snapshot.liquidityUSD == 4321987.65 + 10000.5 + 50000.0)
        #expect(snapshot.volume24hUSD == 1523456.78 + 2500.25 + 3000.0)
        // In PEPE/APE, APE is the quote: PEPE buys (10) are APE sells and PEPE sells (4) APE buys.
        #expect(snapshot.buys24h == Int64(812 + 4 + 25))
        #expect(snapshot.sells24h == Int64(790 + 10 + 30))
        #expect(snapshot.pairCreatedAt == Timestamp(seconds: 1_647_392_400))
        #expect(snapshot.eventTime == Sample.observedAt)
        #expect(snapshot.observedAt == Sample.observedAt)
    }

    @Test func aQuoteSidedTokenGetsItsOwnPriceAndNoFDV() throws {
        let reading = try adapter.read(Fixture.data("dexscreener/tokens.json"), selection: .tracked([Sample.pepe]), observedAt: Sample.observedAt)
        let pepe = try #require(reading.snapshots.first)
        #expect(pepe.priceUSD == 0.5117)
        #expect(pepe.fdvUSD == 215_000_000)
        #expect(pepe.buys24h == 10 && pepe.sells24h == 4)

        let usdc = try #require(try adapter.read(Fixture.data("dexscreener/tokens.json"), selection: .tracked([Sample.usdc]),
                                                 observedAt: Sample.observedAt).snapshots.first)
        // The deepest USDC pair is USDC/WETH where it is the base; the v4 APE/USDC pair adds its figures quote-side.
        #expect(usdc.priceUSD == 0.9998)
        #expect(usdc.liquidityUSD == 150_000_000.0 + 50000.0)
        #expect(usdc.buys24h == Int64(15000 + 30))
    }

    @Test func theQuotePriceFollowsFromTheBasePrices() throws {
        let body = Data(#"""
        {"pairs": [{"chainId": "ethereum", "dexId": "uniswap", "pairAddress": "0x3b1f0e6d2c4a8b9e7f5d3c1a0b2e4f6d8c0a2b4e6f8d0c2a4b6e8f0d2c4a6b8e",
          "baseToken": {"address": "0x6982508145454Ce325dDbE47a25d4ec3d2311933"},
          "quoteToken": {"address": "0x4d224452801ACEd8B2F0aebE155379bb5D594381"},
          "priceNative": "0.5", "priceUsd": "0.5117", "fdv": 5}]}
        """#.utf8)
        let ape = try #require(try adapter.read(body, selection: .tracked([Sample.ape]), observedAt: Sample.observedAt).snapshots.first)
        #expect(ape.priceUSD == 0.5117 / 0.5)
        #expect(ape.fdvUSD == nil)
        // A Uniswap v4 pool id is 32 bytes: no pool address, not an error.
        #expect(ape.pool == nil)
        #expect(ape.liquidityUSD == nil && ape.volume24hUSD == nil && ape.buys24h == nil)
    }

    @Test func discoveryTakesEveryBaseTokenOnTheChain() throws {
        let reading = try adapter.read(Fixture.data("dexscreener/tokens.json"), selection: .baseTokens, observedAt: Sample.observedAt)
        #expect(reading.snapshots.map(\.token) == [Sample.ape, Sample.pepe, Sample.usdc])
        #expect(reading.ignoredPairs == 1)
    }

    @Test func noPairsIsAnEmptyReading() throws {
        let reading = try adapter.read(Data(#"{"schemaVersion": "1.0.0", "pairs": null}"#.utf8), selection: .baseTokens, observedAt: Sample.observedAt)
        #expect(reading == MarketReading(snapshots: [], ignoredPairs: 0))
    }

    @Test func malformedNumbersNameFeedFieldAndValue() throws {
        var text = try String(decoding: Fixture.data("dexscreener/tokens.json"), as: UTF8.self)
        text = text.replacingOccurrences(of: #""priceUsd": "0.5117""#, with: #""priceUsd": "0,5117""#)
        let error = payloadError { _ = try adapter.read(Data(text.utf8), selection: .tracked([Sample.ape]), observedAt: Sample.observedAt) }
        #expect(error?.feed == "dexscreener-eth")
        #expect(error?.field == "pairs[1].priceUsd")
        #expect(error?.value == "0,5117")

        let negative = text.replacingOccurrences(of: #""liquidity": {"usd": 4321987.65"#, with: #""liquidity": {"usd": -1"#)
        #expect(payloadError { _ = try adapter.read(Data(negative.utf8), selection: .baseTokens, observedAt: Sample.observedAt) }?.field
            == "pairs[0].liquidity.usd")
        let address = text.replacingOccurrences(of: "0x6982508145454Ce325dDbE47a25d4ec3d2311933", with: "0x69825081")
        #expect(payloadError { _ = try adapter.read(Data(address.utf8), selection: .baseTokens, observedAt: Sample.observedAt) }?.field
            == "pairs[1].baseToken.address")
    }

    @Test func wrongTypesAndTruncationAreNamed() throws {
        let text = try String(decoding: Fixture.data("dexscreener/tokens.json"), as: UTF8.self)
        let typed = text.replacingOccurrences(of: #""buys": 812"#, with: #""buys": "812""#)
        let error = payloadError { _ = try adapter.decode(Data(typed.utf8)) }
        #expect(error?.field == "pairs[0].txns.h24.buys")
        #expect(error?.value == "812")
        let truncated = payloadError { _ = try adapter.decode(Data(text.utf8.prefix(900))) }
        #expect(truncated?.feed == "dexscreener-eth")
        #expect(truncated?.field == PayloadError.document)
    }

    @Test func configuredNetworksResolveToChainIDs() throws {
        #expect(try DexScreenerAdapter(feed: "d", options: DexMarketOptions(format: .dexscreener, network: "base")).chain == 8453)
        let error = payloadError { _ = try DexScreenerAdapter(feed: "d", options: DexMarketOptions(network: "solana")) }
        #expect(error?.field == "network")
        #expect(error?.value == "solana")
    }

    @Test func tokenURLsBatchAtMostThirtyAddresses() throws {
        let tokens = try (0..<65).map { try EVMAddress("0x" + String(repeating: "0", count: 38) + String(format: "%02x", $0)) }
        let urls = DexScreenerRequest.tokenURLs(tokens: tokens + tokens.prefix(3))
        #expect(urls.count == 3)
        #expect(urls[0].hasPrefix("https://api.dexscreener.com/latest/dex/tokens/0x0000000000000000000000000000000000000000,0x"))
        #expect(urls.map { $0.split(separator: "/").last!.split(separator: ",").count } == [30, 30, 5])
        #expect(DexScreenerRequest.tokenURLs(base: "http://127.0.0.1:8080/latest/dex/tokens/", tokens: [Sample.ape.address], batchSize: 500)
            == ["http://127.0.0.1:8080/latest/dex/tokens/0x4d224452801aced8b2f0aebe155379bb5d594381"])
        #expect(DexScreenerRequest.batches(of: tokens, size: 10).count == 7)
        #expect(DexScreenerRequest.batches(of: tokens, size: 0).count == 65)
        #expect(DexScreenerRequest.tokenURLs(tokens: []).isEmpty)
    }
}
