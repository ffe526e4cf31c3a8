import Foundation
import RadarCore
import Testing
@testable import Collectors

@Suite struct GeckoTerminalOHLCVTests {
    let reader = GeckoTerminalOHLCV(feed: "gecko-ohlcv")

    @Test func candlesComeOldestFirstWithTheirValues() throws {
        let response = try reader.decode(Fixture.data("geckoterminal/ohlcv_hour.json"))
        #expect(response.meta?.base?.symbol == "APE")
        let candles = try reader.candles(response)
        #expect(candles.map(\.time.seconds) == [1_712_530_800, 1_712_534_400, 1_712_538_000])
        #expect(candles.last == Candle(time: Timestamp(seconds: 1_712_538_000), open: 1.0241, high: 1.0302, low: 1.0199, close: 1.0234, volume: 61234.5))
        #expect(candles.first?.volume == 39950)
    }

    @Test func badRowsAreNamed() throws {
        let short = payloadError { _ = try reader.candles(Data(#"{"data": {"attributes": {"ohlcv_list": [[1, 2, 3]]}}}"#.utf8)) }
        #expect(short?.field == "data.attributes.ohlcv_list[0]")
        let time = payloadError { _ = try reader.candles(Data(#"{"data": {"attributes": {"ohlcv_list": [[1.5, 1, 1, 1, 1, 1]]}}}"#.utf8)) }
        #expect(time?.field == "data.attributes.ohlcv_list[0][0]")
        #expect(time?.value == "1.5")
        let negative = payloadError { _ = try reader.candles(Data(#"{"data": {"attributes": {"ohlcv_list": [[1, 1, 1, 1, 1, -3]]}}}"#.utf8)) }
        #expect(negative?.field == "data.attributes.ohlcv_list[0][5]")
        let typed = payloadError { _ = try reader.candles(Data(#"{"data": {"attributes": {"ohlcv_list": [[1, "x", 1, 1, 1, 1]]}}}"#.utf8)) }
        #expect(typed?.field == "data.attributes.ohlcv_list[0][1]")
        #expect(typed?.value == "x")
        #expect(payloadError { _ = try reader.candles(Data(#"{"data": {"attributes": {"ohlcv_list": [[1, 2"#.utf8)) }?.field == PayloadError.document)
    }
}
