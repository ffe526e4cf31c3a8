import Foundation
import GRDB
import GRDBSQLite
import RadarCore

/// A swap reduced to what windowed market features read: where and when it happened, who received,
/// and its four raw amounts as Doubles (`DecimalAmount.approximateValue`, converted once).
public struct SwapFlow: Sendable {
    public var chain: ChainID
    public var pool: PackedAddress
    public var blockNumber: Int64
    public var logIndex: Int64
    public var eventTime: Timestamp
    public var recipient: PackedAddress
    public var amount0In: Double, amount1In: Double, amount0Out: Double, amount1Out: Double

    public init(chain: ChainID, pool: PackedAddress, blockNumber: Int64, logIndex: Int64, eventTime: Timestamp, recipient: PackedAddress,
                amount0In: Double, amount1In: Double, amount0Out: Double, amount1Out: Double) {
        self.chain = chain
        self.pool = pool
        self.blockNumber = blockNumber
        self.logIndex = logIndex
        self.eventTime = eventTime
        self.recipient = recipient
        self.amount0In = amount0In
        self.amount1In = amount1In
        self.amount0Out = amount0Out
        self.amount1Out = amount1Out
    }
}

/// A pool's reserves after one `Sync`, as Doubles of the raw amounts.
public struct ReservePoint: Sendable {
    public var chain: ChainID
    public var pool: PackedAddress
    public var blockNumber: Int64
    public var logIndex: Int64
    public var eventTime: Timestamp
    public var reserve0: Double, reserve1: Double

    public init(chain: ChainID, pool: PackedAddress, blockNumber: Int64, logIndex: Int64, eventTime: Timestamp, reserve0: Double, reserve1: Double) {
        self.chain = chain
        self.pool = pool
        self.blockNumber = blockNumber
        self.logIndex = logIndex
        self.eventTime = eventTime
        self.reserve0 = reserve0
        self.reserve1 = reserve1
    }

    /// Whether this update comes after `other` in the order "last update at or before a time" uses:
    /// event time, then chain position.
    public func isLater(than other: ReservePoint) -> Bool {
        (eventTime, blockNumber, logIndex) > (other.eventTime, other.blockNumber, other.logIndex)
    }
}

/// An ERC-20 transfer reduced to what holder balances read; the amount is exact (`Int128`, saturating
/// past its range as `HolderLedger` always has).
public struct TransferFlow: Sendable {
    public var token: ContractKey
    public var from: PackedAddress
    public var to: PackedAddress
    public var amount: Int128
    public var eventTime: Timestamp

    public init(token: ContractKey, from: PackedAddress, to: PackedAddress, amount: Int128, eventTime: Timestamp) {
        self.token = token
        self.from = from
        self.to = to
        self.amount = amount
        self.eventTime = eventTime
    }
}

/// Narrow window reads for features over a whole universe.
///
/// The same rows as `swaps(since:)`, `reserveHistories` and `transfersBecomingVisible(after:)`, but read
/// straight from SQLite's columns into flat values: only the columns features use, no hashes, no
/// decimal strings kept. At 10,000 tokens a timestamp reads millions of rows, and building full
/// records (five strings and four decimal strings per swap) was most of the time.
extension PointInTimeReader {
    /// Swaps with `since < event_time <= asOf` visible at `asOf`, in no particular order.
    public func swapFlows(since: Timestamp) throws(StoreError) -> [SwapFlow] {
        try scan("read swap flows", """
            SELECT chain, pool, block_number, log_index, event_time, recipient, amount0_in, amount1_in, amount0_out, amount1_out
            FROM swaps INDEXED BY swaps_by_time WHERE event_time > ?1 AND event_time <= ?2 AND observed_at <= ?2
            """, [since.seconds, asOf.seconds], Self.swapFlow)
    }

    /// Swaps visible at `asOf` that were not visible at `previous` (`previous < asOf`): observed in
    /// `(previous, asOf]`, or happened in `(previous, asOf]` having been observed by `previous`.
    public func swapFlowsBecomingVisible(after previous: Timestamp) throws(StoreError) -> [SwapFlow] {
        let columns = "chain, pool, block_number, log_index, event_time, recipient, amount0_in, amount1_in, amount0_out, amount1_out"
        return try scan("read swap flows visible after \(previous)", """
            SELECT \(columns) FROM swaps INDEXED BY swaps_by_observed
            WHERE observed_at > ?1 AND observed_at <= ?2 AND event_time <= ?2
            """, [previous.seconds, asOf.seconds], Self.swapFlow)
            + scan("read swap flows visible after \(previous)", """
            SELECT \(columns) FROM swaps INDEXED BY swaps_by_time
            WHERE event_time > ?1 AND event_time <= ?2 AND observed_at <= ?1
            """, [previous.seconds, asOf.seconds], Self.swapFlow)
    }

    /// Reserve updates with `since < event_time <= asOf` visible at `asOf`, every pool, in no particular order.
    public func reservePoints(since: Timestamp) throws(StoreError) -> [ReservePoint] {
        try scan("read reserve points", """
            SELECT chain, pool, block_number, log_index, event_time, reserve0, reserve1
            FROM reserves INDEXED BY reserves_by_time WHERE event_time > ?1 AND event_time <= ?2 AND observed_at <= ?2
            """, [since.seconds, asOf.seconds], Self.reservePoint)
    }

