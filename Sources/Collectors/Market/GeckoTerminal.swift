import Foundation
import RadarCore

/// The body of GeckoTerminal's pool endpoints (`/networks/{network}/tokens/{address}/pools`,
/// `/networks/{network}/pools/multi/{addresses}`, `/networks/{network}/pools/{address}`), in JSON:API
/// form: `data` is a list of pools, or one pool for the single-pool endpoint.
public struct GeckoTerminalPoolsResponse: Codable, Sendable, Equatable {
    public var data: [GeckoTerminalPool]

    public init(data: [GeckoTerminalPool]) { self.data = data }

    enum CodingKeys: String, CodingKey { case data }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let one = try? container.decode(GeckoTerminalPool.self, forKey: .data) {
            data = [one]
        } else {
            data = try container.decode([GeckoTerminalPool].self, forKey: .data)
        }
    }
}

/// One pool as a JSON:API resource: `id` is `{network}_{address}`.
public struct GeckoTerminalPool: Codable, Sendable, Equatable {
    public var id: String
    public var type: String
    public var attributes: Attributes
    public var relationships: Relationships?

    /// A pool's figures; prices and USD amounts are decimal strings, counts are numbers.
    public struct Attributes: Codable, Sendable, Equatable {
        public var address: String?
        public var name: String?
        public var baseTokenPriceUSD: String?
        public var quoteTokenPriceUSD: String?
        public var reserveInUSD: String?
        public var volumeUSD: Windows<String>?
        public var transactions: Windows<GeckoTerminalTransactions>?
        public var fdvUSD: String?
        public var marketCapUSD: String?
        /// RFC 3339, e.g. `2025-09-09T01:42:11Z`.
        public var poolCreatedAt: String?

        enum CodingKeys: String, CodingKey {
            case address, name, transactions
            case baseTokenPriceUSD = "base_token_price_usd"
            case quoteTokenPriceUSD = "quote_token_price_usd"
            case reserveInUSD = "reserve_in_usd"
            case volumeUSD = "volume_usd"
            case fdvUSD = "fdv_usd"
            case marketCapUSD = "market_cap_usd"
            case poolCreatedAt = "pool_created_at"
        }
    }

    /// GeckoTerminal's rolling windows.
    public struct Windows<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
        public var m5: Value?
        public var m15: Value?
        public var m30: Value?
        public var h1: Value?
        public var h6: Value?
        public var h24: Value?
    }

    /// The pool's tokens and DEX, as resource identifiers.
    public struct Relationships: Codable, Sendable, Equatable {
        public var baseToken: GeckoTerminalRelationship?
        public var quoteToken: GeckoTerminalRelationship?
        public var dex: GeckoTerminalRelationship?

        enum CodingKeys: String, CodingKey {
            case dex
            case baseToken = "base_token"
            case quoteToken = "quote_token"
        }
    }
}

/// Buy and sell counts in one window (of the base token), with distinct buyers and sellers.
public struct GeckoTerminalTransactions: Codable, Sendable, Equatable {
    public var buys: Int64
    public var sells: Int64
    public var buyers: Int64?
    public var sellers: Int64?
}

/// A JSON:API relationship: `{"data": {"id": "eth_0x...", "type": "token"}}`.
public struct GeckoTerminalRelationship: Codable, Sendable, Equatable {
    public var data: Resource?

    /// A resource identifier.
    public struct Resource: Codable, Sendable, Equatable {
        public var id: String
        public var type: String
    }
}

/// Turns GeckoTerminal pool responses into one `MarketSnapshot` per token on one network, with the
/// same pair-to-token rule and folding as DexScreener (`MarketTokenSelection`, `PairFolding`).
/// Event time is the collection time: the API says when a pool was created, not when its figures were.
public struct GeckoTerminalAdapter: Sendable {
    public static let source = "geckoterminal"

    public var feed: String
    /// GeckoTerminal's network id, e.g. `eth`; the prefix of its token ids.
    public var network: String
    public var chain: ChainID

    public init(feed: String, network: String, chain: ChainID) {
        self.feed = feed
        self.network = network
        self.chain = chain
    }

    /// The adapter for a `dex-market` feed's options; fails for a network with no known EVM chain id.
    public init(feed: String, options: DexMarketOptions) throws(PayloadError) {
        self.init(feed: feed, network: options.network, chain: try MarketNetwork.chain(of: options.network, format: .geckoterminal, feed: feed))
    }

    public func decode(_ body: Data) throws(PayloadError) -> GeckoTerminalPoolsResponse {
        try JSONPayload.decode(GeckoTerminalPoolsResponse.self, from: body, feed: feed)
    }

    public func read(_ body: Data, selection: MarketTokenSelection, observedAt: Timestamp) throws(PayloadError) -> MarketReading {
        try reading(decode(body), selection: selection, observedAt: observedAt)
    }

