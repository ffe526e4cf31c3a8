/// The family of intellectual property a token is tied to.
public enum IPCategory: String, CaseIterable, Hashable, Sendable, Codable {
    case entertainment, music, brand, gaming, data, biotech, other
}

/// How an IP link became known: stated by a registry or universe file, or guessed from aliases.
public enum IPLinkSource: String, CaseIterable, Hashable, Sendable, Codable {
    /// Stated by the universe file or an IP registry.
    case declared
    /// Matched by an alias rule (an IP name or keyword in the token's name or symbol).
    case inferred
}

/// Ties a token to an IP in some registry (a Story-Protocol IP asset, a universe file entry, ...).
///
/// A token may carry several links (one per registry), so the registry id is part of the key.
public struct IPLink: Hashable, Sendable, Codable {
    public var token: TokenID
    /// Which registry vouches for the link, e.g. `universe`, `story`, `alias`.
    public var registry: String
    /// The IP's id in that registry.
    public var registryID: String
    public var category: IPCategory
    /// The IP's human name, e.g. "Pudgy Penguins".
    public var ipName: String
    public var source: IPLinkSource
    public var observedAt: Timestamp

    public init(token: TokenID, registry: String, registryID: String, category: IPCategory, ipName: String,
                source: IPLinkSource, observedAt: Timestamp) {
        self.token = token
        self.registry = registry
        self.registryID = registryID
        self.category = category
        self.ipName = ipName
        self.source = source
        self.observedAt = observedAt
    }
}