    /// Reserve updates visible at `asOf` that were not at `previous` (as `swapFlowsBecomingVisible`).
    public func reservePointsBecomingVisible(after previous: Timestamp) throws(StoreError) -> [ReservePoint] {
        let columns = "chain, pool, block_number, log_index, event_time, reserve0, reserve1"
        return try scan("read reserve points visible after \(previous)", """
            SELECT \(columns) FROM reserves INDEXED BY reserves_by_observed
            WHERE observed_at > ?1 AND observed_at <= ?2 AND event_time <= ?2
            """, [previous.seconds, asOf.seconds], Self.reservePoint)
            + scan("read reserve points visible after \(previous)", """
            SELECT \(columns) FROM reserves INDEXED BY reserves_by_time
            WHERE event_time > ?1 AND event_time <= ?2 AND observed_at <= ?1
            """, [previous.seconds, asOf.seconds], Self.reservePoint)
    }

    /// Per pool, the last update with `event_time <= since` visible at `asOf` (the price a window opens
    /// at); pools without one are absent. One indexed look-up per pool.
    public func openingReserves(chain: ChainID, pools: [EVMAddress], since: Timestamp) throws(StoreError) -> [PackedAddress: ReservePoint] {
        try store.read("read opening reserves of \(pools.count) pools") { db in
            let statement = try db.cachedStatement(sql: """
                SELECT chain, pool, block_number, log_index, event_time, reserve0, reserve1 FROM reserves INDEXED BY reserves_by_pool
                WHERE chain = ?1 AND pool = ?2 AND event_time <= ?3 AND observed_at <= ?4
                ORDER BY event_time DESC, block_number DESC, log_index DESC LIMIT 1
                """).sqliteStatement
            var result: [PackedAddress: ReservePoint] = [:]
            for pool in pools {
                sqlite3_reset(statement)
                var binder = RowBinder(statement)
                binder.bind(chain)
                binder.bind(pool.hex)
                binder.bind(since.seconds)
                binder.bind(asOf.seconds)
                let code = sqlite3_step(statement)
                if code == SQLITE_ROW {
                    let point = Self.reservePoint(statement)
                    result[point.pool] = point
                } else if code != SQLITE_DONE {
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
            }
            sqlite3_reset(statement)
            return result
        }
    }

    /// Transfers visible at `asOf` that were not at `previous`: the rows of `transfersBecomingVisible(after:)`.
    public func transferFlowsBecomingVisible(after previous: Timestamp) throws(StoreError) -> [TransferFlow] {
        let columns = "chain, token, from_address, to_address, amount, event_time"
        return try scan("read transfer flows visible after \(previous)", """
            SELECT \(columns) FROM transfers INDEXED BY transfers_by_observed
            WHERE observed_at > ?1 AND observed_at <= ?2 AND event_time <= ?2
            """, [previous.seconds, asOf.seconds], Self.transferFlow)
            + scan("read transfer flows visible after \(previous)", """
            SELECT \(columns) FROM transfers INDEXED BY transfers_by_time
            WHERE event_time > ?1 AND event_time <= ?2 AND observed_at <= ?1
            """, [previous.seconds, asOf.seconds], Self.transferFlow)
    }

    // MARK: Column decoding

    static func swapFlow(_ statement: SQLiteStatement) -> SwapFlow {
        SwapFlow(chain: sqlite3_column_int64(statement, 0), pool: address(statement, 1), blockNumber: sqlite3_column_int64(statement, 2),
                 logIndex: sqlite3_column_int64(statement, 3), eventTime: Timestamp(seconds: sqlite3_column_int64(statement, 4)),
                 recipient: address(statement, 5), amount0In: double(statement, 6), amount1In: double(statement, 7),
                 amount0Out: double(statement, 8), amount1Out: double(statement, 9))
    }

    static func reservePoint(_ statement: SQLiteStatement) -> ReservePoint {
        ReservePoint(chain: sqlite3_column_int64(statement, 0), pool: address(statement, 1), blockNumber: sqlite3_column_int64(statement, 2),
                     logIndex: sqlite3_column_int64(statement, 3), eventTime: Timestamp(seconds: sqlite3_column_int64(statement, 4)),
                     reserve0: double(statement, 5), reserve1: double(statement, 6))
    }

    static func transferFlow(_ statement: SQLiteStatement) -> TransferFlow {
        TransferFlow(token: ContractKey(chain: sqlite3_column_int64(statement, 0), address: address(statement, 1)),
                     from: address(statement, 2), to: address(statement, 3), amount: int128(statement, 4),
                     eventTime: Timestamp(seconds: sqlite3_column_int64(statement, 5)))
    }

    /// A canonical address column, packed without making a String.
    static func address(_ statement: SQLiteStatement, _ column: Int32) -> PackedAddress {
        let text = sqlite3_column_text(statement, column)!
        return PackedAddress(canonicalHex: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, column))))
    }

    /// A decimal amount column as `Double(digits)` would give it (the correctly rounded value).
    static func double(_ statement: SQLiteStatement, _ column: Int32) -> Double {
        let text = sqlite3_column_text(statement, column)!
        let count = Int(sqlite3_column_bytes(statement, column))
        // Up to 15 digits the integer is exact in a Double, and so is the rounded parse.
        if count <= 15 {
            var negative = false, value: Int64 = 0
            for index in 0..<count {
                let c = text[index]
                if c == UInt8(ascii: "-") { negative = true } else { value = value &* 10 &+ Int64(c &- 48) }
            }
            return Double(negative ? -value : value)
        }
        // sqlite3_column_text is NUL-terminated; strtod rounds correctly, as Double(String) does.
        return text.withMemoryRebound(to: CChar.self, capacity: count + 1) { strtod($0, nil) }
    }

    /// A decimal amount column as `Int128`, saturating past its range (as `HolderLedger.value` does).
    static func int128(_ statement: SQLiteStatement, _ column: Int32) -> Int128 {
        let text = sqlite3_column_text(statement, column)!
        let count = Int(sqlite3_column_bytes(statement, column))
        var negative = false, value: Int128 = 0, index = 0
        if count > 0 && text[0] == UInt8(ascii: "-") { negative = true; index = 1 }
        while index < count {
            let digit = Int128(text[index] &- 48)
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowAdd) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            if overflowTimes || overflowAdd { return negative ? .min : .max }
            value = next
            index += 1
        }
        return value
    }

    /// Runs one query and decodes each row straight from the statement's columns.
    func scan<T>(_ operation: String, _ sql: String, _ arguments: [Int64], _ decode: (SQLiteStatement) -> T) throws(StoreError) -> [T] {
        try store.read(operation) { db in
            let statement = try db.cachedStatement(sql: sql).sqliteStatement
            sqlite3_reset(statement)
            var binder = RowBinder(statement)
            for argument in arguments { binder.bind(argument) }
            var result: [T] = []
            while true {
                let code = sqlite3_step(statement)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else {
                    sqlite3_reset(statement)
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                result.append(decode(statement))
            }
            sqlite3_reset(statement)
            return result
        }
    }
}

