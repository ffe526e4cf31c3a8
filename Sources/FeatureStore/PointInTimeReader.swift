import GRDB
import RadarCore

extension FeatureStore {
    /// The store as it was known at `asOf`: only rows with `observed_at <= asOf` and
    /// `event_time <= asOf` are visible. Features, labels-free inputs and scores for `asOf` read
    /// through this and nothing else.
    public func asOf(_ asOf: Timestamp) -> PointInTimeReader {
        PointInTimeReader(store: self, asOf: asOf)
    }
}

/// Point-in-time reads: what the radar knew at `asOf`, never anything observed or happening later.
///
/// Windowed reads return rows with `since < event_time <= asOf`, in chain order.
public struct PointInTimeReader: Sendable {
    public let store: FeatureStore
    public let asOf: Timestamp

    /// Tokens known at `asOf` (observed, and first seen on chain, by then).
    public func tokens() throws(StoreError) -> [Token] {
        try fetch("read tokens", """
            SELECT chain, address, symbol, name, decimals, total_supply, first_seen_at, observed_at FROM tokens
            WHERE observed_at <= ?1 AND first_seen_at <= ?1 ORDER BY chain, address
            """, [asOf.seconds], Token.init(row:))
    }

    /// IP links known at `asOf`.
    public func ipLinks() throws(StoreError) -> [IPLink] {
        try fetch("read ip links", """
            SELECT chain, address, registry, registry_id, category, ip_name, source, observed_at FROM ip_links
            WHERE observed_at <= ?1 ORDER BY chain, address, registry, registry_id
            """, [asOf.seconds], IPLink.init(row:))
    }

    /// Pools that existed, and were known, at `asOf`.
    public func pools() throws(StoreError) -> [Pool] {
        try fetch("read pools", """
            SELECT \(Self.poolColumns) FROM pools WHERE created_at <= ?1 AND observed_at <= ?1 ORDER BY chain, created_block, pool
            """, [asOf.seconds], Pool.init(row:))
    }

    /// Pools of `token` (as token0 or token1) that existed at `asOf`.
    public func pools(of token: TokenID) throws(StoreError) -> [Pool] {
        try store.read("read pools of \(token)") { db in try Self.pools(of: token, asOf: asOf, db) }
    }

    /// ERC-20 transfers of `token` in `(since, asOf]`. (A scan of the window: the table is indexed by
    /// time; features read all tokens' transfers at once with `transfers(since:)`.)
    public func transfers(of token: TokenID, since: Timestamp) throws(StoreError) -> [Transfer] {
        try fetch("read transfers", """
            SELECT \(Self.transferColumns) FROM transfers INDEXED BY transfers_by_time
            WHERE event_time > ?3 AND event_time <= ?4 AND observed_at <= ?4 AND chain = ?1 AND token = ?2
            ORDER BY block_number, log_index
            """, [token.chain, token.address.hex, since.seconds, asOf.seconds], Transfer.init(row:))
    }

    /// Every token's ERC-20 transfers in `(since, asOf]`, in chain order: the cross-section features
    /// are built from.
    public func transfers(since: Timestamp) throws(StoreError) -> [Transfer] {
        try fetch("read transfers", """
            SELECT \(Self.transferColumns) FROM transfers INDEXED BY transfers_by_time
            WHERE event_time > ?1 AND event_time <= ?2 AND observed_at <= ?2
            ORDER BY chain, block_number, log_index
            """, [since.seconds, asOf.seconds], Transfer.init(row:))
    }

    /// Swaps in `pool` in `(since, asOf]`.
    public func swaps(chain: ChainID, pool: EVMAddress, since: Timestamp) throws(StoreError) -> [Swap] {
        try store.read("read swaps") { db in
            try Self.swaps(chain: chain, pools: [pool], since: since, asOf: asOf, db)
        }
    }

    /// Every pool's swaps in `(since, asOf]`, in chain order.
    public func swaps(since: Timestamp) throws(StoreError) -> [Swap] {
        try fetch("read swaps", """
            SELECT \(Self.swapColumns) FROM swaps INDEXED BY swaps_by_time
            WHERE event_time > ?1 AND event_time <= ?2 AND observed_at <= ?2
            ORDER BY chain, block_number, log_index
            """, [since.seconds, asOf.seconds], Swap.init(row:))
    }

