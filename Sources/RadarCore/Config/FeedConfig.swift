/// The feed families the collectors speak.
public enum FeedKind: String, CaseIterable, Sendable, Encodable {
    case evmLogs = "evm-logs"
    case dexMarket = "dex-market"
    case ipRegistry = "ip-registry"
    case rss
    case xSearch = "x-search"
    case reddit
    case telegram
    case farcaster
}

/// A request budget: at most `requests` per `period` (written `5/s`, `100/m`, `10/30s`).
public struct RateLimit: Sendable, Equatable, Encodable, CustomStringConvertible {
    public var requests: Int
    public var period: RadarDuration

    public init(requests: Int, period: RadarDuration) {
        self.requests = requests
        self.period = period
    }

    public init(parsing text: String, field: String = "rateLimit") throws(ValidationError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let requests = Int(parts[0].trimmingCharacters(in: .whitespaces)), requests > 0 else {
            throw ValidationError(field: field, value: text, reason: "expected <requests>/<period>, e.g. 5/s, 100/m or 10/30s")
        }
        var period = parts[1].trimmingCharacters(in: .whitespaces)
        if let first = period.first, !first.isNumber { period = "1" + period }
        let duration = try RadarDuration(parsing: period, field: field)
        guard duration.seconds > 0 else {
            throw ValidationError(field: field, value: text, reason: "the period must be longer than 0s")
        }
        self.requests = requests
        self.period = duration
    }

    public var description: String { "\(requests)/\(period)" }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// One feed the collectors poll: where, how often, with which limits, and its kind's own settings.
public struct FeedConfig: Sendable, Encodable {
    public var name: String
    public var kind: FeedKind
    /// `http(s)://` or `file://` (a recorded response, for replay).
    public var url: SecretString
    public var enabled: Bool
    /// Time between polls.
    public var interval: RadarDuration
    /// Total time one request may take.
    public var timeout: RadarDuration
    public var connectTimeout: RadarDuration
    public var rateLimit: RateLimit?
    /// Retries after a network error, a 5xx or a 429, with exponential backoff and jitter.
    public var retries: Int
    /// Responses larger than this many bytes are refused.
    public var maxResponseBytes: Int
    public var headers: [Header]
    public var options: FeedOptions

    public init(name: String, kind: FeedKind, url: SecretString, enabled: Bool = true, interval: RadarDuration = .minutes(1),
                timeout: RadarDuration = .seconds(30), connectTimeout: RadarDuration = .seconds(10), rateLimit: RateLimit? = nil,
                retries: Int = 3, maxResponseBytes: Int = 32 << 20, headers: [Header] = [], options: FeedOptions) {
        self.name = name
        self.kind = kind
        self.url = url
        self.enabled = enabled
        self.interval = interval
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.rateLimit = rateLimit
        self.retries = retries
        self.maxResponseBytes = maxResponseBytes
        self.headers = headers
        self.options = options
    }

    enum CodingKeys: String, CodingKey {
        case name, kind, url, enabled, interval, timeout, connectTimeout, rateLimit, retries, maxResponseBytes, headers
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(kind, forKey: .kind)
        try container.encode(url, forKey: .url)
        try container.encode(enabled, forKey: .enabled)
        try container.encode(interval, forKey: .interval)
        try container.encode(timeout, forKey: .timeout)
        try container.encode(connectTimeout, forKey: .connectTimeout)
        try container.encodeIfPresent(rateLimit, forKey: .rateLimit)
        try container.encode(retries, forKey: .retries)
        try container.encode(maxResponseBytes, forKey: .maxResponseBytes)
        if !headers.isEmpty {
            var nested = container.nestedContainer(keyedBy: AnyKey.self, forKey: .headers)
            for header in headers { try nested.encode(header.value, forKey: AnyKey(header.name)) }
        }
        try options.encode(to: encoder)
    }
}

/// Settings only one feed family has.
public enum FeedOptions: Sendable, Encodable {
    case evmLogs(EVMLogsOptions)
    case dexMarket(DexMarketOptions)
    case ipRegistry(IPRegistryOptions)
    case rss
    case xSearch(SearchOptions)
    case reddit(ListingOptions)
    case telegram
    case farcaster(SearchOptions)

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .evmLogs(let options): try options.encode(to: encoder)
        case .dexMarket(let options): try options.encode(to: encoder)
        case .ipRegistry(let options): try options.encode(to: encoder)
        case .xSearch(let options), .farcaster(let options): try options.encode(to: encoder)
        case .reddit(let options): try options.encode(to: encoder)
        case .rss, .telegram: break
        }
    }
}

