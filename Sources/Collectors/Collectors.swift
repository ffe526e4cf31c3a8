/// Collectors turn outside feeds (EVM JSON-RPC logs, DEX market APIs, social feeds, IP registries)
/// into store rows. This file holds what every feed family shares; each family has its own file.
public enum CollectorsModule {
    /// The user agent every collector sends, so operators can recognise AlphaRadar in their logs.
    public static let userAgent = "AlphaRadar/0.1 (+https://github.com/alpharadar)"
}
