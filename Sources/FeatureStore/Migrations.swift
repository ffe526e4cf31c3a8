import GRDB

/// The store's schema as named, append-only migrations: a migration that has shipped is never edited;
/// a change is a new migration appended at the end.
///
/// Times are whole Unix seconds (INTEGER); raw token amounts are canonical decimal strings (TEXT),
/// because uint256 does not fit 64 bits.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-core-tables", migrate: createCoreTables)
        migrator.registerMigration("v2-transfers-by-observed", migrate: indexTransfersByObservation)
        migrator.registerMigration("v3-pool-windows", migrate: indexPoolWindows)
        migrator.registerMigration("v4-mention-windows", migrate: indexMentionWindows)
        migrator.registerMigration("v5-feature-state", migrate: createFeatureState)
        migrator.registerMigration("v6-ip-events-by-observed", migrate: indexIPEventsByObservation)
        return migrator
    }

    /// Every table of the store contract with its natural key.
    ///
    /// On-chain event tables are unique on (chain, block_number, block_hash, log_index): the block
    /// number is fixed by the hash, so the natural key is still (chain, block_hash, log_index), but
    /// leading with the number keeps inserts in key order and lets a reorg rollback find a block's
    /// rows with one index range.
    ///
    /// The high-volume tables (transfers, swaps) are indexed by event time, not by token or pool:
    /// rows arrive in block order, so a time index grows at its end, while a per-token index takes
    /// each insert to a random page and cost three quarters of ingest time (measured: 57k against
    /// 206k rows/s). Features read these tables as cross-sections over a window, which a time range
    /// serves in one scan.
    static func createCoreTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE tokens (
                chain INTEGER NOT NULL,
                address TEXT NOT NULL,
                symbol TEXT,
                name TEXT,
                decimals INTEGER,
                total_supply TEXT,
                first_seen_at INTEGER NOT NULL,
                observed_at INTEGER NOT NULL,
                PRIMARY KEY (chain, address)
            );

            CREATE TABLE ip_links (
                chain INTEGER NOT NULL,
                address TEXT NOT NULL,
                registry TEXT NOT NULL,
                registry_id TEXT NOT NULL,
                category TEXT NOT NULL CHECK (category IN ('entertainment', 'music', 'brand', 'gaming', 'data', 'biotech', 'other')),
                ip_name TEXT NOT NULL,
                source TEXT NOT NULL CHECK (source IN ('declared', 'inferred')),
                observed_at INTEGER NOT NULL,
                PRIMARY KEY (chain, address, registry, registry_id)
            );

            CREATE TABLE blocks (
                chain INTEGER NOT NULL,
                number INTEGER NOT NULL,
                hash TEXT NOT NULL,
                parent_hash TEXT,
                timestamp INTEGER NOT NULL,
                observed_at INTEGER NOT NULL,
                PRIMARY KEY (chain, number)
            );
            CREATE INDEX blocks_by_hash ON blocks (chain, hash);

            CREATE TABLE pools (
                chain INTEGER NOT NULL,
                pool TEXT NOT NULL,
                dex TEXT NOT NULL,
                factory TEXT NOT NULL,
                token0 TEXT NOT NULL,
                token1 TEXT NOT NULL,
                fee INTEGER,
                created_block INTEGER NOT NULL,
                created_block_hash TEXT NOT NULL,
                created_log_index INTEGER NOT NULL,
                created_tx TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                observed_at INTEGER NOT NULL,
                PRIMARY KEY (chain, pool)
            );
            CREATE INDEX pools_by_token0 ON pools (chain, token0);
            CREATE INDEX pools_by_token1 ON pools (chain, token1);
            CREATE INDEX pools_by_block ON pools (chain, created_block);

            CREATE TABLE transfers (
                id INTEGER PRIMARY KEY,
                chain INTEGER NOT NULL,
                block_number INTEGER NOT NULL,
                block_hash TEXT NOT NULL,
                log_index INTEGER NOT NULL,
                tx_hash TEXT NOT NULL,
                token TEXT NOT NULL,
                from_address TEXT NOT NULL,
                to_address TEXT NOT NULL,
                amount TEXT NOT NULL,
                event_time INTEGER NOT NULL,
                observed_at INTEGER NOT NULL,
                UNIQUE (chain, block_number, block_hash, log_index)
            );
            CREATE INDEX transfers_by_time ON transfers (event_time);

            CREATE TABLE swaps (
                id INTEGER PRIMARY KEY,
                chain INTEGER NOT NULL,
                block_number INTEGER NOT NULL,
                block_hash TEXT NOT NULL,
                log_index INTEGER NOT NULL,
                tx_hash TEXT NOT NULL,
                pool TEXT NOT NULL,
                sender TEXT NOT NULL,
                recipient TEXT NOT NULL,
                amount0_in TEXT NOT NULL,
                amount1_in TEXT NOT NULL,
                amount0_out TEXT NOT NULL,
                amount1_out TEXT NOT NULL,
                sqrt_price_x96 TEXT,
                liquidity TEXT,
                tick INTEGER,
                event_time INTEGER NOT NULL,
                observed_at INTEGER NOT NULL,
                UNIQUE (chain, block_number, block_hash, log_index)
            );
            CREATE INDEX swaps_by_time ON swaps (event_time);

            CREATE TABLE reserves (
                id INTEGER PRIMARY KEY,
                chain INTEGER NOT NULL,
                block_number INTEGER NOT NULL,
                block_hash TEXT NOT NULL,
                log_index INTEGER NOT NULL,
                tx_hash TEXT NOT NULL,
                pool TEXT NOT NULL,
                reserve0 TEXT NOT NULL,
                reserve1 TEXT NOT NULL,
                event_time INTEGER NOT NULL,
                observed_at INTEGER NOT NULL,
                UNIQUE (chain, block_number, block_hash, log_index)
            );
            CREATE INDEX reserves_by_pool ON reserves (chain, pool, event_time);

            CREATE TABLE liquidity_events (
                id INTEGER PRIMARY KEY,
                chain INTEGER NOT NULL,
                block_number INTEGER NOT NULL,
                block_hash TEXT NOT NULL,
                log_index INTEGER NOT NULL,
                tx_hash TEXT NOT NULL,
                pool TEXT NOT NULL,
                change TEXT NOT NULL CHECK (change IN ('mint', 'burn')),
                sender TEXT NOT NULL,
                amount0 TEXT NOT NULL,
                amount1 TEXT NOT NULL,
                event_time INTEGER NOT NULL,
                observed_at INTEGER NOT NULL,
                UNIQUE (chain, block_number, block_hash, log_index)
            );
            CREATE INDEX liquidity_events_by_pool ON liquidity_events (chain, pool, event_time);

            CREATE TABLE market_snapshots (
                source TEXT NOT NULL,
                chain INTEGER NOT NULL,
                address TEXT NOT NULL,
                observed_at INTEGER NOT NULL,
                event_time INTEGER NOT NULL,
                pool TEXT,
                price_usd REAL,
                liquidity_usd REAL,
                volume_24h_usd REAL,
                buys_24h INTEGER,
                sells_24h INTEGER,
                fdv_usd REAL,
                pair_created_at INTEGER,
                PRIMARY KEY (source, chain, address, observed_at)
            );
            CREATE INDEX market_snapshots_by_token ON market_snapshots (chain, address, event_time);

            CREATE TABLE social_posts (
                source TEXT NOT NULL,
                post_id TEXT NOT NULL,
                author_id TEXT,
                author_name TEXT,
                author_followers INTEGER,
                text TEXT NOT NULL,
                likes INTEGER NOT NULL,
                reposts INTEGER NOT NULL,
                replies INTEGER NOT NULL,
                url TEXT,
                event_time INTEGER NOT NULL,
                observed_at INTEGER NOT NULL,
                PRIMARY KEY (source, post_id)
            );
            CREATE INDEX social_posts_by_time ON social_posts (event_time);

            CREATE TABLE mentions (
                source TEXT NOT NULL,
                post_id TEXT NOT NULL,
                chain INTEGER NOT NULL,
                address TEXT NOT NULL,
                matched_by TEXT NOT NULL CHECK (matched_by IN ('cashtag', 'address', 'alias')),
                event_time INTEGER NOT NULL,
                observed_at INTEGER NOT NULL,
                PRIMARY KEY (source, post_id, chain, address)
            );
            CREATE INDEX mentions_by_token ON mentions (chain, address, event_time);

            CREATE TABLE ip_events (
                id INTEGER PRIMARY KEY,
                source TEXT,
                source_id TEXT,
                chain INTEGER,
                block_number INTEGER,
                block_hash TEXT,
                log_index INTEGER,
                tx_hash TEXT,
                kind TEXT NOT NULL CHECK (kind IN ('ip-registered', 'licence-minted', 'derivative-registered', 'royalty-paid')),
                ip_id TEXT NOT NULL,
                token_chain INTEGER,
                token_address TEXT,
                amount TEXT,
                counterparty TEXT,
                event_time INTEGER NOT NULL,
                observed_at INTEGER NOT NULL,
                CHECK ((block_hash IS NOT NULL AND chain IS NOT NULL AND block_number IS NOT NULL AND log_index IS NOT NULL)
                       OR (source IS NOT NULL AND source_id IS NOT NULL))
            );
            CREATE UNIQUE INDEX ip_events_on_chain ON ip_events (chain, block_number, block_hash, log_index)
                WHERE block_hash IS NOT NULL;
            CREATE UNIQUE INDEX ip_events_off_chain ON ip_events (source, source_id) WHERE source_id IS NOT NULL;
            CREATE INDEX ip_events_by_ip ON ip_events (ip_id, event_time);
            CREATE INDEX ip_events_by_time ON ip_events (event_time);

            CREATE TABLE checkpoints (
                feed TEXT PRIMARY KEY,
                cursor TEXT NOT NULL,
                updated_at INTEGER NOT NULL
            );

            CREATE TABLE feature_rows (
                asof INTEGER NOT NULL,
                chain INTEGER NOT NULL,
                address TEXT NOT NULL,
                feature_set TEXT NOT NULL,
                features TEXT NOT NULL,
                computed_at INTEGER NOT NULL,
                PRIMARY KEY (asof, chain, address, feature_set)
            );

            CREATE TABLE labels (
                asof INTEGER NOT NULL,
                chain INTEGER NOT NULL,
                address TEXT NOT NULL,
                feature_set TEXT NOT NULL,
                horizon_seconds INTEGER NOT NULL,
                forward_return REAL,
                alpha REAL,
                label INTEGER,
                computed_at INTEGER NOT NULL,
                PRIMARY KEY (asof, chain, address, feature_set)
            );

            CREATE TABLE models (
                model_id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                path TEXT NOT NULL,
                feature_set TEXT NOT NULL,
                trained_from INTEGER,
                trained_to INTEGER,
                params TEXT NOT NULL,
                metrics TEXT NOT NULL,
                created_at INTEGER NOT NULL
            );

            CREATE TABLE scores (
                asof INTEGER NOT NULL,
                chain INTEGER NOT NULL,
                address TEXT NOT NULL,
                model_id TEXT NOT NULL,
                probability REAL NOT NULL,
                alpha_score REAL NOT NULL,
                rank INTEGER NOT NULL,
                drivers TEXT NOT NULL,
                risk_flags TEXT NOT NULL,
                PRIMARY KEY (asof, chain, address, model_id)
            );

            CREATE TABLE outbox (
                idempotency_key TEXT PRIMARY KEY,
                channel TEXT NOT NULL,
                payload TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                delivered_at INTEGER,
                last_error TEXT
            );
            CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
            """)
    }

    /// Transfers by observation time: holder balances advance from one feature timestamp to the next
    /// by the transfers that became visible in between, late arrivals included, which an event-time
    /// range alone cannot find. Observation times grow as rows arrive, so the index grows at its end.
    static func indexTransfersByObservation(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX transfers_by_observed ON transfers (observed_at)")
    }

    /// Swaps by observation time and reserve updates by event and observation time: the feature
    /// builder carries each pool's 7-day window of both from one timestamp to the next and reads only
    /// the rows that became visible in between (as the holder ledger does with transfers), and reads a
    /// whole window of reserve updates in one range instead of two look-ups per pool. All three grow
    /// at their end as rows arrive.
    static func indexPoolWindows(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX swaps_by_observed ON swaps (observed_at);
            CREATE INDEX reserves_by_time ON reserves (event_time);
            CREATE INDEX reserves_by_observed ON reserves (observed_at);
            """)
    }

    /// Posts and mentions by observation time, and mentions by event time: the feature builder carries
    /// the week's mentions from one timestamp to the next and reads only the pairs that became visible.
    static func indexMentionWindows(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX social_posts_by_observed ON social_posts (observed_at);
            CREATE INDEX mentions_by_observed ON mentions (observed_at);
            CREATE INDEX mentions_by_time ON mentions (event_time);
            """)
    }

    /// Carried feature states (the builder's holder ledger, pool tape and mention tape, encoded) so a
    /// cold builder resumes from the newest state instead of reading the whole history; and the log of
    /// writes that add or remove rows those states read, so a save made after such a write can tell
    /// whether its state still holds (see `FeatureStates.swift`).
    static func createFeatureState(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE feature_state (
                state_key TEXT NOT NULL,
                as_of INTEGER NOT NULL,
                written_at INTEGER NOT NULL,
                payload BLOB NOT NULL,
                PRIMARY KEY (state_key, as_of)
            );
            CREATE INDEX feature_state_by_as_of ON feature_state (as_of);
            CREATE TABLE feature_state_writes (
                generation INTEGER PRIMARY KEY,
                earliest_observed_at INTEGER NOT NULL
            );
            """)
    }

    /// IP events that arrive late (observed after they happened) are found by observation time, the
    /// way the carried IP event list steps forward (`ipEventRecordsBecomingVisible`).
    static func indexIPEventsByObservation(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX IF NOT EXISTS ip_events_by_observed ON ip_events (observed_at)")
    }
}