    /// Swaps in `(since, asOf]` in every pool of each token, read in one snapshot with one scan of the
    /// window per chain; a token with no visible pool maps to an empty list.
    public func swaps(of tokens: [TokenID], since: Timestamp) throws(StoreError) -> [TokenID: [Swap]] {
        try store.read("read swaps of \(tokens.count) tokens") { db in
            var poolsOfToken: [TokenID: [EVMAddress]] = [:]
            if tokens.count > 64 {
                // Many tokens: one pass over the visible pools beats a look-up per token.
                let wanted = Set(tokens)
                for pool in try Row.fetchAll(db.cachedStatement(sql: """
                    SELECT \(Self.poolColumns) FROM pools WHERE created_at <= ?1 AND observed_at <= ?1
                    """), arguments: [asOf.seconds]).map(Pool.init(row:)) {
                    for side in Set([pool.token0, pool.token1]) {
                        let token = TokenID(chain: pool.chain, address: side)
                        if wanted.contains(token) { poolsOfToken[token, default: []].append(pool.address) }
                    }
                }
            } else {
                for token in tokens {
                    poolsOfToken[token] = try Self.pools(of: token, asOf: asOf, db).map(\.address)
                }
            }
            var result: [TokenID: [Swap]] = Dictionary(uniqueKeysWithValues: tokens.map { ($0, []) })
            for chain in Set(tokens.map(\.chain)) {
                var tokensOfPool: [EVMAddress: [TokenID]] = [:]
                for (token, pools) in poolsOfToken where token.chain == chain {
                    for pool in pools { tokensOfPool[pool, default: []].append(token) }
                }
                guard !tokensOfPool.isEmpty else { continue }
                for swap in try Self.swaps(chain: chain, pools: Array(tokensOfPool.keys), since: since, asOf: asOf, db) {
                    for token in tokensOfPool[swap.pool] ?? [] { result[token]?.append(swap) }
                }
            }
            return result
        }
    }

    /// The pool's reserves after the last `Sync` at or before `asOf`.
    public func latestReserves(chain: ChainID, pool: EVMAddress) throws(StoreError) -> ReserveUpdate? {
        try fetch("read reserves", """
            SELECT \(Self.reserveColumns) FROM reserves INDEXED BY reserves_by_pool
            WHERE chain = ?1 AND pool = ?2 AND event_time <= ?3 AND observed_at <= ?3
            ORDER BY event_time DESC, block_number DESC, log_index DESC LIMIT 1
            """, [chain, pool.hex, asOf.seconds], ReserveUpdate.init(row:)).first
    }

    /// Reserve updates of `pool` in `(since, asOf]`.
    public func reserves(chain: ChainID, pool: EVMAddress, since: Timestamp) throws(StoreError) -> [ReserveUpdate] {
        try fetch("read reserves", """
            SELECT \(Self.reserveColumns) FROM reserves INDEXED BY reserves_by_pool
            WHERE chain = ?1 AND pool = ?2 AND event_time > ?3 AND event_time <= ?4 AND observed_at <= ?4
            ORDER BY block_number, log_index
            """, [chain, pool.hex, since.seconds, asOf.seconds], ReserveUpdate.init(row:))
    }

    /// Liquidity added to or pulled from `pool` in `(since, asOf]`.
    public func liquidityEvents(chain: ChainID, pool: EVMAddress, since: Timestamp) throws(StoreError) -> [LiquidityEvent] {
        try fetch("read liquidity events", """
            SELECT chain, block_number, block_hash, log_index, tx_hash, pool, change, sender, amount0, amount1,
                   event_time, observed_at
            FROM liquidity_events INDEXED BY liquidity_events_by_pool
            WHERE chain = ?1 AND pool = ?2 AND event_time > ?3 AND event_time <= ?4 AND observed_at <= ?4
            ORDER BY block_number, log_index
            """, [chain, pool.hex, since.seconds, asOf.seconds], LiquidityEvent.init(row:))
    }

    /// Market snapshots of `token` in `(since, asOf]`, oldest first.
    public func marketSnapshots(of token: TokenID, since: Timestamp) throws(StoreError) -> [MarketSnapshot] {
        try fetch("read market snapshots", """
            SELECT source, chain, address, observed_at, event_time, pool, price_usd, liquidity_usd, volume_24h_usd,
                   buys_24h, sells_24h, fdv_usd, pair_created_at
            FROM market_snapshots INDEXED BY market_snapshots_by_token
            WHERE chain = ?1 AND address = ?2 AND event_time > ?3 AND event_time <= ?4 AND observed_at <= ?4
            ORDER BY event_time, source
            """, [token.chain, token.address.hex, since.seconds, asOf.seconds], MarketSnapshot.init(row:))
    }

    /// Posts that mention `token` in `(since, asOf]`, with how each was matched.
    public func mentions(of token: TokenID, since: Timestamp) throws(StoreError) -> [(mention: Mention, post: SocialPost)] {
        try fetch("read mentions", """
            SELECT m.source, m.post_id, m.chain, m.address, m.matched_by, m.event_time, m.observed_at,
                   p.author_id, p.author_name, p.author_followers, p.text, p.likes, p.reposts, p.replies, p.url,
                   p.event_time, p.observed_at
            FROM mentions m INDEXED BY mentions_by_token JOIN social_posts p ON p.source = m.source AND p.post_id = m.post_id
            WHERE m.chain = ?1 AND m.address = ?2 AND m.event_time > ?3 AND m.event_time <= ?4 AND m.observed_at <= ?4
              AND p.observed_at <= ?4 AND p.event_time <= ?4
            ORDER BY m.event_time, m.source, m.post_id
            """, [token.chain, token.address.hex, since.seconds, asOf.seconds]) { row in
            (Mention(row: row), SocialPost(mentionRow: row))
        }
    }

