import GRDB
import RadarCore

/// An IP registry event reduced to what IP features read: no hashes, no counterparty, the amount as a
/// Double. `id` is the store's row id, which orders events of the same time the way `ipEvents(since:)`
/// returns them.
public struct IPEventRecord: Sendable {
    public var id: Int64
    public var kind: IPEventKind
    public var ipID: String
    /// The token the registry names, where it names one.
    public var token: TokenID?
    /// `amount.approximateValue`, nil where the event has no amount.
    public var amount: Double?
    public var eventTime: Timestamp

    public init(id: Int64, kind: IPEventKind, ipID: String, token: TokenID?, amount: Double?, eventTime: Timestamp) {
        self.id = id
        self.kind = kind
        self.ipID = ipID
        self.token = token
        self.amount = amount
        self.eventTime = eventTime
    }

    /// Whether this event comes before `other` in (event time, row id) order.
    public func precedes(_ other: IPEventRecord) -> Bool { (eventTime, id) < (other.eventTime, other.id) }
}

extension PointInTimeReader {
    /// IP events visible at `asOf` that were not visible at `previous` (`previous < asOf`): observed in
    /// `(previous, asOf]`, or happened in `(previous, asOf]` having been observed by `previous`. In no
    /// particular order. From the distant past, every event visible at `asOf`.
    public func ipEventRecordsBecomingVisible(after previous: Timestamp) throws(StoreError) -> [IPEventRecord] {
        let columns = "id, kind, ip_id, token_chain, token_address, amount, event_time"
        let queries = [
            """
            SELECT \(columns) FROM ip_events INDEXED BY ip_events_by_observed
            WHERE observed_at > ?1 AND observed_at <= ?2 AND event_time <= ?2
            """,
            """
            SELECT \(columns) FROM ip_events INDEXED BY ip_events_by_time
            WHERE event_time > ?1 AND event_time <= ?2 AND observed_at <= ?1
            """,
        ]
        return try store.read("read ip events visible after \(previous)") { db in
            var result: [IPEventRecord] = []
            for sql in queries {
                let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: [previous.seconds, asOf.seconds])
                while let row = try rows.next() {
                    var token: TokenID?
                    if let chain = row[3] as Int64?, let address = row[4] as String? {
                        token = TokenID(chain: chain, address: EVMAddress(column: address))
                    }
                    result.append(IPEventRecord(
                        id: row[0], kind: IPEventKind(rawValue: row[1]) ?? .registered, ipID: row[2], token: token,
                        amount: (row[5] as String?).map { DecimalAmount(column: $0).approximateValue }, eventTime: Timestamp(column: row[6])))
                }
            }
            return result
        }
    }
}
