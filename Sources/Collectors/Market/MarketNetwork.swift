import RadarCore

/// The names market APIs give EVM chains, mapped to EIP-155 chain ids, so a feed configured with the
/// API's own network name (`ethereum`, `eth`) yields rows keyed by `TokenID`.
///
/// DexScreener and GeckoTerminal name chains differently (`ethereum` vs `eth`, `polygon` vs
/// `polygon_pos`); networks not listed here (Solana, Injective, ...) have no EVM token ids, so their
/// pairs are never turned into rows. An adapter may also be given a chain id directly.
public enum MarketNetwork {
    /// DexScreener `chainId` values.
    public static let dexScreener: [String: ChainID] = [
        "ethereum": 1, "bsc": 56, "polygon": 137, "arbitrum": 42161, "optimism": 10, "base": 8453,
        "avalanche": 43114, "fantom": 250, "linea": 59144, "blast": 81457, "zksync": 324, "scroll": 534352,
        "mantle": 5000, "cronos": 25, "pulsechain": 369, "apechain": 33139, "berachain": 80094, "sonic": 146,
        "unichain": 130, "abstract": 2741, "story": 1514,
    ]

    /// GeckoTerminal network ids (the prefix of its `eth_0x...` token and pool ids).
    public static let geckoTerminal: [String: ChainID] = [
        "eth": 1, "bsc": 56, "polygon_pos": 137, "arbitrum": 42161, "optimism": 10, "base": 8453,
        "avax": 43114, "ftm": 250, "linea": 59144, "blast": 81457, "zksync": 324, "scroll": 534352,
        "mantle": 5000, "cro": 25, "pulsechain": 369, "apechain": 33139, "berachain": 80094, "sonic": 146,
        "unichain": 130, "abstract": 2741, "story": 1514,
    ]

    /// The chain id of `network` in `format`'s naming, or an error naming the feed and the network.
    public static func chain(of network: String, format: DexMarketOptions.Format, feed: String) throws(PayloadError) -> ChainID {
        let table = format == .dexscreener ? dexScreener : geckoTerminal
        guard let chain = table[network] else {
            throw PayloadError(feed: feed, field: "network", value: network,
                               reason: "not an EVM network \(format.rawValue) names; known: \(table.keys.sorted().joined(separator: ", "))")
        }
        return chain
    }
}
