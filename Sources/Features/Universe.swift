import FeatureStore
import RadarCore

/// A token of the universe at a timestamp, with the pool its price is read from.
public struct UniverseMember: Hashable, Sendable {
    public var token: TokenID
    /// The token's decimals (18 where the tokens table does not know them).
    public var decimals: Int
    /// The token's main pool: its earliest-created pool against the quote token.
    public var pool: Pool
    /// Whether the token is the pool's token0 (the quote is then token1).
    public var isToken0: Bool
    public var quote: EVMAddress
    public var quoteDecimals: Int
}

/// The universe at `asOf`: every token with a pool against the quote token that exists (and is known)
/// at `asOf`, in token order. Tokens that later die stay in it until their pool is gone from the store.
public struct Universe: Sendable {
    public var asOf: Timestamp
    public var members: [UniverseMember]

    /// Reads tokens and pools as of the reader's timestamp and picks each token's main pool.
    public init(reader: PointInTimeReader, config: FeatureConfig) throws(StoreError) {
        asOf = reader.asOf
        let pools = try reader.pools()
        var decimals: [TokenID: Int] = [:]
        for token in try reader.tokens() { decimals[token.id] = token.decimals }
        var quotes = config.quoteTokens
        for chain in Set(pools.map(\.chain)) where quotes[chain] == nil {
            var count: [EVMAddress: Int] = [:]
            for pool in pools where pool.chain == chain {
                count[pool.token0, default: 0] += 1
                count[pool.token1, default: 0] += 1
            }
            quotes[chain] = count.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
        }
        var byToken: [TokenID: UniverseMember] = [:]
        // Pools come in (chain, created_block, pool) order, so the first seen is the earliest.
        for pool in pools {
            guard let quote = quotes[pool.chain], pool.token0 != pool.token1 else { continue }
            let isToken0: Bool
            if pool.token1 == quote { isToken0 = true } else if pool.token0 == quote { isToken0 = false } else { continue }
            let token = TokenID(chain: pool.chain, address: isToken0 ? pool.token0 : pool.token1)
            guard byToken[token] == nil else { continue }
            let quoteDecimals = decimals[TokenID(chain: pool.chain, address: quote)] ?? config.quoteDecimals
            byToken[token] = UniverseMember(token: token, decimals: decimals[token] ?? 18, pool: pool, isToken0: isToken0,
                                            quote: quote, quoteDecimals: quoteDecimals)
        }
        members = byToken.values.sorted { $0.token < $1.token }
    }

    /// Position of each token in `members`.
    public var indexByToken: [TokenID: Int] {
        Dictionary(uniqueKeysWithValues: members.enumerated().map { ($0.element.token, $0.offset) })
    }
}
