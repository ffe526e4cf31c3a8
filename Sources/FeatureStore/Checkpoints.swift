import GRDB
import RadarCore

extension FeatureStore {
    /// The feed's checkpoint, or nil when it has never run.
    public func checkpoint(feed: String) throws(StoreError) -> Checkpoint? {
        try read("read checkpoint") { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT feed, cursor, updated_at FROM checkpoints WHERE feed = ?"),
                             arguments: [feed]).map(Checkpoint.init(row:))
        }
    }

    /// Every feed's checkpoint, by feed name.
    public func checkpoints() throws(StoreError) -> [Checkpoint] {
        try read("read checkpoints") { db in
            try Row.fetchAll(db, sql: "SELECT feed, cursor, updated_at FROM checkpoints ORDER BY feed").map(Checkpoint.init(row:))
        }
    }
}
