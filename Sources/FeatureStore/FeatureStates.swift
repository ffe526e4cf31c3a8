import Foundation
import GRDB
import GRDBSQLite
import RadarCore

/// A feature builder's carried state as the store keeps it: opaque bytes under a key that names what
/// shaped them, as of a timestamp. It exists so a cold builder (`radar score`, the first timestamp of
/// `radar features build`) starts from the newest state instead of summing the whole history.
///
/// Point-in-time rule: a state at `asOf` summarises exactly the rows observed at or before `asOf`.
/// Every write that adds or removes rows a carried state reads (transfers, swaps, reserves, posts,
/// mentions) deletes, in its own transaction, the states at or after the earliest observation time it
/// touched, and logs that time (`FeatureStateGeneration`), so no state outlives the data it summarises.
public struct SavedFeatureState: Sendable, Equatable {
    /// What shaped the bytes (codec version, windows, lexicon): a builder only reads its own key.
    public var key: String
    /// The state summarises the rows observed at or before this time.
    public var asOf: Timestamp
    /// When it was saved (wall clock).
    public var writtenAt: Timestamp
    public var payload: [UInt8]

    public init(key: String, asOf: Timestamp, writtenAt: Timestamp, payload: [UInt8]) {
        self.key = key
        self.asOf = asOf
        self.writtenAt = writtenAt
        self.payload = payload
    }
}

/// How far the store's log of carried-data writes had got when a builder began reading. A save
/// names it, and is refused when a write logged since then touched rows observed at or before the
/// state's time: the builder may have read before that write committed, so its state could miss rows.
public struct FeatureStateGeneration: Sendable, Equatable, Comparable {
    public let value: Int64

    public init(_ value: Int64) { self.value = value }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }
}

/// Whether a save stored its state.
public enum FeatureStateSave: Sendable, Equatable {
    case saved
    /// Not stored, and why: the state may no longer describe the store.
    case refused(reason: String)
}

extension FeatureStore {
    /// How many writes the log keeps: a builder whose reads began more writes ago than this cannot be
    /// checked, and its save is refused.
    static let featureStateWriteLogLength: Int64 = 4096

    /// The current end of the carried-data write log; note it before a builder's first read.
    public func featureStateGeneration() throws(StoreError) -> FeatureStateGeneration {
        try read("read feature state generation") { db in try Self.generation(db) }
    }

