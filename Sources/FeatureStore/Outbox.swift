import GRDB
import RadarCore

/// A message waiting to be delivered to a notifier channel, keyed so that the same watchlist is never
/// queued (or sent) twice.
public struct OutboxMessage: Sendable, Equatable {
    /// Where a message is in its life: waiting (maybe after failed attempts), sent, or given up on.
    public enum Status: String, Sendable, Codable { case pending, delivered, failed }

    /// Unique per logical message, e.g. `watchlist:<asof>:<channel>`.
    public var idempotencyKey: String
    public var channel: String
    public var payload: String
    public var status: Status
    public var attempts: Int
    public var nextAttemptAt: Timestamp
    public var createdAt: Timestamp
    public var deliveredAt: Timestamp?
    public var lastError: String?

    public init(idempotencyKey: String, channel: String, payload: String, createdAt: Timestamp) {
        self.idempotencyKey = idempotencyKey
        self.channel = channel
        self.payload = payload
        status = .pending
        attempts = 0
        nextAttemptAt = createdAt
        self.createdAt = createdAt
        deliveredAt = nil
        lastError = nil
    }

    init(row: Row) {
        idempotencyKey = row[0]
        channel = row[1]
        payload = row[2]
        status = Status(rawValue: row[3]) ?? .failed
        attempts = row[4]
        nextAttemptAt = Timestamp(column: row[5])
        createdAt = Timestamp(column: row[6])
        deliveredAt = (row[7] as Int64?).map(Timestamp.init(column:))
        lastError = row[8]
    }
}

extension FeatureStore {
    /// Queues messages; a key already queued is left as it is. Returns how many were new.
    @discardableResult
    public func enqueue(_ messages: [OutboxMessage]) throws(StoreError) -> Int {
        try write("enqueue outbox messages") { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO outbox (idempotency_key, channel, payload, status, attempts, next_attempt_at, created_at)
                VALUES (?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT DO NOTHING
                """)
            var added = 0
            for message in messages {
                try statement.execute(arguments: [message.idempotencyKey, message.channel, message.payload,
                                                  message.nextAttemptAt.seconds, message.createdAt.seconds])
                added += db.changesCount
            }
            return added
        }
    }

    /// Pending messages whose next attempt is due at `now`, oldest due first.
    public func dueMessages(at now: Timestamp, limit: Int = 100) throws(StoreError) -> [OutboxMessage] {
        try read("read due outbox messages") { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT idempotency_key, channel, payload, status, attempts, next_attempt_at, created_at, delivered_at, last_error
                FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at LIMIT ?
                """), arguments: [now.seconds, limit]).map(OutboxMessage.init(row:))
        }
    }

    /// The message under `key`, whatever its status.
    public func outboxMessage(key: String) throws(StoreError) -> OutboxMessage? {
        try read("read outbox message") { db in
            try Row.fetchOne(db.cachedStatement(sql: """
                SELECT idempotency_key, channel, payload, status, attempts, next_attempt_at, created_at, delivered_at, last_error
                FROM outbox WHERE idempotency_key = ?
                """), arguments: [key]).map(OutboxMessage.init(row:))
        }
    }

    /// Records a successful delivery.
    public func markDelivered(key: String, at time: Timestamp) throws(StoreError) {
        try write("mark outbox message delivered") { db in
            try db.execute(sql: """
                UPDATE outbox SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = NULL
                WHERE idempotency_key = ?
                """, arguments: [time.seconds, key])
        }
    }

    /// Records a failed attempt: retried at `retryAt`, or given up on when `retryAt` is nil.
    public func markAttemptFailed(key: String, error: String, retryAt: Timestamp?) throws(StoreError) {
        try write("mark outbox attempt failed") { db in
            try db.execute(sql: """
                UPDATE outbox SET attempts = attempts + 1, last_error = ?,
                    status = CASE WHEN ? IS NULL THEN 'failed' ELSE 'pending' END,
                    next_attempt_at = coalesce(?, next_attempt_at)
                WHERE idempotency_key = ?
                """, arguments: [error, retryAt?.seconds, retryAt?.seconds, key])
        }
    }
}