    /// All posts in `(since, asOf]` (for share-of-voice and universe-wide counts).
    public func socialPosts(since: Timestamp) throws(StoreError) -> [SocialPost] {
        try fetch("read social posts", """
            SELECT source, post_id, author_id, author_name, author_followers, text, likes, reposts, replies, url,
                   event_time, observed_at
            FROM social_posts WHERE event_time > ?1 AND event_time <= ?2 AND observed_at <= ?2
            ORDER BY event_time, source, post_id
            """, [since.seconds, asOf.seconds], SocialPost.init(row:))
    }

    /// IP registry events in `(since, asOf]`.
    public func ipEvents(since: Timestamp) throws(StoreError) -> [IPEvent] {
        try fetch("read ip events", """
            SELECT source, source_id, chain, block_number, block_hash, log_index, tx_hash, kind, ip_id, token_chain,
                   token_address, amount, counterparty, event_time, observed_at
            FROM ip_events WHERE event_time > ?1 AND event_time <= ?2 AND observed_at <= ?2
            ORDER BY event_time, id
            """, [since.seconds, asOf.seconds], IPEvent.init(row:))
    }

    // MARK: Shared queries

    static let poolColumns = """
        chain, pool, dex, factory, token0, token1, fee, created_block, created_block_hash, created_log_index, created_tx,
        created_at, observed_at
        """
    static let transferColumns = """
        chain, block_number, block_hash, log_index, tx_hash, token, from_address, to_address, amount, event_time, observed_at
        """
    static let swapColumns = """
        chain, block_number, block_hash, log_index, tx_hash, pool, sender, recipient, amount0_in, amount1_in,
        amount0_out, amount1_out, sqrt_price_x96, liquidity, tick, event_time, observed_at
        """
    static let reserveColumns = "chain, block_number, block_hash, log_index, tx_hash, pool, reserve0, reserve1, event_time, observed_at"

    /// The token's pools, looked up through the token0 and token1 indexes. (One query with
    /// `token0 = ? OR token1 = ?` and an ORDER BY lets SQLite pick a scan of every pool instead.)
    static func pools(of token: TokenID, asOf: Timestamp, _ db: Database) throws -> [Pool] {
        let arguments: StatementArguments = [token.chain, token.address.hex, asOf.seconds]
        var pools = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT \(poolColumns) FROM pools INDEXED BY pools_by_token0
            WHERE chain = ?1 AND token0 = ?2 AND created_at <= ?3 AND observed_at <= ?3
            """), arguments: arguments).map(Pool.init(row:))
        pools += try Row.fetchAll(db.cachedStatement(sql: """
            SELECT \(poolColumns) FROM pools INDEXED BY pools_by_token1
            WHERE chain = ?1 AND token1 = ?2 AND token0 <> ?2 AND created_at <= ?3 AND observed_at <= ?3
            """), arguments: arguments).map(Pool.init(row:))
        return pools.sorted { ($0.created.blockNumber, $0.address) < ($1.created.blockNumber, $1.address) }
    }

    /// Swaps of `pools` on `chain` in `(since, asOf]`, in chain order: one scan of the window, the pool
    /// set passed as a JSON array so the SQL stays a fixed string.
    static func swaps(chain: ChainID, pools: [EVMAddress], since: Timestamp, asOf: Timestamp, _ db: Database) throws -> [Swap] {
        let poolList = "[" + pools.map { "\"\($0.hex)\"" }.joined(separator: ",") + "]"
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT \(swapColumns) FROM swaps INDEXED BY swaps_by_time
            WHERE event_time > ?3 AND event_time <= ?4 AND observed_at <= ?4 AND chain = ?1
              AND pool IN (SELECT value FROM json_each(?2))
            """), arguments: [chain, poolList, since.seconds, asOf.seconds])
        var swaps: [Swap] = []
        while let row = try rows.next() { swaps.append(Swap(row: row)) }
        // The time index returns rows by event time; chain order breaks ties within a block.
        return swaps.sorted { ($0.position.blockNumber, $0.position.logIndex) < ($1.position.blockNumber, $1.position.logIndex) }
    }

    private func fetch<T>(_ operation: String, _ sql: String, _ arguments: StatementArguments, _ decode: (Row) -> T) throws(StoreError) -> [T] {
        try store.read(operation) { db in
            let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
            var result: [T] = []
            while let row = try rows.next() { result.append(decode(row)) }
            return result
        }
    }
}