    /// The newest state under `key` with `notBefore <= as_of <= t`, and the write log's end read in
    /// the same snapshot (the generation a builder resuming from it continues from).
    public func newestFeatureState(key: String, atOrBefore t: Timestamp, notBefore: Timestamp = Timestamp(seconds: Int64.min))
        throws(StoreError) -> (state: SavedFeatureState?, generation: FeatureStateGeneration) {
        try read("read feature state \(key) at or before \(t)") { db in
            let generation = try Self.generation(db)
            let statement = try db.cachedStatement(sql: """
                SELECT rowid, as_of, written_at, length(payload) FROM feature_state
                WHERE state_key = ?1 AND as_of <= ?2 AND as_of >= ?3 ORDER BY as_of DESC LIMIT 1
                """).sqliteStatement
            sqlite3_reset(statement)
            var binder = RowBinder(statement)
            binder.bind(key)
            binder.bind(t.seconds)
            binder.bind(notBefore.seconds)
            defer { sqlite3_reset(statement) }
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return (nil, generation) }
            guard code == SQLITE_ROW else { throw Self.sqliteError(code, db) }
            let rowID = sqlite3_column_int64(statement, 0)
            let asOf = Timestamp(seconds: sqlite3_column_int64(statement, 1))
            let writtenAt = Timestamp(seconds: sqlite3_column_int64(statement, 2))
            let count = Int(sqlite3_column_int64(statement, 3))
            // Payloads run to hundreds of megabytes: read straight into the result in this snapshot,
            // not assembled by SQLite first and copied after.
            var blob: OpaquePointer?
            let opened = sqlite3_blob_open(db.sqliteConnection, "main", "feature_state", "payload", rowID, 0, &blob)
            defer { sqlite3_blob_close(blob) }
            guard opened == SQLITE_OK else { throw Self.sqliteError(opened, db) }
            var failure: Int32 = SQLITE_OK
            let payload = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                let chunk = 1 << 24
                var offset = 0
                while offset < count && failure == SQLITE_OK {
                    let length = min(chunk, count - offset)
                    failure = sqlite3_blob_read(blob, buffer.baseAddress! + offset, Int32(length), Int32(offset))
                    offset += length
                }
                initialized = failure == SQLITE_OK ? count : 0
            }
            guard failure == SQLITE_OK else { throw Self.sqliteError(failure, db) }
            let state = SavedFeatureState(key: key, asOf: asOf, writtenAt: writtenAt, payload: payload)
            return (state, generation)
        }
    }

    /// Stores (replacing) `state`, then keeps only the newest `keeping` states under its key; refused
    /// when a write logged after `generation` touched rows observed at or before `state.asOf`.
    @discardableResult
    public func saveFeatureState(_ state: SavedFeatureState, readSince generation: FeatureStateGeneration,
                                 keeping: Int = 2) throws(StoreError) -> FeatureStateSave {
        precondition(keeping >= 1, "keep at least the state being saved")
        return try write("save feature state \(state.key) as of \(state.asOf)") { db in
            let oldestLogged = try Int64.fetchOne(db, sql: "SELECT min(generation) FROM feature_state_writes")
            if let oldestLogged, oldestLogged > generation.value + 1 {
                return .refused(reason: "the store logged over \(Self.featureStateWriteLogLength) writes since the state's reads began")
            }
            let conflicting = try Int64.fetchOne(db, sql: """
                SELECT min(earliest_observed_at) FROM feature_state_writes WHERE generation > ? AND earliest_observed_at <= ?
                """, arguments: [generation.value, state.asOf.seconds])
            if let conflicting {
                return .refused(reason: "rows observed at \(Timestamp(seconds: conflicting)) were written while the state was built")
            }
            try db.execute(sql: "INSERT OR REPLACE INTO feature_state (state_key, as_of, written_at, payload) VALUES (?, ?, ?, ?)",
                           arguments: [state.key, state.asOf.seconds, state.writtenAt.seconds, Data(state.payload)])
            try Self.prune(key: state.key, keeping: keeping, db)
            return .saved
        }
    }

    /// Keeps only the newest `keeping` states under `key`; returns how many were removed.
    @discardableResult
    public func pruneFeatureStates(key: String, keeping: Int) throws(StoreError) -> Int {
        try write("prune feature states \(key)") { db in try Self.prune(key: key, keeping: keeping, db) }
    }

    /// The times of the states kept under `key`, newest first.
    public func featureStateTimes(key: String) throws(StoreError) -> [Timestamp] {
        try read("list feature states \(key)") { db in
            try Int64.fetchAll(db, sql: "SELECT as_of FROM feature_state WHERE state_key = ? ORDER BY as_of DESC", arguments: [key])
                .map(Timestamp.init(seconds:))
        }
    }

    /// Inside a write that adds or removes rows a carried state reads: deletes every state at or
    /// after `observedAt` (they summarise rows that changed) and logs the write for saves in flight.
    static func invalidateFeatureStates(from observedAt: Int64, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM feature_state WHERE as_of >= ?", arguments: [observedAt])
        try db.execute(sql: "INSERT INTO feature_state_writes (earliest_observed_at) VALUES (?)", arguments: [observedAt])
        try db.execute(sql: "DELETE FROM feature_state_writes WHERE generation <= ?",
                       arguments: [db.lastInsertedRowID - featureStateWriteLogLength])
    }

    private static func sqliteError(_ code: Int32, _ db: Database) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
    }

    private static func generation(_ db: Database) throws -> FeatureStateGeneration {
        FeatureStateGeneration(try Int64.fetchOne(db, sql: "SELECT coalesce(max(generation), 0) FROM feature_state_writes") ?? 0)
    }

    @discardableResult
    private static func prune(key: String, keeping: Int, _ db: Database) throws -> Int {
        try db.execute(sql: """
            DELETE FROM feature_state WHERE state_key = ?1 AND as_of NOT IN (
                SELECT as_of FROM feature_state WHERE state_key = ?1 ORDER BY as_of DESC LIMIT ?2)
            """, arguments: [key, keeping])
        return db.changesCount
    }
}
