/// The radar's whole configuration, decoded from `Feeds/radar.yaml` (or `--config FILE`).
///
/// Every section but `store` and `feeds` has defaults, so a file with only those two is valid.
public struct RadarConfig: Sendable, Encodable {
    public var store: StoreConfig
    public var universe: UniverseConfig
    public var feeds: [FeedConfig]
    public var scoring: ScoringConfig
    public var notifier: NotifierConfig
    public var server: ServerConfig
    public var features: FeaturesConfig

    public init(store: StoreConfig, universe: UniverseConfig = .init(), feeds: [FeedConfig],
                scoring: ScoringConfig = .init(), notifier: NotifierConfig = .init(), server: ServerConfig = .init(),
                features: FeaturesConfig = .init()) {
        self.store = store
        self.universe = universe
        self.feeds = feeds
        self.scoring = scoring
        self.notifier = notifier
        self.server = server
        self.features = features
    }

    /// The default config file, relative to the working directory.
    public static let defaultPath = "Feeds/radar.yaml"
}

/// How `radar features` builds rows: which feature set, and the settings its computations share.
public struct FeaturesConfig: Sendable, Encodable, Equatable {
    /// The feature set's id (`name@version`); `radar features` checks that the build knows it.
    public var set: String
    /// The quote token (WETH-like) per chain; chains left out take the address in the most pools.
    public var quoteTokens: [ChainID: EVMAddress]
    /// A holder is a whale at or above this share of the token's holder supply.
    public var whaleShare: Double

    public init(set: String = "radar@1", quoteTokens: [ChainID: EVMAddress] = [:], whaleShare: Double = 0.01) {
        self.set = set
        self.quoteTokens = quoteTokens
        self.whaleShare = whaleShare
    }
}

/// Where the SQLite feature store lives.
public struct StoreConfig: Sendable, Encodable {
    /// The SQLite file; relative paths are relative to the working directory.
    public var path: String
    /// How long a writer waits for another connection's lock before failing.
    public var busyTimeout: RadarDuration

    public init(path: String, busyTimeout: RadarDuration = .seconds(10)) {
        self.path = path
        self.busyTimeout = busyTimeout
    }
}

/// The universe of IP-linked tokens: a file of declared links plus alias rules that infer more.
public struct UniverseConfig: Sendable, Encodable {
    /// A YAML or CSV file of IP-linked tokens (see `radar universe import`).
    public var file: String
    public var aliases: [AliasRule]

    public init(file: String = "Feeds/universe.yaml", aliases: [AliasRule] = []) {
        self.file = file
        self.aliases = aliases
    }
}

/// Infers an IP link when a token's name or symbol contains one of `keywords` (case-insensitive).
/// Links made this way are marked `inferred`.
public struct AliasRule: Sendable, Encodable, Equatable {
    public var ip: String
    public var category: IPCategory
    public var keywords: [String]

    public init(ip: String, category: IPCategory, keywords: [String]) {
        self.ip = ip
        self.category = category
        self.keywords = keywords
    }
}

/// The scoring models the radar trains, and what an alpha label means (see the alpha definition).
public struct ScoringConfig: Sendable, Encodable {
    /// Forward-return window (default 7d).
    public var horizon: RadarDuration
    /// Delay between a score and the first trade on it (default 1h).
    public var executionLag: RadarDuration
    /// Label = 1 when alpha is in this top fraction of the timestamp's cross-section (default 0.2).
    public var labelQuantile: Double
    /// The universe benchmark alpha is measured against.
    public var benchmark: Benchmark
    /// Forward return given to rugged, unsellable or silent tokens (default -1 = -100%).
    public var deadTokenReturn: Double
    /// Models to train, in order.
    public var models: [ModelKind]
    /// Blend weight per model; models missing here get no weight.
    public var blend: [ModelKind: Double]
    /// Where model files are written and loaded.
    public var modelDir: String
    /// How often `radar run` rescores.
    public var schedule: RadarDuration

    /// The cross-sectional statistic of forward returns that alpha is measured against.
    public enum Benchmark: String, CaseIterable, Sendable, Encodable { case median, mean }
    /// The model families the scoring core trains.
    public enum ModelKind: String, CaseIterable, Sendable, Encodable, CodingKeyRepresentable { case gbdt, logistic }

    public init(horizon: RadarDuration = .days(7), executionLag: RadarDuration = .hours(1), labelQuantile: Double = 0.2,
                benchmark: Benchmark = .median, deadTokenReturn: Double = -1, models: [ModelKind] = [.gbdt, .logistic],
                blend: [ModelKind: Double] = [.gbdt: 0.5, .logistic: 0.5], modelDir: String = "Models",
                schedule: RadarDuration = .hours(1)) {
        self.horizon = horizon
        self.executionLag = executionLag
        self.labelQuantile = labelQuantile
        self.benchmark = benchmark
        self.deadTokenReturn = deadTokenReturn
        self.models = models
        self.blend = blend
        self.modelDir = modelDir
        self.schedule = schedule
    }

    /// The horizon as the value type the pipeline uses.
    public var horizonValue: Horizon {
        get throws(ValidationError) { try Horizon(length: horizon, executionLag: executionLag) }
    }
}

/// Who receives ranked watchlists, and which tokens make the list.
public struct NotifierConfig: Sendable, Encodable {
    /// Tokens per watchlist message.
    public var topK: Int
    /// Tokens scoring below this alpha score (0–100) are left out.
    public var minAlphaScore: Double
    public var channels: [ChannelConfig]

    public init(topK: Int = 10, minAlphaScore: Double = 0, channels: [ChannelConfig] = []) {
        self.topK = topK
        self.minAlphaScore = minAlphaScore
        self.channels = channels
    }
}

/// One destination for watchlists. Its URL, token and chat id usually come from the environment.
public struct ChannelConfig: Sendable, Encodable {
    /// The message format and API the channel speaks.
    public enum Kind: String, CaseIterable, Sendable, Encodable { case telegram, discord, slack, webhook }

    public var name: String
    public var kind: Kind
    public var enabled: Bool
    /// The endpoint: a webhook URL, or the Bot API base for Telegram.
    public var url: SecretString
    /// Telegram chat id (Telegram only).
    public var chatID: SecretString?
    public var headers: [Header]
    public var rateLimit: RateLimit?
    public var retries: Int

    public init(name: String, kind: Kind, enabled: Bool = true, url: SecretString, chatID: SecretString? = nil,
                headers: [Header] = [], rateLimit: RateLimit? = nil, retries: Int = 5) {
        self.name = name
        self.kind = kind
        self.enabled = enabled
        self.url = url
        self.chatID = chatID
        self.headers = headers
        self.rateLimit = rateLimit
        self.retries = retries
    }

    enum CodingKeys: String, CodingKey { case name, kind, enabled, url, chatID = "chatId", headers, rateLimit, retries }
}

/// The radar's HTTP API and dashboard.
public struct ServerConfig: Sendable, Encodable {
    public var host: String
    public var port: Int
    /// Whether `/metrics` serves Prometheus metrics.
    public var metrics: Bool

    public init(host: String = "127.0.0.1", port: Int = 8080, metrics: Bool = true) {
        self.host = host
        self.port = port
        self.metrics = metrics
    }
}

/// An HTTP header whose value may be a secret (`Authorization: Bearer ${X_BEARER_TOKEN}`).
public struct Header: Sendable, Encodable, Equatable {
    public var name: String
    public var value: SecretString

    public init(name: String, value: SecretString) {
        self.name = name
        self.value = value
    }
}
