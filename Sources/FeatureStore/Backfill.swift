import RadarCore

extension IngestBatch {
    /// The batch as a radar watching live would have seen it: every row's `observedAt` moved back to
    /// its own time (block time, post time, launch, first sighting) plus `latency`, and never later
    /// than it was really observed.
    ///
    /// For history collected after the fact (a backfill), whose rows are immutable once confirmed:
    /// stamped with the collection time, all of it would be invisible to a backtest of the period it
    /// covers. Market snapshots keep their times, as a current-state API cannot be read for the past.
    /// An IP link takes its token's first sighting when the token is in the same batch.
    public func backdated(by latency: RadarDuration) -> IngestBatch {
        func known(_ time: Timestamp, _ observed: Timestamp) -> Timestamp {
            Swift.min(observed, Timestamp(seconds: time.seconds + latency.seconds))
        }
        var batch = self
        for index in batch.blocks.indices { batch.blocks[index].observedAt = known(blocks[index].timestamp, blocks[index].observedAt) }
        var firstSeen: [TokenID: Timestamp] = [:]
        for index in batch.tokens.indices {
            batch.tokens[index].observedAt = known(tokens[index].firstSeenAt, tokens[index].observedAt)
            firstSeen[tokens[index].id] = batch.tokens[index].observedAt
        }
        for index in batch.ipLinks.indices {
            if let seen = firstSeen[ipLinks[index].token] { batch.ipLinks[index].observedAt = Swift.min(ipLinks[index].observedAt, seen) }
        }
        for index in batch.pools.indices { batch.pools[index].observedAt = known(pools[index].createdAt, pools[index].observedAt) }
        for index in batch.transfers.indices {
            batch.transfers[index].observedAt = known(transfers[index].eventTime, transfers[index].observedAt)
        }
        for index in batch.swaps.indices { batch.swaps[index].observedAt = known(swaps[index].eventTime, swaps[index].observedAt) }
        for index in batch.reserves.indices {
            batch.reserves[index].observedAt = known(reserves[index].eventTime, reserves[index].observedAt)
        }
        for index in batch.liquidityEvents.indices {
            batch.liquidityEvents[index].observedAt = known(liquidityEvents[index].eventTime, liquidityEvents[index].observedAt)
        }
        for index in batch.socialPosts.indices {
            batch.socialPosts[index].observedAt = known(socialPosts[index].eventTime, socialPosts[index].observedAt)
        }
        for index in batch.mentions.indices {
            batch.mentions[index].observedAt = known(mentions[index].eventTime, mentions[index].observedAt)
        }
        for index in batch.ipEvents.indices {
            batch.ipEvents[index].observedAt = known(ipEvents[index].eventTime, ipEvents[index].observedAt)
        }
        return batch
    }
}
