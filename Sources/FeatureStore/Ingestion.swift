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
        try write("ingest") { db in
            var report = IngestReport()
            try Ingest(db: db).run(batch, into: &report)
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

    func run(_ batch: IngestBatch, into report: inout IngestReport) throws {
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
            """) { token in
            [token.id.chain, token.id.address.hex, token.symbol, token.name, token.decimals, token.totalSupply?.digits,
             token.firstSeenAt.seconds, token.observedAt.seconds]
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
            """) { link in
            [link.token.chain, link.token.address.hex, link.registry, link.registryID, link.category.rawValue, link.ipName,
             link.source.rawValue, link.observedAt.seconds]
        }
        try each(batch.pools, .pools, &report, sql: """
            INSERT INTO pools (chain, pool, dex, factory, token0, token1, fee, created_block, created_block_hash,
                               created_log_index, created_tx, created_at, observed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """) { pool in
            [pool.chain, pool.address.hex, pool.dex.rawValue, pool.factory.hex, pool.token0.hex, pool.token1.hex, pool.fee,
             pool.created.blockNumber, pool.created.blockHash.hex, pool.created.logIndex, pool.created.transactionHash.hex,
             pool.createdAt.seconds, pool.observedAt.seconds]
        }
        try each(batch.transfers, .transfers, &report, sql: """
            INSERT INTO transfers (chain, block_number, block_hash, log_index, tx_hash, token, from_address, to_address,
                                   amount, event_time, observed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """) { transfer in
            let position = transfer.position
            return [position.chain, position.blockNumber, position.blockHash.hex, position.logIndex, position.transactionHash.hex,
                    transfer.token.hex, transfer.from.hex, transfer.to.hex, transfer.amount.digits,
                    transfer.eventTime.seconds, transfer.observedAt.seconds]
        }
        try each(batch.swaps, .swaps, &report, sql: """
            INSERT INTO swaps (chain, block_number, block_hash, log_index, tx_hash, pool, sender, recipient,
                               amount0_in, amount1_in, amount0_out, amount1_out, sqrt_price_x96, liquidity, tick,
                               event_time, observed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """) { swap in
            let position = swap.position
            return [position.chain, position.blockNumber, position.blockHash.hex, position.logIndex, position.transactionHash.hex,
                    swap.pool.hex, swap.sender.hex, swap.recipient.hex, swap.amount0In.digits, swap.amount1In.digits,
                    swap.amount0Out.digits, swap.amount1Out.digits, swap.sqrtPriceX96?.digits, swap.liquidity?.digits, swap.tick,
                    swap.eventTime.seconds, swap.observedAt.seconds]
        }
        try each(batch.reserves, .reserves, &report, sql: """
            INSERT INTO reserves (chain, block_number, block_hash, log_index, tx_hash, pool, reserve0, reserve1,
                                  event_time, observed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """) { update in
            let position = update.position
            return [position.chain, position.blockNumber, position.blockHash.hex, position.logIndex, position.transactionHash.hex,
                    update.pool.hex, update.reserve0.digits, update.reserve1.digits, update.eventTime.seconds, update.observedAt.seconds]
        }
        try each(batch.liquidityEvents, .liquidityEvents, &report, sql: """
            INSERT INTO liquidity_events (chain, block_number, block_hash, log_index, tx_hash, pool, change, sender,
                                          amount0, amount1, event_time, observed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """) { event in
            let position = event.position
            return [position.chain, position.blockNumber, position.blockHash.hex, position.logIndex, position.transactionHash.hex,
                    event.pool.hex, event.change.rawValue, event.sender.hex, event.amount0.digits, event.amount1.digits,
                    event.eventTime.seconds, event.observedAt.seconds]
        }
        try each(batch.marketSnapshots, .marketSnapshots, &report, sql: """
            INSERT INTO market_snapshots (source, chain, address, observed_at, event_time, pool, price_usd, liquidity_usd,
                                          volume_24h_usd, buys_24h, sells_24h, fdv_usd, pair_created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """) { snapshot in
            [snapshot.source, snapshot.token.chain, snapshot.token.address.hex, snapshot.observedAt.seconds,
             snapshot.eventTime.seconds, snapshot.pool?.hex, snapshot.priceUSD, snapshot.liquidityUSD, snapshot.volume24hUSD,
             snapshot.buys24h, snapshot.sells24h, snapshot.fdvUSD, snapshot.pairCreatedAt?.seconds]
        }
        try each(batch.socialPosts, .socialPosts, &report, sql: """
            INSERT INTO social_posts (source, post_id, author_id, author_name, author_followers, text, likes, reposts,
                                      replies, url, event_time, observed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """) { post in
            [post.source, post.postID, post.authorID, post.authorName, post.authorFollowers, post.text, post.likes,
             post.reposts, post.replies, post.url, post.eventTime.seconds, post.observedAt.seconds]
        }
        try each(batch.mentions, .mentions, &report, sql: """
            INSERT INTO mentions (source, post_id, chain, address, matched_by, event_time, observed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """) { mention in
            [mention.source, mention.postID, mention.token.chain, mention.token.address.hex, mention.matchedBy.rawValue,
             mention.eventTime.seconds, mention.observedAt.seconds]
        }
        try each(batch.ipEvents, .ipEvents, &report, sql: """
            INSERT INTO ip_events (source, source_id, chain, block_number, block_hash, log_index, tx_hash, kind, ip_id,
                                   token_chain, token_address, amount, counterparty, event_time, observed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """) { event in
            var key: [(any DatabaseValueConvertible)?]
            switch event.key {
            case .onChain(let position):
                key = [nil, nil, position.chain, position.blockNumber, position.blockHash.hex, position.logIndex,
                       position.transactionHash.hex]
            case .offChain(let source, let id):
                key = [source, id, nil, nil, nil, nil, nil]
            }
            key += [event.kind.rawValue, event.ipID, event.token?.chain, event.token?.address.hex, event.amount?.digits,
                    event.counterparty, event.eventTime.seconds, event.observedAt.seconds]
            return key
        }
    }

    /// Runs one cached statement per row, counting rows that changed the table.
    private func each<Row>(_ rows: [Row], _ table: StoreTable, _ report: inout IngestReport, sql: String,
                           _ arguments: (Row) -> [(any DatabaseValueConvertible)?]) throws {
        guard !rows.isEmpty else { return }
        let statement = try db.cachedStatement(sql: sql)
        for row in rows {
            let values = arguments(row)
            do {
                try statement.execute(arguments: StatementArguments(values))
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                let key = values.prefix(4).map { $0.map { "\($0.databaseValue)" } ?? "NULL" }.joined(separator: ",")
                throw StoreError.rejectedRow(table: table.rawValue, key: key, reason: error.message ?? "constraint failed")
            }
            report.count(table, changed: db.changesCount > 0)
        }
    }

    /// Records a block; the same height under a different hash is a reorg the caller must roll back.
    private func insert(_ block: ObservedBlock, _ report: inout IngestReport) throws {
        try db.cachedStatement(sql: """
            INSERT INTO blocks (chain, number, hash, parent_hash, timestamp, observed_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """).execute(arguments: [block.chain, block.number, block.hash.hex, block.parentHash?.hex, block.timestamp.seconds,
                                     block.observedAt.seconds])
        if db.changesCount > 0 {
            report.count(.blocks, changed: true)
            return
        }
        let stored = try String.fetchOne(db.cachedStatement(sql: "SELECT hash FROM blocks WHERE chain = ? AND number = ?"),
                                         arguments: [block.chain, block.number])
        guard stored == block.hash.hex else {
            throw StoreError.reorgDetected(chain: block.chain, number: block.number, storedHash: stored ?? "?", newHash: block.hash.hex)
        }
        report.count(.blocks, changed: false)
    }
}
