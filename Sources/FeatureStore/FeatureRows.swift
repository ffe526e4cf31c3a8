import Foundation
import GRDB
import RadarCore

/// One token's materialised feature values at one timestamp, for one feature set (`name@version`).
///
/// Values are in the feature set's column order; a missing value is NaN (stored as JSON `null`).
public struct StoredFeatureRow: Sendable, Equatable {
    public var asOf: Timestamp
    public var token: TokenID
    public var featureSet: String
    public var values: [Float]

    public init(asOf: Timestamp, token: TokenID, featureSet: String, values: [Float]) {
        self.asOf = asOf
        self.token = token
        self.featureSet = featureSet
        self.values = values
    }

    // Bit-exact comparison: NaN equals NaN here, so stored rows compare as written.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.asOf == rhs.asOf && lhs.token == rhs.token && lhs.featureSet == rhs.featureSet
            && lhs.values.map(\.bitPattern) == rhs.values.map(\.bitPattern)
    }
}

/// One token's label at one timestamp: forward return, alpha against the universe, top-quantile flag.
public struct StoredLabel: Sendable, Equatable {
    public var asOf: Timestamp
    public var token: TokenID
    public var featureSet: String
    public var horizonSeconds: Int64
    public var forwardReturn: Double?
    public var alpha: Double?
    public var label: Int?

    public init(asOf: Timestamp, token: TokenID, featureSet: String, horizonSeconds: Int64, forwardReturn: Double?,
                alpha: Double?, label: Int?) {
        self.asOf = asOf
        self.token = token
        self.featureSet = featureSet
        self.horizonSeconds = horizonSeconds
        self.forwardReturn = forwardReturn
        self.alpha = alpha
        self.label = label
    }
}

extension FeatureStore {
    /// Writes feature rows (replacing rows with the same timestamp, token and feature set) in one
    /// transaction. Feature rows are derived data: rebuilding a timestamp overwrites it.
    public func saveFeatureRows(_ rows: [StoredFeatureRow], computedAt: Timestamp) throws(StoreError) {
        try write("save \(rows.count) feature rows") { db in
            let statement = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO feature_rows (asof, chain, address, feature_set, features, computed_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
            for row in rows {
                try statement.execute(arguments: [row.asOf.seconds, row.token.chain, row.token.address.hex, row.featureSet,
                                                  Self.encode(row.values), computedAt.seconds])
            }
        }
    }

    /// The timestamps that have feature rows for `featureSet` in `[from, to]`, ascending.
    public func featureRowTimes(featureSet: String, from: Timestamp, to: Timestamp) throws(StoreError) -> [Timestamp] {
        try read("list feature row times") { db in
            try Int64.fetchAll(db.cachedStatement(sql: """
                SELECT DISTINCT asof FROM feature_rows WHERE feature_set = ?1 AND asof >= ?2 AND asof <= ?3 ORDER BY asof
                """), arguments: [featureSet, from.seconds, to.seconds]).map(Timestamp.init(seconds:))
        }
    }

    /// Feature rows for `featureSet` with `from <= asof <= to`, by timestamp then token.
    public func featureRows(featureSet: String, from: Timestamp, to: Timestamp) throws(StoreError) -> [StoredFeatureRow] {
        try read("read feature rows") { db in
            let rows = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT asof, chain, address, features FROM feature_rows
                WHERE feature_set = ?1 AND asof >= ?2 AND asof <= ?3 ORDER BY asof, chain, address
                """), arguments: [featureSet, from.seconds, to.seconds])
            var result: [StoredFeatureRow] = []
            while let row = try rows.next() {
                result.append(StoredFeatureRow(asOf: Timestamp(seconds: row[0]),
                                               token: TokenID(chain: row[1], address: EVMAddress(column: row[2])),
                                               featureSet: featureSet, values: Self.decode(row[3])))
            }
            return result
        }
    }

    /// Writes labels (replacing same timestamp, token and feature set) in one transaction.
    public func saveLabels(_ labels: [StoredLabel], computedAt: Timestamp) throws(StoreError) {
        try write("save \(labels.count) labels") { db in
            let statement = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO labels (asof, chain, address, feature_set, horizon_seconds, forward_return, alpha, label, computed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for label in labels {
                try statement.execute(arguments: [label.asOf.seconds, label.token.chain, label.token.address.hex, label.featureSet,
                                                  label.horizonSeconds, label.forwardReturn, label.alpha, label.label,
                                                  computedAt.seconds])
            }
        }
    }

    /// Labels for `featureSet` with `from <= asof <= to`, by timestamp then token.
    public func labels(featureSet: String, from: Timestamp, to: Timestamp) throws(StoreError) -> [StoredLabel] {
        try read("read labels") { db in
            let rows = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT asof, chain, address, horizon_seconds, forward_return, alpha, label FROM labels
                WHERE feature_set = ?1 AND asof >= ?2 AND asof <= ?3 ORDER BY asof, chain, address
                """), arguments: [featureSet, from.seconds, to.seconds])
            var result: [StoredLabel] = []
            while let row = try rows.next() {
                result.append(StoredLabel(asOf: Timestamp(seconds: row[0]),
                                          token: TokenID(chain: row[1], address: EVMAddress(column: row[2])),
                                          featureSet: featureSet, horizonSeconds: row[3], forwardReturn: row[4], alpha: row[5],
                                          label: row[6]))
            }
            return result
        }
    }

    /// A JSON array of numbers, `null` for NaN; Float's shortest round-trip text keeps values exact.
    static func encode(_ values: [Float]) -> String {
        "[" + values.map { $0.isNaN ? "null" : ($0.isInfinite ? "null" : "\($0)") }.joined(separator: ",") + "]"
    }

    static func decode(_ text: String) -> [Float] {
        text.dropFirst().dropLast().split(separator: ",").map { Float($0) ?? .nan }
    }
}
