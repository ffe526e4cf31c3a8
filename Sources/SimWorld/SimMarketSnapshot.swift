/// A DexScreener-like view of one token's pool at the end of an hour, derived from the pool itself.
public struct SimMarketSnapshot: Hashable, Sendable {
    public var token: Int32
    /// Unix seconds the figures describe (the end of the hour).
    public var time: Int64
    public var priceUSD: Double
    public var priceNative: Double
    /// Both sides of the pool in USD.
    public var liquidityUSD: Double
    public var volumeH1USD: Double
    public var volumeH6USD: Double
    public var volumeH24USD: Double
    public var buysH1: Int32
    public var sellsH1: Int32
    public var buysH24: Int32
    public var sellsH24: Int32
    /// Price times total supply.
    public var fdvUSD: Double
    /// The pool's creation time.
    public var pairCreatedAt: Int64
}
