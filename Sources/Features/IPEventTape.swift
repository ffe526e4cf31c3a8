import FeatureStore
import RadarCore

/// Every IP event visible as of a timestamp, carried from one timestamp to the next like
/// `HolderLedger`: IP features sum over all of a token's history (licence mints, royalties, IP age),
/// and re-reading that history at every timestamp was the largest stage of an hourly range build at
/// 300 tokens (49 of 105 s). A step reads only the events that became visible since the last one,
/// late arrivals included, and keeps the list in the order a fresh read returns (event time, row id),
/// so sums over it are the same numbers.
struct IPEventTape: Sendable {
    private(set) var asOf = Timestamp(seconds: -(1 << 62))
    /// Events with `event_time <= asOf` observed by `asOf`, in (event time, row id) order.
    private(set) var events: [IPEventRecord] = []

    /// Steps to the reader's timestamp; stepping back starts over.
    mutating func advance(to reader: PointInTimeReader) throws(StoreError) {
        let t = reader.asOf
        if t < asOf { self = IPEventTape() }
        guard t > asOf else { return }
        var new = try reader.ipEventRecordsBecomingVisible(after: asOf)
        asOf = t
        guard !new.isEmpty else { return }
        new.sort { $0.precedes($1) }
        // New events usually come after every event held; a late one falls inside and needs a sort.
        let inOrder = events.last.map { !new[0].precedes($0) } ?? true
        events += new
        if !inOrder { events.sort { $0.precedes($1) } }
    }
}
