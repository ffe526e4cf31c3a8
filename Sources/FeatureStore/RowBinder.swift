import GRDB
import GRDBSQLite
import RadarCore

/// SQLite's "copy this value now" destructor, which the C header spells as a macro Swift cannot import.
private let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

/// Binds one row's values straight into a prepared statement, in column order.
///
/// Ingestion is the store's hot path: binding through the C API avoids boxing every value into an
/// array of existentials per row, which cost about a quarter of ingest time.
struct RowBinder {
    private let statement: SQLiteStatement
    private var index: Int32 = 1

    init(_ statement: SQLiteStatement) { self.statement = statement }

    mutating func bind(_ value: Int64) {
        sqlite3_bind_int64(statement, index, value)
        index += 1
    }

    mutating func bind(_ value: Int) { bind(Int64(value)) }

    mutating func bind(_ value: Double) {
        sqlite3_bind_double(statement, index, value)
        index += 1
    }

    mutating func bind(_ value: String) {
        sqlite3_bind_text(statement, index, value, -1, transient)
        index += 1
    }

    mutating func bindNull() {
        sqlite3_bind_null(statement, index)
        index += 1
    }

    mutating func bind(_ value: Int64?) { if let value { bind(value) } else { bindNull() } }
    mutating func bind(_ value: Int?) { if let value { bind(Int64(value)) } else { bindNull() } }
    mutating func bind(_ value: Double?) { if let value { bind(value) } else { bindNull() } }
    mutating func bind(_ value: String?) { if let value { bind(value) } else { bindNull() } }
    mutating func bind(_ value: EVMAddress) { bind(value.hex) }
    mutating func bind(_ value: EVMAddress?) { bind(value?.hex) }
    mutating func bind(_ value: EVMHash) { bind(value.hex) }
    mutating func bind(_ value: DecimalAmount) { bind(value.digits) }
    mutating func bind(_ value: DecimalAmount?) { bind(value?.digits) }
    mutating func bind(_ value: Timestamp) { bind(value.seconds) }
    mutating func bind(_ value: Timestamp?) { bind(value?.seconds) }

    /// chain, block_number, block_hash, log_index, tx_hash.
    mutating func bind(_ position: LogPosition) {
        bind(position.chain)
        bind(position.blockNumber)
        bind(position.blockHash)
        bind(position.logIndex)
        bind(position.transactionHash)
    }

    /// Runs the bound statement once and resets it; returns the rows it changed (0 for a duplicate).
    static func step(_ statement: SQLiteStatement, in db: Database, table: StoreTable, describe: () -> String) throws -> Int {
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            if code & 0xff == SQLITE_CONSTRAINT {
                throw StoreError.rejectedRow(table: table.rawValue, key: describe(), reason: message)
            }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
        return Int(sqlite3_changes(db.sqliteConnection))
    }
}
