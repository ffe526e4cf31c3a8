/// The world as a DexScreener-format market API: `/latest/dex/tokens/{a,b,...}` (at most 30
/// addresses) answers each launched token's pair as of the end of the head hour.
public struct WorldMarket: Sendable {
    public let history: WorldHistory
    public let head: WorldHead
    public static let maxAddresses = 30
    private let tokenIndex: [SimAddress: Int]

    public init(history: WorldHistory, head: WorldHead) {
        self.history = history
        self.head = head
        var index: [SimAddress: Int] = [:]
        for token in history.world.tokens { index[token.address] = token.index }
        tokenIndex = index
    }

    /// The body for the comma-separated `addresses` path segment; nil (HTTP 400) for more than 30
    /// or a malformed address.
    public func tokens(_ addresses: String) -> [UInt8]? {
        let parts = addresses.split(separator: ",", omittingEmptySubsequences: true)
        guard parts.count <= Self.maxAddresses else { return nil }
        var wanted: [Int] = []
        for part in parts {
            guard let address = WireText.address(String(part)) else { return nil }
            if let index = tokenIndex[address], !wanted.contains(index) { wanted.append(index) }
        }
        let hour = head.hour
        let snapshots = history.day(hour / 24).snapshots[hour % 24]
        var out = JSONBytes(capacity: 1024 * max(1, wanted.count))
        out.raw("{\"schemaVersion\":\"1.0.0\",\"pairs\":")
        var written = 0
        for index in wanted {
            guard let snapshot = Self.snapshot(of: index, in: snapshots) else { continue }
            out.byte(written == 0 ? "[" : ",")
            write(history.world.tokens[index], snapshot, into: &out)
            written += 1
        }
        out.raw(written == 0 ? "null}" : "]}")
        return out.bytes
    }

    /// Snapshots are in token order: a binary search by token index.
    static func snapshot(of token: Int, in snapshots: [SimMarketSnapshot]) -> SimMarketSnapshot? {
        var low = 0, high = snapshots.count
        while low < high {
            let middle = (low + high) / 2
            if Int(snapshots[middle].token) < token { low = middle + 1 } else { high = middle }
        }
        return low < snapshots.count && Int(snapshots[low].token) == token ? snapshots[low] : nil
    }

    private func write(_ token: SimToken, _ snapshot: SimMarketSnapshot, into out: inout JSONBytes) {
        out.raw("{\"chainId\":\"ethereum\",\"dexId\":\"uniswap\",\"url\":")
        out.string("https://dexscreener.com/ethereum/\(token.pool.hex)")
        out.raw(",\"pairAddress\":")
        out.address(token.pool)
        out.raw(",\"labels\":[\"v2\"],\"baseToken\":{\"address\":")
        out.address(token.address)
        out.raw(",\"name\":")
        out.string(token.name)
        out.raw(",\"symbol\":")
        out.string(token.symbol)
        out.raw("},\"quoteToken\":{\"address\":")
        out.address(history.world.contracts.weth)
        out.raw(",\"name\":\"Wrapped Ether\",\"symbol\":\"WETH\"},\"priceNative\":")
        out.string(String(snapshot.priceNative))
        out.raw(",\"priceUsd\":")
        out.string(String(snapshot.priceUSD))
        out.raw(",\"txns\":{\"h1\":{\"buys\":")
        out.number(Int64(snapshot.buysH1))
        out.raw(",\"sells\":")
        out.number(Int64(snapshot.sellsH1))
        out.raw("},\"h24\":{\"buys\":")
        out.number(Int64(snapshot.buysH24))
        out.raw(",\"sells\":")
        out.number(Int64(snapshot.sellsH24))
        out.raw("}},\"volume\":{\"h1\":")
        out.number(snapshot.volumeH1USD)
        out.raw(",\"h6\":")
        out.number(snapshot.volumeH6USD)
        out.raw(",\"h24\":")
        out.number(snapshot.volumeH24USD)
        out.raw("},\"liquidity\":{\"usd\":")
        out.number(snapshot.liquidityUSD)
        out.raw("},\"fdv\":")
        out.number(snapshot.fdvUSD)
        out.raw(",\"marketCap\":")
        out.number(snapshot.fdvUSD)
        out.raw(",\"pairCreatedAt\":")
        out.number(snapshot.pairCreatedAt * 1000)
        out.byte("}")
    }
}
