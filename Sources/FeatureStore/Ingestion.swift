import GRDB
import RadarCore

extension FeatureStore {
    /// Writes a fetch's rows and, when given, the feed's checkpoint in one transaction.
    ///
    /// Idempotent by natural key: re-delivered rows are counted as duplicates and change nothing,
    /// and the first observation of a row is the one kept (a later delivery must not make data look
    /// known earlier than it was). A block already stored under another hash aborts the whole batch
    /// with `reorgDetected`, leaving the store as it was.
    @discardableResult
    public func ingest(_ batch: IngestBatch, checkpoint: Checkpoint? = nil) throws(StoreError) -> IngestReport {
        let batch = backfillLatency.map { batch.backdated(by: $0) } ?? batch
        return try write("ingest") { db in
            var report = IngestReport()
            var ingest = Ingest(db: db)
            try ingest.run(batch, into: &report)
            if let earliest = ingest.earliestCarriedObservation { try Self.invalidateFeatureStates(from: earliest, db) }
            if let checkpoint { try Self.save(checkpoint, db) }
            return report
        }
    }

    /// Moves a feed's checkpoint without data (a fetch that found nothing new).
    public func saveCheckpoint(_ checkpoint: Checkpoint) throws(StoreError) {
        try write("save checkpoint") { db in try Self.save(checkpoint, db) }
    }