    public func reading(_ response: GeckoTerminalPoolsResponse, selection: MarketTokenSelection, observedAt: Timestamp) throws(PayloadError) -> MarketReading {
        let folding = PairFolding(source: Self.source, chain: chain, selection: selection, observedAt: observedAt)
        var ignored = 0
        var figures: [PairFigures] = []
        for (index, pool) in response.data.enumerated() {
            let path = "data[\(index)]"
            let baseField = "\(path).relationships.base_token.data.id"
            guard let baseID = pool.relationships?.baseToken?.data?.id else {
                throw PayloadError(feed: feed, field: baseField, value: nil, reason: "required field is missing")
            }
            guard let base = try address(inID: baseID, field: baseField) else {
                ignored += 1
                continue
            }
            var quote: EVMAddress?
            if let quoteID = pool.relationships?.quoteToken?.data?.id {
                quote = try address(inID: quoteID, field: "\(path).relationships.quote_token.data.id")
            }
            guard !folding.tokens(of: PairFigures(base: base, quote: quote)).isEmpty else {
                ignored += 1
                continue
            }
            figures.append(try self.figures(pool.attributes, base: base, quote: quote, path: "\(path).attributes"))
        }
        return MarketReading(snapshots: folding.fold(figures, ignored: &ignored), ignoredPairs: ignored)
    }

    /// The address in a `{network}_{address}` id; nil when the id is on another network. Network ids
    /// may hold underscores (`polygon_pos`), so the id splits at its last one.
    private func address(inID id: String, field: String) throws(PayloadError) -> EVMAddress? {
        guard let split = id.lastIndex(of: "_") else {
            throw PayloadError(feed: feed, field: field, value: id, reason: "expected {network}_{address}, e.g. eth_0x...")
        }
        guard id[..<split] == network else { return nil }
        let text = String(id[id.index(after: split)...])
        guard let address = try? EVMAddress(text) else {
            throw PayloadError(feed: feed, field: field, value: id, reason: "expected 0x followed by 40 hex digits after '\(network)_'")
        }
        return address
    }

    private func figures(_ attributes: GeckoTerminalPool.Attributes, base: EVMAddress, quote: EVMAddress?, path: String) throws(PayloadError) -> PairFigures {
        let txns = attributes.transactions?.h24
        for (name, count) in [("buys", txns?.buys), ("sells", txns?.sells)] {
            if let count, count < 0 {
                throw PayloadError(feed: feed, field: "\(path).transactions.h24.\(name)", value: String(count), reason: "expected a count of at least 0")
            }
        }
        var createdAt: Timestamp?
        if let text = attributes.poolCreatedAt {
            guard let time = FeedTime.rfc3339(text) else {
                throw PayloadError(feed: feed, field: "\(path).pool_created_at", value: text, reason: "expected an RFC 3339 time such as 2025-09-09T01:42:11Z")
            }
            createdAt = time
        }
        return PairFigures(
            base: base, quote: quote, pool: attributes.address.flatMap { try? EVMAddress($0) },
            baseUSD: try DecimalText.amount(attributes.baseTokenPriceUSD, feed: feed, field: "\(path).base_token_price_usd"),
            quoteUSD: try DecimalText.amount(attributes.quoteTokenPriceUSD, feed: feed, field: "\(path).quote_token_price_usd"),
            liquidityUSD: try DecimalText.amount(attributes.reserveInUSD, feed: feed, field: "\(path).reserve_in_usd"),
            volume24hUSD: try DecimalText.amount(attributes.volumeUSD?.h24, feed: feed, field: "\(path).volume_usd.h24"),
            buys: txns?.buys, sells: txns?.sells,
            fdvUSD: try DecimalText.amount(attributes.fdvUSD, feed: feed, field: "\(path).fdv_usd"),
            createdAt: createdAt)
    }
}

/// Builds GeckoTerminal request URLs (API v2).
public enum GeckoTerminalRequest {
    public static let defaultBase = "https://api.geckoterminal.com/api/v2"

    /// The pools that trade `token` on `network` (most liquid first).
    public static func tokenPoolsURL(base: String = defaultBase, network: String, token: EVMAddress) -> String {
        "\(trimmed(base))/networks/\(network)/tokens/\(token.hex)/pools"
    }

    /// Candles for `pool`: `timeframe` is `day`, `hour` or `minute`, `aggregate` bars per candle,
    /// `before` an exclusive upper Unix time for paging back, `limit` at most 1000.
    public static func ohlcvURL(base: String = defaultBase, network: String, pool: EVMAddress, timeframe: String,
                                aggregate: Int = 1, before: Timestamp? = nil, limit: Int = 1000) -> String {
        var url = "\(trimmed(base))/networks/\(network)/pools/\(pool.hex)/ohlcv/\(timeframe)?aggregate=\(aggregate)&limit=\(min(max(limit, 1), 1000))"
        if let before { url += "&before_timestamp=\(before.seconds)" }
        return url
    }

    private static func trimmed(_ base: String) -> String {
        var root = base
        while root.hasSuffix("/") { root.removeLast() }
        return root
    }
}
