import Foundation
import GRDB
import RadarCore

/// Rows per table, file size and checkpoints: what `radar store stats` shows an operator.
public struct StoreStats: Sendable, Encodable {
    public var tables: [StoreTable: Int]
    /// The database file plus its write-ahead log, in bytes.
    public var sizeBytes: Int64
    public var checkpoints: [Checkpoint]
}

extension FeatureStore {
    public func stats() throws(StoreError) -> StoreStats {
        let tables = try read("count rows") { db in
            var counts: [StoreTable: Int] = [:]
            for table in StoreTable.allCases {
                counts[table] = try Int.fetchOne(db, sql: Self.countSQL[table]!) ?? 0
            }
            return counts
        }
        var size: Int64 = 0
        for suffix in ["", "-wal"] {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path + suffix)
            size += (attributes?[.size] as? NSNumber)?.int64Value ?? 0
        }
        return StoreStats(tables: tables, sizeBytes: size, checkpoints: try checkpoints())
    }

    private static let countSQL: [StoreTable: String] = Dictionary(uniqueKeysWithValues: StoreTable.allCases.map {
        ($0, "SELECT count(*) FROM \($0.rawValue)")
    })
}
