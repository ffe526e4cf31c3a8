import RadarCore

/// Which token a market pair describes.
///
/// A pair quotes its base token in its quote token (DexScreener `baseToken`/`quoteToken`, GeckoTerminal
/// `base_token`/`quote_token`), and its price, FDV and buy/sell counts are the base token's. So:
/// - `.baseTokens`: every pair describes its base token (discovery: whatever the API returns).
/// - `.tracked(ids)`: a pair describes its base token when that is tracked, and its quote token when
///   the quote is tracked (an IP token quoted against by memecoins is still that token's market); a
///   pair between two tracked tokens describes both; pairs with no tracked side are ignored.
///
/// Seen from the quote side, the price is the quote token's USD price, buys and sells swap (buying
/// the base is selling the quote) and the FDV is unknown (the API gives the base token's).
public enum MarketTokenSelection: Sendable, Equatable {
    case baseTokens
    case tracked(Set<TokenID>)
}

/// The snapshots one market response produced, and how many of its pairs did not become rows (other
/// chains, untracked tokens, non-EVM addresses).
public struct MarketReading: Sendable, Equatable {
    public var snapshots: [MarketSnapshot]
    public var ignoredPairs: Int

    public init(snapshots: [MarketSnapshot], ignoredPairs: Int) {
        self.snapshots = snapshots
        self.ignoredPairs = ignoredPairs
    }
}

/// One pair reduced to what a snapshot needs, already validated; both formats fold through it.
struct PairFigures {
    var base: EVMAddress
    var quote: EVMAddress?
    var pool: EVMAddress?
    var baseUSD: Double?
    var quoteUSD: Double?
    var liquidityUSD: Double?
    var volume24hUSD: Double?
    var buys: Int64?
    var sells: Int64?
    var fdvUSD: Double?
    var createdAt: Timestamp?
}

/// Folds pairs into one snapshot per token, because the store keeps one snapshot per source, token
/// and observation time. The token's deepest pair (most USD liquidity; the first listed on a tie)
/// gives the price, pool and FDV; liquidity, 24 h volume and buys/sells are summed over all the
/// token's pairs (its whole market, not one pool); `pairCreatedAt` is the earliest pair's.
struct PairFolding {
    var source: String
    var chain: ChainID
    var selection: MarketTokenSelection
    var observedAt: Timestamp

    private struct Side {
        var figures: PairFigures
        var isQuote: Bool
        var price: Double? { isQuote ? figures.quoteUSD : figures.baseUSD }
        var buys: Int64? { isQuote ? figures.sells : figures.buys }
        var sells: Int64? { isQuote ? figures.buys : figures.sells }
    }

    /// The sides of `pair` that describe a selected token.
    func tokens(of pair: PairFigures) -> [(TokenID, isQuote: Bool)] {
        let base = TokenID(chain: chain, address: pair.base)
        switch selection {
        case .baseTokens:
            return [(base, false)]
        case .tracked(let ids):
            var sides: [(TokenID, isQuote: Bool)] = []
            if ids.contains(base) { sides.append((base, false)) }
            if let quote = pair.quote.map({ TokenID(chain: chain, address: $0) }), quote != base, ids.contains(quote) {
                sides.append((quote, true))
            }
            return sides
        }
    }

    /// Snapshots for `pairs`; the count of pairs that described no selected token is added to `ignored`.
    func fold(_ pairs: [PairFigures], ignored: inout Int) -> [MarketSnapshot] {
        var order: [TokenID] = []
        var sides: [TokenID: [Side]] = [:]
        for pair in pairs {
            let matched = tokens(of: pair)
            if matched.isEmpty { ignored += 1 }
            for (token, isQuote) in matched {
                if sides[token] == nil { order.append(token) }
                sides[token, default: []].append(Side(figures: pair, isQuote: isQuote))
            }
        }
        return order.map { token in snapshot(token, sides[token]!) }
    }

    private func snapshot(_ token: TokenID, _ sides: [Side]) -> MarketSnapshot {
        var deepest = sides[0]
        for side in sides.dropFirst() where (side.figures.liquidityUSD ?? -1) > (deepest.figures.liquidityUSD ?? -1) {
            deepest = side
        }
        // Sums saturate: a hostile or broken feed must not trap the collector or store infinities.
        func sum(_ value: (Side) -> Double?) -> Double? {
            let values = sides.compactMap(value)
            return values.isEmpty ? nil : min(values.reduce(0, +), .greatestFiniteMagnitude)
        }
        func sum(_ value: (Side) -> Int64?) -> Int64? {
            let values = sides.compactMap(value)
            guard !values.isEmpty else { return nil }
            return values.reduce(Int64(0)) { total, next in
                let (result, overflow) = total.addingReportingOverflow(next)
                return overflow ? .max : result
            }
        }
        return MarketSnapshot(
            source: source, token: token, pool: deepest.figures.pool, priceUSD: deepest.price,
            liquidityUSD: sum { $0.figures.liquidityUSD }, volume24hUSD: sum { $0.figures.volume24hUSD },
            buys24h: sum { $0.buys }, sells24h: sum { $0.sells },
            fdvUSD: deepest.isQuote ? nil : deepest.figures.fdvUSD,
            pairCreatedAt: sides.compactMap(\.figures.createdAt).min(),
            eventTime: observedAt, observedAt: observedAt)
    }
}
