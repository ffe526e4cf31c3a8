import Foundation
import RadarCore

/// The body of DexScreener's `GET /latest/dex/tokens/{addresses}` (also `/latest/dex/search` and
/// `/latest/dex/pairs/{chain}/{pairs}`): the pairs that trade the asked-for tokens, on every chain.
public struct DexScreenerResponse: Codable, Sendable, Equatable {
    public var schemaVersion: String?
    /// Null when nothing matched.
    public var pairs: [DexScreenerPair]?
}

/// One DexScreener pair: a pool on one DEX quoting `baseToken` in `quoteToken`.
///
/// Prices come as strings (`priceNative`, `priceUsd`), USD amounts and counts as JSON numbers, and
/// `pairCreatedAt` in Unix milliseconds. Fields DexScreener documents as optional are optional here.
public struct DexScreenerPair: Codable, Sendable, Equatable {
    public var chainId: String
    public var dexId: String
    public var url: String?
    /// A 20-byte pool address on most DEXes; a 32-byte pool id on Uniswap v4.
    public var pairAddress: String
    public var baseToken: DexScreenerToken
    public var quoteToken: DexScreenerToken
    /// The base token's price in quote tokens.
    public var priceNative: String
    /// The base token's price in USD.
    public var priceUsd: String?
    public var txns: DexScreenerWindows<DexScreenerTxns>?
    public var volume: DexScreenerWindows<Double>?
    public var liquidity: DexScreenerLiquidity?
    public var fdv: Double?
    public var marketCap: Double?
    /// Unix milliseconds.
    public var pairCreatedAt: Int64?
}

/// A pair's token as DexScreener names it.
public struct DexScreenerToken: Codable, Sendable, Equatable {
    public var address: String
    public var name: String?
    public var symbol: String?
}

/// DexScreener's rolling windows: five minutes, one, six and twenty-four hours.
public struct DexScreenerWindows<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var m5: Value?
    public var h1: Value?
    public var h6: Value?
    public var h24: Value?
}

/// Buy and sell transaction counts in one window (buys and sells of the base token).
public struct DexScreenerTxns: Codable, Sendable, Equatable {
    public var buys: Int64
    public var sells: Int64
}

/// A pair's pooled value: `usd` in dollars, `base` and `quote` in token units.
public struct DexScreenerLiquidity: Codable, Sendable, Equatable {
    public var usd: Double?
    public var base: Double?
    public var quote: Double?
}

/// Turns DexScreener responses into one `MarketSnapshot` per token on one chain.
///
/// Pairs on other chains are ignored (the tokens endpoint answers for every chain); which token a pair
/// describes follows `MarketTokenSelection`, and several pairs of one token fold into one snapshot as
/// `PairFolding` describes. DexScreener gives no time of its own, so event time is the collection time.
public struct DexScreenerAdapter: Sendable {
    /// The `source` of the rows.
    public static let source = "dexscreener"

    /// The feed's configured name, for errors.
    public var feed: String
    /// DexScreener's `chainId` for the chain this feed covers, e.g. `ethereum`.
    public var network: String
    public var chain: ChainID

    public init(feed: String, network: String, chain: ChainID) {
        self.feed = feed
        self.network = network
        self.chain = chain
    }

    /// The adapter for a `dex-market` feed's options; fails for a network with no known EVM chain id.
    public init(feed: String, options: DexMarketOptions) throws(PayloadError) {
        self.init(feed: feed, network: options.network, chain: try MarketNetwork.chain(of: options.network, format: .dexscreener, feed: feed))
    }

    public func decode(_ body: Data) throws(PayloadError) -> DexScreenerResponse {
        try JSONPayload.decode(DexScreenerResponse.self, from: body, feed: feed)
    }

    /// Snapshots from a response body, observed at `observedAt` (the collection time).
    public func read(_ body: Data, selection: MarketTokenSelection, observedAt: Timestamp) throws(PayloadError) -> MarketReading {
        try reading(decode(body), selection: selection, observedAt: observedAt)
    }

    public func reading(_ response: DexScreenerResponse, selection: MarketTokenSelection, observedAt: Timestamp) throws(PayloadError) -> MarketReading {
        let folding = PairFolding(source: Self.source, chain: chain, selection: selection, observedAt: observedAt)
        var ignored = 0
        var figures: [PairFigures] = []
        for (index, pair) in (response.pairs ?? []).enumerated() {
            guard pair.chainId == network else {
                ignored += 1
                continue
            }
            let path = "pairs[\(index)]"
            let base = try address(pair.baseToken.address, field: "\(path).baseToken.address")
            let quote = try address(pair.quoteToken.address, field: "\(path).quoteToken.address")
            let draft = PairFigures(base: base, quote: quote)
            guard !folding.tokens(of: draft).isEmpty else {
                ignored += 1
                continue
            }
            figures.append(try self.figures(pair, base: base, quote: quote, path: path))
        }
        let snapshots = folding.fold(figures, ignored: &ignored)
        return MarketReading(snapshots: snapshots, ignoredPairs: ignored)
    }

    private func address(_ text: String, field: String) throws(PayloadError) -> EVMAddress {
        do {
            return try EVMAddress(text, field: field)
        } catch {
            throw PayloadError(feed: feed, field: field, value: text, reason: "expected 0x followed by 40 hex digits on \(network)")
        }
    }

    private func figures(_ pair: DexScreenerPair, base: EVMAddress, quote: EVMAddress, path: String) throws(PayloadError) -> PairFigures {
        let native = try DecimalText.amount(pair.priceNative, feed: feed, field: "\(path).priceNative")!
        let baseUSD = try DecimalText.amount(pair.priceUsd, feed: feed, field: "\(path).priceUsd")
        // The quote token's USD price follows from the base token's USD and native prices.
        let quoteUSD = baseUSD.flatMap { usd in native > 0 ? usd / native : nil }.flatMap { $0.isFinite ? $0 : nil }
        let txns = pair.txns?.h24
        for (name, count) in [("buys", txns?.buys), ("sells", txns?.sells)] {
            if let count, count < 0 {
                throw PayloadError(feed: feed, field: "\(path).txns.h24.\(name)", value: String(count), reason: "expected a count of at least 0")
            }
        }
        var createdAt: Timestamp?
        if let millis = pair.pairCreatedAt {
            guard millis >= 0 else {
                throw PayloadError(feed: feed, field: "\(path).pairCreatedAt", value: String(millis), reason: "expected Unix milliseconds")
            }
            createdAt = Timestamp(seconds: millis / 1000)
        }
        return PairFigures(
            base: base, quote: quote, pool: try? EVMAddress(pair.pairAddress),
            baseUSD: baseUSD, quoteUSD: quoteUSD,
            liquidityUSD: try DecimalText.amount(pair.liquidity?.usd, feed: feed, field: "\(path).liquidity.usd"),
            volume24hUSD: try DecimalText.amount(pair.volume?.h24, feed: feed, field: "\(path).volume.h24"),
            buys: txns?.buys, sells: txns?.sells,
            fdvUSD: try DecimalText.amount(pair.fdv, feed: feed, field: "\(path).fdv"),
            createdAt: createdAt)
    }
}
