import Foundation
import RadarCore

/// One OHLCV bar of a pool: prices in USD (or the quote token when asked), volume in USD.
public struct Candle: Hashable, Sendable, Codable {
    /// The bar's opening time.
    public var time: Timestamp
    public var open: Double
    public var high: Double
    public var low: Double
    public var close: Double
    public var volume: Double

    public init(time: Timestamp, open: Double, high: Double, low: Double, close: Double, volume: Double) {
        self.time = time
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }
}

/// The body of GeckoTerminal's `/networks/{network}/pools/{pool}/ohlcv/{timeframe}`:
/// `data.attributes.ohlcv_list` holds `[time, open, high, low, close, volume]` rows, newest first.
public struct GeckoTerminalOHLCVResponse: Codable, Sendable, Equatable {
    public var data: Body
    public var meta: Meta?

    /// The JSON:API resource that carries the list.
    public struct Body: Codable, Sendable, Equatable {
        public var id: String?
        public var type: String?
        public var attributes: Attributes
    }

    /// The candle rows.
    public struct Attributes: Codable, Sendable, Equatable {
        public var ohlcvList: [[Double]]
        enum CodingKeys: String, CodingKey { case ohlcvList = "ohlcv_list" }
    }

    /// Which tokens the prices are of and in.
    public struct Meta: Codable, Sendable, Equatable {
        public var base: TokenInfo?
        public var quote: TokenInfo?
    }

    /// A token named in `meta`.
    public struct TokenInfo: Codable, Sendable, Equatable {
        public var address: String?
        public var name: String?
        public var symbol: String?
    }
}

/// Reads GeckoTerminal OHLCV responses into candles, oldest first.
///
/// Candles are history, not snapshots: a market snapshot is what was seen at one collection time, and
/// a backfill of bars would need one observation time per bar. They are returned as `Candle` values
/// for price-history features and backtests to store as they need.
public struct GeckoTerminalOHLCV: Sendable {
    public var feed: String

    public init(feed: String) { self.feed = feed }

    public func decode(_ body: Data) throws(PayloadError) -> GeckoTerminalOHLCVResponse {
        try JSONPayload.decode(GeckoTerminalOHLCVResponse.self, from: body, feed: feed)
    }

    public func candles(_ body: Data) throws(PayloadError) -> [Candle] {
        try candles(decode(body))
    }

    /// Each row checked: six finite numbers, a whole non-negative Unix time, non-negative prices and volume.
    public func candles(_ response: GeckoTerminalOHLCVResponse) throws(PayloadError) -> [Candle] {
        var candles: [Candle] = []
        candles.reserveCapacity(response.data.attributes.ohlcvList.count)
        for (index, row) in response.data.attributes.ohlcvList.enumerated() {
            let path = "data.attributes.ohlcv_list[\(index)]"
            guard row.count == 6 else {
                throw PayloadError(feed: feed, field: path, value: "\(row.count) values",
                                   reason: "expected [time, open, high, low, close, volume]")
            }
            let time = row[0]
            guard time >= 0, time < 1e15, time.rounded(.down) == time else {
                throw PayloadError(feed: feed, field: "\(path)[0]", value: String(time), reason: "expected whole Unix seconds")
            }
            for column in 1..<6 where !(row[column].isFinite && row[column] >= 0) {
                throw PayloadError(feed: feed, field: "\(path)[\(column)]", value: String(row[column]),
                                   reason: "expected a finite value of at least 0")
            }
            candles.append(Candle(time: Timestamp(seconds: Int64(time)), open: row[1], high: row[2], low: row[3], close: row[4], volume: row[5]))
        }
        return candles.sorted { $0.time < $1.time }
    }
}
