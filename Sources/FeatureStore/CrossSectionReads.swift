import GRDB
import RadarCore

/// A pool's reserves as a point-in-time reader sees them over a window: the last update at or before
/// the window's start (the price the window opens at) and every update inside it, in chain order.
public struct ReserveHistory: Sendable {
    /// The last update with `event_time <= since`, if any.
    public var opening: ReserveUpdate?
    /// Updates with `since < event_time <= asOf`, in chain order.
    public var window: [ReserveUpdate]
}

extension PointInTimeReader {
    /// Reserve histories of many pools in one snapshot (two indexed look-ups per pool): what price,
    /// return, volatility and liquidity features read for a whole universe at once.
    public func reserveHistories(chain: ChainID, pools: [EVMAddress], since: Timestamp) throws(StoreError) -> [EVMAddress: ReserveHistory] {
        try store.read("read reserve histories of \(pools.count) pools") { db in
            let openingSQL = try db.cachedStatement(sql: """
                SELECT \(Self.reserveColumns) FROM reserves INDEXED BY reserves_by_pool
                WHERE chain = ?1 AND pool = ?2 AND event_time <= ?3 AND observed_at <= ?4
                ORDER BY event_time DESC, block_number DESC, log_index DESC LIMIT 1
                """)
            let windowSQL = try db.cachedStatement(sql: """
                SELECT \(Self.reserveColumns) FROM reserves INDEXED BY reserves_by_pool
                WHERE chain = ?1 AND pool = ?2 AND event_time > ?3 AND event_time <= ?4 AND observed_at <= ?4
                ORDER BY block_number, log_index
                """)
            var result: [EVMAddress: ReserveHistory] = [:]
            result.reserveCapacity(pools.count)
            for pool in pools {
                let arguments: StatementArguments = [chain, pool.hex, since.seconds, asOf.seconds]
                let opening = try Row.fetchOne(openingSQL, arguments: arguments).map(ReserveUpdate.init(row:))
                var window: [ReserveUpdate] = []
                let rows = try Row.fetchCursor(windowSQL, arguments: arguments)
                while let row = try rows.next() { window.append(ReserveUpdate(row: row)) }
                result[pool] = ReserveHistory(opening: opening, window: window)
            }
            return result
        }
    }

    /// Every mention in `(since, asOf]` with its post, across all tokens: one scan of the posts' time
    /// index joined to mentions by key (the cross-section social features and share of voice read).
    public func mentions(since: Timestamp) throws(StoreError) -> [(mention: Mention, post: SocialPost)] {
        try store.read("read mentions since \(since)") { db in
            let rows = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT m.source, m.post_id, m.chain, m.address, m.matched_by, m.event_time, m.observed_at,
                       p.author_id, p.author_name, p.author_followers, p.text, p.likes, p.reposts, p.replies, p.url,
                       p.event_time, p.observed_at
                FROM social_posts p INDEXED BY social_posts_by_time
                JOIN mentions m ON m.source = p.source AND m.post_id = p.post_id
                WHERE p.event_time > ?1 AND p.event_time <= ?2 AND p.observed_at <= ?2
                  AND m.event_time > ?1 AND m.event_time <= ?2 AND m.observed_at <= ?2
                ORDER BY m.event_time, m.source, m.post_id, m.chain, m.address
                """), arguments: [since.seconds, asOf.seconds])
            var result: [(mention: Mention, post: SocialPost)] = []
            while let row = try rows.next() { result.append((Mention(row: row), SocialPost(mentionRow: row))) }
            return result
        }
    }

    /// Transfers visible as of `asOf` that were not visible as of `previous` (`previous < asOf`): rows
    /// observed in `(previous, asOf]` (whenever they happened), plus rows that happened in
    /// `(previous, asOf]` but were observed by `previous`. The two sets are disjoint, and their union
    /// is exactly what an incremental holder ledger must add to step from `previous` to `asOf`.
    public func transfersBecomingVisible(after previous: Timestamp) throws(StoreError) -> [Transfer] {
        try store.read("read transfers visible after \(previous)") { db in
            var result: [Transfer] = []
            let late = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT \(Self.transferColumns) FROM transfers INDEXED BY transfers_by_observed
                WHERE observed_at > ?1 AND observed_at <= ?2 AND event_time <= ?2
                """), arguments: [previous.seconds, asOf.seconds])
            while let row = try late.next() { result.append(Transfer(row: row)) }
            let early = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT \(Self.transferColumns) FROM transfers INDEXED BY transfers_by_time
                WHERE event_time > ?1 AND event_time <= ?2 AND observed_at <= ?1
                """), arguments: [previous.seconds, asOf.seconds])
            while let row = try early.next() { result.append(Transfer(row: row)) }
            return result
        }
    }
}
