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

    /// ERC-20 transfers of `token` in `(since, asOf]`.
    public func transfers(of token: TokenID, since: Timestamp) throws(StoreError) -> [Transfer] {
        try fetch("read transfers", """
            SELECT chain, block_number, block_hash, log_index, tx_hash, token, from_address, to_address, amount,
                   event_time, observed_at
            FROM transfers WHERE chain = ?1 AND token = ?2 AND event_time > ?3 AND event_time <= ?4 AND observed_at <= ?4
            ORDER BY block_number, log_index
            """, [token.chain, token.address.hex, since.seconds, asOf.seconds], Transfer.init(row:))
    }

    /// Swaps in `pool` in `(since, asOf]`.
    public func swaps(chain: ChainID, pool: EVMAddress, since: Timestamp) throws(StoreError) -> [Swap] {
        try store.read("read swaps") { db in try Self.swaps(chain: chain, pool: pool, since: since, asOf: asOf, db) }
    }

    /// Swaps in `(since, asOf]` in every pool of each token, read in one snapshot; a token with no
    /// visible pool maps to an empty list.
    public func swaps(of tokens: [TokenID], since: Timestamp) throws(StoreError) -> [TokenID: [Swap]] {
        try store.read("read swaps of \(tokens.count) tokens") { db in
            var result: [TokenID: [Swap]] = [:]
            result.reserveCapacity(tokens.count)
            for token in tokens {
                var swaps: [Swap] = []
                for pool in try Self.pools(of: token, asOf: asOf, db) {
                    swaps += try Self.swaps(chain: token.chain, pool: pool.address, since: since, asOf: asOf, db)
                }
                result[token] = swaps
            }
            return result
        }
    }

    /// The pool's reserves after the last `Sync` at or before `asOf`.
    public func latestReserves(chain: ChainID, pool: EVMAddress) throws(StoreError) -> ReserveUpdate? {
        try fetch("read reserves", """
            SELECT \(Self.reserveColumns) FROM reserves
            WHERE chain = ?1 AND pool = ?2 AND event_time <= ?3 AND observed_at <= ?3
            ORDER BY block_number DESC, log_index DESC LIMIT 1
            """, [chain, pool.hex, asOf.seconds], ReserveUpdate.init(row:)).first
    }

    /// Reserve updates of `pool` in `(since, asOf]`.
    public func reserves(chain: ChainID, pool: EVMAddress, since: Timestamp) throws(StoreError) -> [ReserveUpdate] {
        try fetch("read reserves", """
            SELECT \(Self.reserveColumns) FROM reserves
            WHERE chain = ?1 AND pool = ?2 AND event_time > ?3 AND event_time <= ?4 AND observed_at <= ?4
            ORDER BY block_number, log_index
            """, [chain, pool.hex, since.seconds, asOf.seconds], ReserveUpdate.init(row:))
    }

    /// Liquidity added to or pulled from `pool` in `(since, asOf]`.
    public func liquidityEvents(chain: ChainID, pool: EVMAddress, since: Timestamp) throws(StoreError) -> [LiquidityEvent] {
        try fetch("read liquidity events", """
            SELECT chain, block_number, block_hash, log_index, tx_hash, pool, change, sender, amount0, amount1,
                   event_time, observed_at
            FROM liquidity_events
            WHERE chain = ?1 AND pool = ?2 AND event_time > ?3 AND event_time <= ?4 AND observed_at <= ?4
            ORDER BY block_number, log_index
            """, [chain, pool.hex, since.seconds, asOf.seconds], LiquidityEvent.init(row:))
    }

    /// Market snapshots of `token` in `(since, asOf]`, oldest first.
    public func marketSnapshots(of token: TokenID, since: Timestamp) throws(StoreError) -> [MarketSnapshot] {
        try fetch("read market snapshots", """
            SELECT source, chain, address, observed_at, event_time, pool, price_usd, liquidity_usd, volume_24h_usd,
                   buys_24h, sells_24h, fdv_usd, pair_created_at
            FROM market_snapshots
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
            FROM mentions m JOIN social_posts p ON p.source = m.source AND p.post_id = m.post_id
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
    static let reserveColumns = "chain, block_number, block_hash, log_index, tx_hash, pool, reserve0, reserve1, event_time, observed_at"

    static func pools(of token: TokenID, asOf: Timestamp, _ db: Database) throws -> [Pool] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT \(poolColumns) FROM pools
            WHERE chain = ?1 AND (token0 = ?2 OR token1 = ?2) AND created_at <= ?3 AND observed_at <= ?3
            ORDER BY created_block, pool
            """), arguments: [token.chain, token.address.hex, asOf.seconds]).map(Pool.init(row:))
    }

    static func swaps(chain: ChainID, pool: EVMAddress, since: Timestamp, asOf: Timestamp, _ db: Database) throws -> [Swap] {
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT chain, block_number, block_hash, log_index, tx_hash, pool, sender, recipient, amount0_in, amount1_in,
                   amount0_out, amount1_out, sqrt_price_x96, liquidity, tick, event_time, observed_at
            FROM swaps WHERE chain = ?1 AND pool = ?2 AND event_time > ?3 AND event_time <= ?4 AND observed_at <= ?4
            ORDER BY block_number, log_index
            """), arguments: [chain, pool.hex, since.seconds, asOf.seconds])
        var swaps: [Swap] = []
        while let row = try rows.next() { swaps.append(Swap(row: row)) }
        return swaps
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
