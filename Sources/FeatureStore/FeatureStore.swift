import Foundation
import GRDB
import RadarCore

/// The radar's SQLite feature store: every observation the collectors make, kept with its event time
/// and observation time, read back "as of" any instant without seeing later data.
///
/// One file in WAL mode: readers never block the writer, and a crash (even SIGKILL) leaves the last
/// committed state. `synchronous = NORMAL` keeps commits cheap; in WAL mode it loses no committed
/// transaction to a process crash, only possibly the last ones to a power cut, and never consistency.
/// The WAL is checkpointed every 16,384 pages (64 MiB) rather than SQLite's 1,000: a batch of on-chain
/// rows dirties hundreds of index pages, and the default made nearly every commit pay a checkpoint.
public final class FeatureStore: Sendable {
    /// The SQLite file's path.
    public let path: String
    let pool: DatabasePool
    /// When set, every ingested batch is `backdated(by:)` this latency: the store is filled with
    /// history collected after the fact (`radar collect --backfill`). Nil for live collection.
    public let backfillLatency: RadarDuration?

    /// Opens (creating if needed) the store at `path` and applies any pending migrations.
    public init(path: String, busyTimeout: RadarDuration = .seconds(10), backfillLatency: RadarDuration? = nil) throws(StoreError) {
        self.path = path
        self.backfillLatency = backfillLatency
        var configuration = Configuration()
        configuration.busyMode = .timeout(TimeInterval(busyTimeout.seconds))
        configuration.prepareDatabase { db in
            try db.execute(sql: """
                PRAGMA synchronous = NORMAL;
                PRAGMA cache_size = -65536;
                PRAGMA temp_store = MEMORY;
                PRAGMA wal_autocheckpoint = 16384;
                PRAGMA journal_size_limit = 67108864;
                """)
        }
        do {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            pool = try DatabasePool(path: path, configuration: configuration)
            try Migrations.migrator.migrate(pool)
        } catch {
            let reason = (error as? DatabaseError)?.message ?? (error as NSError).localizedDescription
            throw .cannotOpen(path: path, reason: reason)
        }
    }

    /// The names of the migrations applied to this file, in order.
    public func appliedMigrations() throws(StoreError) -> [String] {
        try read("list migrations") { db in try Migrations.migrator.appliedMigrations(db) }
    }

    /// Runs `body` in a write transaction, mapping failures to `StoreError`.
    func write<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.write { db in try body(db) }
        } catch {
            throw StoreError.wrap(error, operation: operation, path: path)
        }
    }

    /// Runs `body` on a read-only snapshot, mapping failures to `StoreError`.
    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read { db in try body(db) }
        } catch {
            throw StoreError.wrap(error, operation: operation, path: path)
        }
    }
}
