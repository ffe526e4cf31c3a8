import GRDB
import RadarCore

/// What a reorg rollback removed, per table.
public struct RollbackReport: Sendable, Equatable {
    public var removed: [StoreTable: Int] = [:]
    public var totalRemoved: Int { removed.values.reduce(0, +) }
}

extension FeatureStore {
    /// The block the store knows at `number` on `chain`, if any.
    public func knownBlock(chain: ChainID, number: Int64) throws(StoreError) -> ObservedBlock? {
        try read("read block") { db in
            try Row.fetchOne(db.cachedStatement(sql: """
                SELECT chain, number, hash, parent_hash, timestamp, observed_at FROM blocks WHERE chain = ? AND number = ?
                """), arguments: [chain, number]).map(ObservedBlock.init(row:))
        }
    }

    /// The highest block the store knows on `chain`.
    public func latestBlock(chain: ChainID) throws(StoreError) -> ObservedBlock? {
        try read("read latest block") { db in
            try Row.fetchOne(db.cachedStatement(sql: """
                SELECT chain, number, hash, parent_hash, timestamp, observed_at FROM blocks WHERE chain = ?
                ORDER BY number DESC LIMIT 1
                """), arguments: [chain]).map(ObservedBlock.init(row:))
        }
    }

    /// Removes every row of the block `hash` at height `number` (logs, pools it created, the block
    /// itself) and, when given, rewinds the feed's checkpoint, all in one transaction. Rows of other
    /// blocks, including another block at the same height, are untouched.
    @discardableResult
    public func rollback(chain: ChainID, number: Int64, hash: EVMHash, checkpoint: Checkpoint? = nil) throws(StoreError) -> RollbackReport {
        try write("roll back block \(number)") { db in
            var report = RollbackReport()
            let arguments: StatementArguments = [chain, number, hash.hex]
            try Self.invalidateFeatureStates(beforeRemoving: Self.earliestBlockRowObservation, arguments, db)
            for table in StoreTable.blockScoped {
                try db.execute(sql: Self.deleteBlockRows[table]!, arguments: arguments)
                report.removed[table] = db.changesCount
            }
            try db.execute(sql: "DELETE FROM pools WHERE chain = ? AND created_block = ? AND created_block_hash = ?", arguments: arguments)
            report.removed[.pools] = db.changesCount
            try db.execute(sql: "DELETE FROM blocks WHERE chain = ? AND number = ? AND hash = ?", arguments: arguments)
            report.removed[.blocks] = db.changesCount
            if let checkpoint { try Self.save(checkpoint, db) }
            return report
        }
    }

    /// Removes every row of the block `hash`, finding its height in the blocks table; rows of a block
    /// the store never recorded are found by hash alone (a scan, which reorgs are rare enough to allow).
    @discardableResult
    public func rollback(chain: ChainID, hash: EVMHash, checkpoint: Checkpoint? = nil) throws(StoreError) -> RollbackReport {
        let number = try read("find block \(hash)") { db in
            try Int64.fetchOne(db, sql: "SELECT number FROM blocks WHERE chain = ? AND hash = ?", arguments: [chain, hash.hex])
        }
        if let number { return try rollback(chain: chain, number: number, hash: hash, checkpoint: checkpoint) }
        return try write("roll back block \(hash)") { db in
            var report = RollbackReport()
            let arguments: StatementArguments = [chain, hash.hex]
            try Self.invalidateFeatureStates(beforeRemoving: Self.earliestRowObservationByHash, arguments, db)
            for table in StoreTable.blockScoped {
                try db.execute(sql: Self.deleteRowsByHash[table]!, arguments: arguments)
                report.removed[table] = db.changesCount
            }
            try db.execute(sql: "DELETE FROM pools WHERE chain = ? AND created_block_hash = ?", arguments: arguments)
            report.removed[.pools] = db.changesCount
            report.removed[.blocks] = 0
            if let checkpoint { try Self.save(checkpoint, db) }
            return report
        }
    }

    /// Before a block's rows leave the tables carried feature states read: drops the states from the
    /// earliest observation among them on (a state summarises what was observed by its time).
    private static func invalidateFeatureStates(beforeRemoving queries: [String], _ arguments: StatementArguments, _ db: Database) throws {
        var earliest: Int64?
        for sql in queries {
            if let observed = try Int64.fetchOne(db, sql: sql, arguments: arguments) { earliest = min(earliest ?? observed, observed) }
        }
        if let earliest { try FeatureStore.invalidateFeatureStates(from: earliest, db) }
    }

    private static let earliestBlockRowObservation = [
        "SELECT min(observed_at) FROM transfers WHERE chain = ? AND block_number = ? AND block_hash = ?",
        "SELECT min(observed_at) FROM swaps WHERE chain = ? AND block_number = ? AND block_hash = ?",
        "SELECT min(observed_at) FROM reserves WHERE chain = ? AND block_number = ? AND block_hash = ?",
    ]

    private static let earliestRowObservationByHash = [
        "SELECT min(observed_at) FROM transfers WHERE chain = ? AND block_hash = ?",
        "SELECT min(observed_at) FROM swaps WHERE chain = ? AND block_hash = ?",
        "SELECT min(observed_at) FROM reserves WHERE chain = ? AND block_hash = ?",
    ]

    private static let deleteRowsByHash: [StoreTable: String] = [
        .transfers: "DELETE FROM transfers WHERE chain = ? AND block_hash = ?",
        .swaps: "DELETE FROM swaps WHERE chain = ? AND block_hash = ?",
        .reserves: "DELETE FROM reserves WHERE chain = ? AND block_hash = ?",
        .liquidityEvents: "DELETE FROM liquidity_events WHERE chain = ? AND block_hash = ?",
        .ipEvents: "DELETE FROM ip_events WHERE chain = ? AND block_hash = ?",
    ]

    private static let deleteBlockRows: [StoreTable: String] = [
        .transfers: "DELETE FROM transfers WHERE chain = ? AND block_number = ? AND block_hash = ?",
        .swaps: "DELETE FROM swaps WHERE chain = ? AND block_number = ? AND block_hash = ?",
        .reserves: "DELETE FROM reserves WHERE chain = ? AND block_number = ? AND block_hash = ?",
        .liquidityEvents: "DELETE FROM liquidity_events WHERE chain = ? AND block_number = ? AND block_hash = ?",
        .ipEvents: "DELETE FROM ip_events WHERE chain = ? AND block_number = ? AND block_hash = ?",
    ]
}
