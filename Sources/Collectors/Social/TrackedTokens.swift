import FeatureStore
import RadarCore

extension TrackedToken {
    /// The tokens the store knows, as the mention matcher looks for them: each token's symbol, and as
    /// aliases the names of the IPs it is linked to (`ip_links`) plus the keywords of the config's alias
    /// rules for those IPs (IP names compared case-insensitively), the same rule as `universe(_:aliasRules:)`.
    public static func known(tokens: [Token], links: [IPLink], aliasRules: [AliasRule] = []) -> [TrackedToken] {
        var keywords: [String: [String]] = [:]
        for rule in aliasRules { keywords[rule.ip.lowercased(), default: []] += rule.keywords }
        var names: [TokenID: [String]] = [:]
        for link in links { names[link.token, default: []].append(link.ipName) }
        return tokens.map { token in
            var aliases: [String] = []
            for name in names[token.id] ?? [] {
                for alias in [name] + (keywords[name.lowercased()] ?? []) where !aliases.contains(alias) { aliases.append(alias) }
            }
            return TrackedToken(id: token.id, symbol: token.symbol, aliases: aliases)
        }
    }

    /// What the store knew at `time`: its tokens and their IP links, with the config's alias rules.
    static func known(in store: FeatureStore, at time: Timestamp, aliasRules: [AliasRule]) throws(StoreError) -> [TrackedToken] {
        let reader = store.asOf(time)
        return known(tokens: try reader.tokens(), links: try reader.ipLinks(), aliasRules: aliasRules)
    }
}
