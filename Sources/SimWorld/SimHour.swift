import RadarCore

/// Everything that happened in one simulated hour, in block order: the hour's on-chain logs and
/// reverted transactions, the market snapshots at its end, its social posts, and the hidden truth.
///
/// Hours are produced one at a time, so a consumer holds one hour of a 10,000-token world, not 120 days.
public struct SimHour: Sendable {
    /// Hour index from the world's start.
    public var hour: Int
    /// The hour's start.
    public var start: Timestamp
    /// The hour's blocks are `firstBlock ..< firstBlock + blockCount`.
    public var firstBlock: Int64
    public var blockCount: Int
    /// Logs in (block, log index) order.
    public var logs: [SimLog]
    /// Every transaction in (block, transaction index) order, reverted ones included.
    public var transactions: [SimTransaction]
    /// Reverted transactions (honeypot sells) in (block, transaction index) order.
    public var failedTransactions: [SimFailedTransaction]
    /// One per launched token, at the hour's end, in token order.
    public var snapshots: [SimMarketSnapshot]
    /// Posts in token order (their times fall anywhere in the hour).
    public var posts: [SimPost]
    /// Hidden state of every launched token at the hour's end, in token order.
    public var latent: [SimLatentRow]
    /// USD per ETH at the hour's end.
    public var ethUSD: Double

    /// The hour's blocks, each with the range of `logs` it holds.
    public func blocks(chain: SimChain) -> [(block: SimBlock, logs: Range<Int>)] {
        var result = [(block: SimBlock, logs: Range<Int>)]()
        result.reserveCapacity(blockCount)
        var cursor = 0
        for offset in 0..<blockCount {
            let number = firstBlock + Int64(offset)
            let begin = cursor
            while cursor < logs.count && logs[cursor].blockNumber == number { cursor += 1 }
            result.append((chain.block(number), begin..<cursor))
        }
        return result
    }
}
