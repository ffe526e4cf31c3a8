import RadarCore

/// A token the radar looks for in posts: its id (whose address is matched), its ticker (matched as a
/// cashtag) and the names people call it by (IP names, configured keywords), matched as words.
public struct TrackedToken: Hashable, Sendable {
    public var id: TokenID
    public var symbol: String?
    public var aliases: [String]

    public init(id: TokenID, symbol: String?, aliases: [String] = []) {
        self.id = id
        self.symbol = symbol
        self.aliases = aliases
    }

    /// The tokens of a universe: each entry's symbol, and as aliases its IP's name and the keywords of
    /// the alias rules for that IP (compared case-insensitively). Token names are not aliases: many are
    /// common words, and a name worth matching can be given as a keyword.
    public static func universe(_ entries: [UniverseEntry], aliasRules: [AliasRule] = []) -> [TrackedToken] {
        var keywords: [String: [String]] = [:]
        for rule in aliasRules { keywords[rule.ip.lowercased(), default: []] += rule.keywords }
        var order: [TokenID] = []
        var tokens: [TokenID: TrackedToken] = [:]
        for entry in entries {
            let aliases = [entry.ip] + (keywords[entry.ip.lowercased()] ?? [])
            if var token = tokens[entry.token] {
                token.aliases += aliases.filter { !token.aliases.contains($0) }
                token.symbol = token.symbol ?? entry.symbol
                tokens[entry.token] = token
            } else {
                order.append(entry.token)
                var unique: [String] = []
                for alias in aliases where !unique.contains(alias) { unique.append(alias) }
                tokens[entry.token] = TrackedToken(id: entry.token, symbol: entry.symbol, aliases: unique)
            }
        }
        return order.map { tokens[$0]! }
    }
}