/// A factory whose pool-creation logs put new tokens on the radar.
public struct FactoryConfig: Sendable, Encodable, Equatable {
    public var address: EVMAddress
    public var protocolKind: PoolProtocol

    public init(address: EVMAddress, protocolKind: PoolProtocol) {
        self.address = address
        self.protocolKind = protocolKind
    }

    enum CodingKeys: String, CodingKey { case address, protocolKind = "protocol" }
}

/// `evm-logs`: ERC-20 transfers and DEX pool logs read from a JSON-RPC node.
public struct EVMLogsOptions: Sendable, Encodable, Equatable {
    public var chain: ChainID
    public var factories: [FactoryConfig]
    public var tokens: [EVMAddress]
    public var startBlock: Int64
    /// Blocks behind the head that are treated as final (default 12).
    public var confirmations: Int
    /// The widest `eth_getLogs` range asked for; it shrinks when a node refuses and grows back.
    public var maxBlockRange: Int

    public init(chain: ChainID = 1, factories: [FactoryConfig] = [], tokens: [EVMAddress] = [], startBlock: Int64 = 0,
                confirmations: Int = 12, maxBlockRange: Int = 2000) {
        self.chain = chain
        self.factories = factories
        self.tokens = tokens
        self.startBlock = startBlock
        self.confirmations = confirmations
        self.maxBlockRange = maxBlockRange
    }
}

/// `dex-market`: price, liquidity and volume snapshots from a market-data API.
public struct DexMarketOptions: Sendable, Encodable, Equatable {
    /// The API's wire format.
    public enum Format: String, CaseIterable, Sendable, Encodable { case dexscreener, geckoterminal }
    public var format: Format
    /// The API's own chain or network id, e.g. `ethereum`, `base`.
    public var network: String
    /// Tokens per request (DexScreener allows at most 30).
    public var batchSize: Int

    public init(format: Format = .dexscreener, network: String = "ethereum", batchSize: Int = 30) {
        self.format = format
        self.network = network
        self.batchSize = batchSize
    }
}

/// One registry event, declared by its Solidity signature so that new registries need no code.
public struct IPEventSpec: Sendable, Encodable, Equatable {
    public var kind: IPEventKind
    /// e.g. `IPRegistered(address ipId, uint256 chainId, address tokenContract, uint256 tokenId, string name)`.
    public var signature: String
    /// Which parameter holds which role: `ipId`, `token`, `tokenChain`, `amount`, `counterparty`.
    public var fields: [String: String]

    public init(kind: IPEventKind, signature: String, fields: [String: String]) {
        self.kind = kind
        self.signature = signature
        self.fields = fields
    }
}

/// `ip-registry`: Story-Protocol-style registry events.
public struct IPRegistryOptions: Sendable, Encodable, Equatable {
    public var chain: ChainID
    public var contracts: [EVMAddress]
    public var startBlock: Int64
    public var confirmations: Int
    public var maxBlockRange: Int
    public var events: [IPEventSpec]

    public init(chain: ChainID = 1, contracts: [EVMAddress] = [], startBlock: Int64 = 0, confirmations: Int = 12,
                maxBlockRange: Int = 2000, events: [IPEventSpec] = []) {
        self.chain = chain
        self.contracts = contracts
        self.startBlock = startBlock
        self.confirmations = confirmations
        self.maxBlockRange = maxBlockRange
        self.events = events
    }
}

/// `x-search` and `farcaster`: a search query polled for new posts.
public struct SearchOptions: Sendable, Encodable, Equatable {
    public var query: String
    public var maxResults: Int

    public init(query: String, maxResults: Int = 100) {
        self.query = query
        self.maxResults = maxResults
    }
}

/// `reddit`: a listing read page by page.
public struct ListingOptions: Sendable, Encodable, Equatable {
    public var limit: Int

    public init(limit: Int = 100) { self.limit = limit }
}

/// A coding key made at run time (header names, map keys).
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