    static func save(_ checkpoint: Checkpoint, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO checkpoints (feed, cursor, updated_at) VALUES (?, ?, ?)
            ON CONFLICT (feed) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at
            """).execute(arguments: [checkpoint.feed, checkpoint.cursor, checkpoint.updatedAt.seconds])
    }
}

/// The insert statements, one per table, run inside an open write transaction.
private struct Ingest {
    let db: Database
    /// The earliest observation time among inserted rows that a carried feature state reads
    /// (transfers, swaps, reserves, posts, mentions): saved states from then on no longer hold.
    private(set) var earliestCarriedObservation: Int64?

    init(db: Database) { self.db = db }

    mutating func run(_ batch: IngestBatch, into report: inout IngestReport) throws {
        for block in batch.blocks { try insert(block, &report) }
        try each(batch.tokens, .tokens, &report, sql: """
            INSERT INTO tokens (chain, address, symbol, name, decimals, total_supply, first_seen_at, observed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (chain, address) DO UPDATE SET
                symbol = coalesce(tokens.symbol, excluded.symbol),
                name = coalesce(tokens.name, excluded.name),
                decimals = coalesce(tokens.decimals, excluded.decimals),
                total_supply = coalesce(tokens.total_supply, excluded.total_supply),
                first_seen_at = min(tokens.first_seen_at, excluded.first_seen_at)
            WHERE (tokens.symbol IS NULL AND excluded.symbol IS NOT NULL)
               OR (tokens.name IS NULL AND excluded.name IS NOT NULL)
               OR (tokens.decimals IS NULL AND excluded.decimals IS NOT NULL)
               OR (tokens.total_supply IS NULL AND excluded.total_supply IS NOT NULL)
               OR excluded.first_seen_at < tokens.first_seen_at
            """, key: { $0.id.description }) { row, token in
            row.bind(token.id.chain)
            row.bind(token.id.address)
            row.bind(token.symbol)
            row.bind(token.name)
            row.bind(token.decimals)
            row.bind(token.totalSupply)
            row.bind(token.firstSeenAt)
            row.bind(token.observedAt)
        }
        // A corrected link (new category or name) becomes visible only from its new observation.
        try each(batch.ipLinks, .ipLinks, &report, sql: """
            INSERT INTO ip_links (chain, address, registry, registry_id, category, ip_name, source, observed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (chain, address, registry, registry_id) DO UPDATE SET
                category = excluded.category, ip_name = excluded.ip_name, source = excluded.source,
                observed_at = excluded.observed_at
            WHERE ip_links.category <> excluded.category OR ip_links.ip_name <> excluded.ip_name
               OR ip_links.source <> excluded.source
            """, key: { "\($0.token)/\($0.registry)/\($0.registryID)" }) { row, link in
            row.bind(link.token.chain)
            row.bind(link.token.address)
            row.bind(link.registry)
            row.bind(link.registryID)
            row.bind(link.category.rawValue)
            row.bind(link.ipName)
            row.bind(link.source.rawValue)
            row.bind(link.observedAt)
        }
        try each(batch.pools, .pools, &report, sql: """
            INSERT INTO pools (chain, pool, dex, factory, token0, token1, fee, created_block, created_block_hash,
                               created_log_index, created_tx, created_at, observed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """, key: { "\($0.chain):\($0.address)" }) { row, pool in
            row.bind(pool.chain)
            row.bind(pool.address)
            row.bind(pool.dex.rawValue)
            row.bind(pool.factory)
            row.bind(pool.token0)
            row.bind(pool.token1)
            row.bind(pool.fee)
            row.bind(pool.created.blockNumber)
            row.bind(pool.created.blockHash)
            row.bind(pool.created.logIndex)
            row.bind(pool.created.transactionHash)
            row.bind(pool.createdAt)
            row.bind(pool.observedAt)
        }
        try each(batch.transfers, .transfers, &report, sql: """
            INSERT INTO transfers (chain, block_number, block_hash, log_index, tx_hash, token, from_address, to_address,
                                   amount, event_time, observed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """, key: { $0.position.description }, carried: \.observedAt) { row, transfer in
            row.bind(transfer.position)
            row.bind(transfer.token)
            row.bind(transfer.from)
            row.bind(transfer.to)
            row.bind(transfer.amount)
            row.bind(transfer.eventTime)
            row.bind(transfer.observedAt)
        }
        try each(batch.swaps, .swaps, &report, sql: """
            INSERT INTO swaps (chain, block_number, block_hash, log_index, tx_hash, pool, sender, recipient,
                               amount0_in, amount1_in, amount0_out, amount1_out, sqrt_price_x96, liquidity, tick,
                               event_time, observed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """, key: { $0.position.description }, carried: \.observedAt) { row, swap in
            row.bind(swap.position)
            row.bind(swap.pool)
            row.bind(swap.sender)
            row.bind(swap.recipient)
            row.bind(swap.amount0In)
            row.bind(swap.amount1In)
            row.bind(swap.amount0Out)
            row.bind(swap.amount1Out)
            row.bind(swap.sqrtPriceX96)
            row.bind(swap.liquidity)
            row.bind(swap.tick)
            row.bind(swap.eventTime)
            row.bind(swap.observedAt)
        }
        try each(batch.reserves, .reserves, &report, sql: """
            INSERT INTO reserves (chain, block_number, block_hash, log_index, tx_hash, pool, reserve0, reserve1,
                                  event_time, observed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """, key: { $0.position.description }, carried: \.observedAt) { row, update in
            row.bind(update.position)
            row.bind(update.pool)
            row.bind(update.reserve0)
            row.bind(update.reserve1)
            row.bind(update.eventTime)
            row.bind(update.observedAt)
        }
        try each(batch.liquidityEvents, .liquidityEvents, &report, sql: """
            INSERT INTO liquidity_events (chain, block_number, block_hash, log_index, tx_hash, pool, change, sender,
                                          amount0, amount1, event_time, observed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """, key: { $0.position.description }) { row, event in
            row.bind(event.position)
            row.bind(event.pool)
            row.bind(event.change.rawValue)
            row.bind(event.sender)
            row.bind(event.amount0)
            row.bind(event.amount1)
            row.bind(event.eventTime)
            row.bind(event.observedAt)
        }
        try each(batch.marketSnapshots, .marketSnapshots, &report, sql: """
            INSERT INTO market_snapshots (source, chain, address, observed_at, event_time, pool, price_usd, liquidity_usd,
                                          volume_24h_usd, buys_24h, sells_24h, fdv_usd, pair_created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """, key: { "\($0.source)/\($0.token)@\($0.observedAt.seconds)" }) { row, snapshot in
            row.bind(snapshot.source)
            row.bind(snapshot.token.chain)
            row.bind(snapshot.token.address)
            row.bind(snapshot.observedAt)
            row.bind(snapshot.eventTime)
            row.bind(snapshot.pool)
            row.bind(snapshot.priceUSD)
            row.bind(snapshot.liquidityUSD)
            row.bind(snapshot.volume24hUSD)
            row.bind(snapshot.buys24h)
            row.bind(snapshot.sells24h)
            row.bind(snapshot.fdvUSD)
            row.bind(snapshot.pairCreatedAt)
        }
        try each(batch.socialPosts, .socialPosts, &report, sql: """
            INSERT INTO social_posts (source, post_id, author_id, author_name, author_followers, text, likes, reposts,
                                      replies, url, event_time, observed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """, key: { "\($0.source)/\($0.postID)" }, carried: \.observedAt) { row, post in
            row.bind(post.source)
            row.bind(post.postID)
            row.bind(post.authorID)
            row.bind(post.authorName)
            row.bind(post.authorFollowers)
            row.bind(post.text)
            row.bind(post.likes)
            row.bind(post.reposts)
            row.bind(post.replies)
            row.bind(post.url)
            row.bind(post.eventTime)
            row.bind(post.observedAt)
        }
        try each(batch.mentions, .mentions, &report, sql: """
            INSERT INTO mentions (source, post_id, chain, address, matched_by, event_time, observed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """, key: { "\($0.source)/\($0.postID)/\($0.token)" }, carried: \.observedAt) { row, mention in
            row.bind(mention.source)
            row.bind(mention.postID)
            row.bind(mention.token.chain)
            row.bind(mention.token.address)
            row.bind(mention.matchedBy.rawValue)
            row.bind(mention.eventTime)
            row.bind(mention.observedAt)
        }
        try each(batch.ipEvents, .ipEvents, &report, sql: """
            INSERT INTO ip_events (source, source_id, chain, block_number, block_hash, log_index, tx_hash, kind, ip_id,
                                   token_chain, token_address, amount, counterparty, event_time, observed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """, key: { "\($0.key)" }) { row, event in
            switch event.key {
            case .onChain(let position):
                row.bindNull()
                row.bindNull()
                row.bind(position)
            case .offChain(let source, let id):
                row.bind(source)
                row.bind(id)
                for _ in 0..<5 { row.bindNull() }
            }
            row.bind(event.kind.rawValue)
            row.bind(event.ipID)
            row.bind(event.token?.chain)
            row.bind(event.token?.address)
            row.bind(event.amount)
            row.bind(event.counterparty)
            row.bind(event.eventTime)
            row.bind(event.observedAt)
        }
    }

    /// Runs one cached statement per row, counting rows that changed the table; `key` names a
    /// rejected row in the error. `carried` gives the observation time of a table that carried feature
    /// states read: the earliest one inserted is noted (duplicates change nothing and are not).
    private mutating func each<Row>(_ rows: [Row], _ table: StoreTable, _ report: inout IngestReport, sql: String,
                                    key: (Row) -> String, carried: KeyPath<Row, Timestamp>? = nil,
                                    _ bind: (inout RowBinder, Row) -> Void) throws {
        guard !rows.isEmpty else { return }
        let statement = try db.cachedStatement(sql: sql).sqliteStatement
        var changed = 0
        for row in rows {
            var binder = RowBinder(statement)
            bind(&binder, row)
            let inserted = try RowBinder.step(statement, in: db, table: table) { key(row) }
            changed += inserted
            if inserted > 0, let carried {
                let observed = row[keyPath: carried].seconds
                earliestCarriedObservation = min(earliestCarriedObservation ?? observed, observed)
            }
        }
        report.add(table, inserted: changed, duplicates: rows.count - changed)
    }

    /// Records a block; the same height under a different hash is a reorg the caller must roll back.
    private func insert(_ block: ObservedBlock, _ report: inout IngestReport) throws {
        try db.cachedStatement(sql: """
            INSERT INTO blocks (chain, number, hash, parent_hash, timestamp, observed_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """).execute(arguments: [block.chain, block.number, block.hash.hex, block.parentHash?.hex, block.timestamp.seconds,
                                     block.observedAt.seconds])
        if db.changesCount > 0 {
            report.add(.blocks, inserted: 1, duplicates: 0)
            return
        }
        let stored = try String.fetchOne(db.cachedStatement(sql: "SELECT hash FROM blocks WHERE chain = ? AND number = ?"),
                                         arguments: [block.chain, block.number])
        guard stored == block.hash.hex else {
            throw StoreError.reorgDetected(chain: block.chain, number: block.number, storedHash: stored ?? "?", newHash: block.hash.hex)
        }
        report.add(.blocks, inserted: 0, duplicates: 1)
    }
}
