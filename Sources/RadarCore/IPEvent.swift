/// What happened to an IP in its registry.
public enum IPEventKind: String, CaseIterable, Hashable, Sendable, Codable {
    case registered = "ip-registered"
    case licenceMinted = "licence-minted"
    case derivativeRegistered = "derivative-registered"
    case royaltyPaid = "royalty-paid"
}

/// The natural key of an IP event: its log position when it came from a chain, or its id in an
/// off-chain registry's feed.
public enum IPEventKey: Hashable, Sendable, Codable {
    case onChain(LogPosition)
    case offChain(source: String, id: String)
}

/// A registry event about an IP (Story-Protocol style): registration, licence mint, derivative,
/// royalty payment.
public struct IPEvent: Hashable, Sendable, Codable {
    public var key: IPEventKey
    public var kind: IPEventKind
    /// The IP's id in its registry (an IP account address or asset id).
    public var ipID: String
    /// The token the IP is linked to, where the event names one.
    public var token: TokenID?
    /// A raw amount (licence tokens minted, royalty paid), where the event has one.
    public var amount: DecimalAmount?
    /// The other party (licensee, derivative IP, payer), where the event has one.
    public var counterparty: String?
    public var eventTime: Timestamp
    public var observedAt: Timestamp

    public init(key: IPEventKey, kind: IPEventKind, ipID: String, token: TokenID?, amount: DecimalAmount?,
                counterparty: String?, eventTime: Timestamp, observedAt: Timestamp) {
        self.key = key
        self.kind = kind
        self.ipID = ipID
        self.token = token
        self.amount = amount
        self.counterparty = counterparty
        self.eventTime = eventTime
        self.observedAt = observedAt
    }
}