extension PointInTimeReader {
    /// Mentions (with their posts) visible at `asOf` that were not visible at `previous`, restricted
    /// to post and mention both after `since`: the rows a carried window of `mentions(since:)` adds.
    ///
    /// A pair is visible when both its post and its mention are (observed and happened by then). It
    /// becomes visible either with its post (observed in `(previous, asOf]`, or happened then having
    /// been observed earlier) or, its post already visible, with its mention (the same two ways).
    public func mentionsBecomingVisible(after previous: Timestamp, since: Timestamp) throws(StoreError) -> [(mention: Mention, post: SocialPost)] {
        let columns = """
            m.source, m.post_id, m.chain, m.address, m.matched_by, m.event_time, m.observed_at,
            p.author_id, p.author_name, p.author_followers, p.text, p.likes, p.reposts, p.replies, p.url,
            p.event_time, p.observed_at
            """
        let postNew = "p.event_time > ?3 AND m.event_time > ?3 AND m.observed_at <= ?2 AND m.event_time <= ?2"
        let mentionNew = "p.event_time > ?3 AND m.event_time > ?3 AND p.observed_at <= ?1 AND p.event_time <= ?1"
        let queries = [
            """
            SELECT \(columns) FROM social_posts p INDEXED BY social_posts_by_observed
            JOIN mentions m ON m.source = p.source AND m.post_id = p.post_id
            WHERE p.observed_at > ?1 AND p.observed_at <= ?2 AND p.event_time <= ?2 AND \(postNew)
            """,
            """
            SELECT \(columns) FROM social_posts p INDEXED BY social_posts_by_time
            JOIN mentions m ON m.source = p.source AND m.post_id = p.post_id
            WHERE p.event_time > ?1 AND p.event_time <= ?2 AND p.observed_at <= ?1 AND \(postNew)
            """,
            """
            SELECT \(columns) FROM mentions m INDEXED BY mentions_by_observed
            JOIN social_posts p ON p.source = m.source AND p.post_id = m.post_id
            WHERE m.observed_at > ?1 AND m.observed_at <= ?2 AND m.event_time <= ?2 AND \(mentionNew)
            """,
            """
            SELECT \(columns) FROM mentions m INDEXED BY mentions_by_time
            JOIN social_posts p ON p.source = m.source AND p.post_id = m.post_id
            WHERE m.event_time > ?1 AND m.event_time <= ?2 AND m.observed_at <= ?1 AND \(mentionNew)
            """,
        ]
        return try store.read("read mentions visible after \(previous)") { db in
            var result: [(mention: Mention, post: SocialPost)] = []
            for sql in queries {
                let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: [previous.seconds, asOf.seconds, since.seconds])
                while let row = try rows.next() { result.append((Mention(row: row), SocialPost(mentionRow: row))) }
            }
            return result
        }
    }
}
