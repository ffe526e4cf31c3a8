/// A transaction of the world in its block: what blocks with transaction lists and receipts are
/// built from. Its logs are the hour's logs with the same block and transaction index.
public struct SimTransaction: Hashable, Sendable {
    public var blockNumber: Int64
    public var transactionIndex: Int32
    public var hash: SimHash
    public var from: SimAddress
    /// The contract called (router, factory, registry module, or the token itself).
    public var to: SimAddress
    /// False for a reverted transaction (a honeypot's sell), which has no logs.
    public var succeeded: Bool
    /// Which simulated token it concerns.
    public var token: Int32
    /// Its logs' range in the hour's `logs`.
    public var logs: Range<Int>
}
