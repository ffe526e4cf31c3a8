import Foundation
import Yams

/// What checking a config file found: the config when it has no errors, and every issue either way.
public struct ConfigCheck: Sendable {
    public var config: RadarConfig?
    public var issues: [ConfigIssue]

    public var errors: [ConfigIssue] { issues.filter { $0.severity == .error } }
    public var warnings: [ConfigIssue] { issues.filter { $0.severity == .warning } }
}

/// Reads `Feeds/radar.yaml` into a `RadarConfig`: unknown keys, wrong types, bad durations and
/// missing environment variables are all reported, each with its line and column.
public enum ConfigLoader {
    /// Loads and checks a file; throws every error found, each naming file, line and key path.
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> RadarConfig {
        let check = check(path: path, environment: environment)
        guard let config = check.config else { throw ConfigError(issues: check.errors) }
        return config
    }

    /// Checks a file without throwing, for `radar config check`.
    public static func check(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> ConfigCheck {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            return ConfigCheck(config: nil, issues: [ConfigIssue(file: path, line: 0, column: 0, keyPath: "", value: nil,
                                                                 message: "cannot read the file: \(error.localizedDescription)",
                                                                 hint: "pass an existing file with --config")])
        }
        return check(yaml: text, file: path, environment: environment)
    }

    /// Checks YAML text; `file` names it in messages.
    public static func check(yaml: String, file: String, environment: [String: String]) -> ConfigCheck {
        let reader = ConfigReader(file: file, environment: environment)
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            return ConfigCheck(config: nil, issues: [syntaxIssue(error, file: file)])
        } catch {
            return ConfigCheck(config: nil, issues: [ConfigIssue(file: file, line: 0, column: 0, keyPath: "", value: nil,
                                                                 message: "not valid YAML: \(error)")])
        }
        guard let root else {
            reader.report(at: nil, path: "", value: nil, "the file is empty", hint: "a config needs at least store and feeds")
            return ConfigCheck(config: nil, issues: reader.issues)
        }
        let config = Schema(reader: reader).radar(root)
        let hasErrors = reader.issues.contains { $0.severity == .error }
        let issues = reader.issues.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
        return ConfigCheck(config: hasErrors ? nil : config, issues: issues)
    }

    static func syntaxIssue(_ error: YamlError, file: String) -> ConfigIssue {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\($0.text) " } ?? ""
            return ConfigIssue(file: file, line: mark.line, column: mark.column, keyPath: "", value: nil,
                               message: "YAML syntax: \(detail)\(problem)", hint: "check indentation and quoting")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return ConfigIssue(file: file, line: context.mark.line, column: context.mark.column, keyPath: "", value: nil,
                               message: "key \(keys) is written more than once in this mapping", hint: "keep one of each")
        case .reader(let problem, let offset, _, let yaml):
            // Reader errors carry a character offset; turn it into a line and column.
            let prefix = yaml.prefix(offset ?? 0)
            let line = prefix.count(where: { $0 == "\n" }) + 1
            let column = prefix.count - (prefix.lastIndex(of: "\n").map { prefix.distance(from: prefix.startIndex, to: $0) + 1 } ?? 0) + 1
            return ConfigIssue(file: file, line: line, column: column, keyPath: "", value: nil, message: "YAML syntax: \(problem)")
        default:
            return ConfigIssue(file: file, line: 1, column: 1, keyPath: "", value: nil, message: "YAML syntax: \(error)")
        }
    }
}

/// The shape of the config file, section by section. Each function reads one part, falling back to
/// defaults so later parts are still checked after an error.
private struct Schema {
    let reader: ConfigReader

    func radar(_ root: Node) -> RadarConfig? {
        guard let top = reader.fields(root, path: "", allowed: ["store", "universe", "feeds", "scoring", "notifier", "server",
                                                                "features"]) else {
            return nil
        }
        let store = top.require("store", hint: "add store: { path: radar.sqlite }").flatMap { self.store($0, path: "store") }
        let universe = top["universe"].map { self.universe($0, path: "universe") } ?? UniverseConfig()
        let feeds = top.require("feeds", hint: "add feeds: [] to run with no feeds").flatMap { self.feeds($0, path: "feeds") }
        let scoring = top["scoring"].map { self.scoring($0, path: "scoring") } ?? ScoringConfig()
        let notifier = top["notifier"].map { self.notifier($0, path: "notifier") } ?? NotifierConfig()
        let server = top["server"].map { self.server($0, path: "server") } ?? ServerConfig()
        let features = top["features"].map { self.features($0, path: "features") } ?? FeaturesConfig()
        guard let store, let feeds else { return nil }
        return RadarConfig(store: store, universe: universe, feeds: feeds, scoring: scoring, notifier: notifier, server: server,
                           features: features)
    }

    func store(_ node: Node, path: String) -> StoreConfig? {
        guard let fields = reader.fields(node, path: path, allowed: ["path", "busyTimeout"]) else { return nil }
        let file = fields.require("path").flatMap { reader.string($0, path: fields.path("path")) }
        let busy = fields.read("busyTimeout", default: RadarDuration.seconds(10)) { reader.duration($0, path: $1) }
        return file.map { StoreConfig(path: $0, busyTimeout: busy) }
    }

    func universe(_ node: Node, path: String) -> UniverseConfig {
        var config = UniverseConfig()
        guard let fields = reader.fields(node, path: path, allowed: ["file", "aliases"]) else { return config }
        config.file = fields.read("file", default: config.file) { reader.string($0, path: $1) }
        if let aliases = fields["aliases"], let items = reader.list(aliases, path: fields.path("aliases")) {
            config.aliases = items.compactMap { alias($0.node, path: $0.path) }
        }
        return config
    }

    func alias(_ node: Node, path: String) -> AliasRule? {
        guard let fields = reader.fields(node, path: path, allowed: ["ip", "category", "keywords"]) else { return nil }
        let ip = fields.require("ip").flatMap { reader.string($0, path: fields.path("ip")) }
        let category = fields.require("category").flatMap { reader.choice($0, path: fields.path("category"), IPCategory.self) }
        var keywords: [String]?
        if let node = fields.require("keywords", hint: "list the words that name this IP in token names and symbols"),
           let items = reader.list(node, path: fields.path("keywords")) {
            keywords = items.compactMap { reader.string($0.node, path: $0.path) }
            if keywords?.isEmpty == true {
                reader.report(at: node, path: fields.path("keywords"), value: nil, "needs at least one keyword")
            }
        }
        guard let ip, let category, let keywords else { return nil }
        return AliasRule(ip: ip, category: category, keywords: keywords)
    }

    // MARK: Feeds

    static let commonFeedKeys = ["name", "kind", "url", "enabled", "interval", "timeout", "connectTimeout", "rateLimit",
                                 "retries", "maxResponseBytes", "headers"]

    static func optionKeys(_ kind: FeedKind) -> [String] {
        switch kind {
        case .evmLogs: ["chain", "factories", "tokens", "startBlock", "confirmations", "maxBlockRange"]
        case .dexMarket: ["format", "network", "batchSize"]
        case .ipRegistry: ["chain", "contracts", "startBlock", "confirmations", "maxBlockRange", "events"]
        case .xSearch, .farcaster: ["query", "maxResults"]
        case .reddit: ["limit"]
        case .rss, .telegram: []
        }
    }

    /// The poll interval a feed gets when the file gives none.
    static func defaultInterval(_ kind: FeedKind) -> RadarDuration {
        switch kind {
        case .evmLogs, .ipRegistry: .seconds(15)
        case .dexMarket: .minutes(1)
        case .rss, .xSearch, .reddit, .telegram, .farcaster: .minutes(5)
        }
    }

    func feeds(_ node: Node, path: String) -> [FeedConfig]? {
        guard let items = reader.list(node, path: path) else { return nil }
        var feeds: [FeedConfig] = []
        var names: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            // Names are compared as written, so a duplicate is reported even when the other entry has errors.
            if case .mapping(let mapping) = item.node, let nameNode = mapping["name"], case .scalar(let scalar) = nameNode {
                if let first = names[scalar.string] {
                    reader.report(at: nameNode, path: "\(item.path).name", value: scalar.string,
                                  "duplicate feed name (also feeds[\(first)])", hint: "feed names key checkpoints, so each must be unique")
                    continue
                }
                names[scalar.string] = index
            }
            if let feed = feed(item.node, path: item.path) { feeds.append(feed) }
        }
        return feeds
    }

    func feed(_ node: Node, path: String) -> FeedConfig? {
        // The kind decides which keys are allowed, so it is read before the others.
        var kind: FeedKind?
        if case .mapping(let mapping) = node, let kindNode = mapping["kind"], !ConfigReader.isNull(kindNode) {
            kind = reader.choice(kindNode, path: "\(path).kind", FeedKind.self)
        }
        let optionKeys = kind.map(Self.optionKeys) ?? FeedKind.allCases.flatMap(Self.optionKeys)
        var seen = Set<String>()
        let allowed = (Self.commonFeedKeys + optionKeys).filter { seen.insert($0).inserted }
        guard let fields = reader.fields(node, path: path, allowed: allowed) else { return nil }
        if fields["kind"] == nil {
            reader.report(at: node, path: fields.path("kind"), value: nil, "missing required key 'kind'",
                          hint: "one of \(FeedKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let name = fields.require("name").flatMap { feedName($0, path: fields.path("name")) }
        let enabled = fields.read("enabled", default: true) { reader.bool($0, path: $1) }
        let url = fields.require("url").flatMap { self.url($0, path: fields.path("url"), required: enabled) }
        let interval = fields.read("interval", default: kind.map(Self.defaultInterval) ?? .minutes(1)) {
            reader.duration($0, path: $1, minimum: .seconds(1))
        }
        let timeout = fields.read("timeout", default: RadarDuration.seconds(30)) { reader.duration($0, path: $1, minimum: .seconds(1)) }
        let connectTimeout = fields.read("connectTimeout", default: RadarDuration.seconds(10)) {
            reader.duration($0, path: $1, minimum: .seconds(1))
        }
        let rateLimit: RateLimit? = fields["rateLimit"].flatMap { rate($0, path: fields.path("rateLimit")) }
        let retries = fields.read("retries", default: 3) { reader.int($0, path: $1, range: 0...20) }
        let maxBytes = fields.read("maxResponseBytes", default: 32 << 20) { reader.int($0, path: $1, range: 1024...(1 << 30)) }
        let headers = fields["headers"].map { self.headers($0, path: fields.path("headers"), required: enabled) } ?? []
        guard let kind, let options = options(kind, fields) else { return nil }
        guard let name, let url else { return nil }
        return FeedConfig(name: name, kind: kind, url: url, enabled: enabled, interval: interval, timeout: timeout,
                          connectTimeout: connectTimeout, rateLimit: rateLimit, retries: retries, maxResponseBytes: maxBytes,
                          headers: headers, options: options)
    }

    func feedName(_ node: Node, path: String) -> String? {
        guard let name = reader.string(node, path: path) else { return nil }
        let allowed = name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_") }
        guard allowed, name.first?.isLetter == true else {
            reader.report(at: node, path: path, value: name, "feed names are lowercase letters, digits, - and _, starting with a letter")
            return nil
        }
        return name
    }

    func url(_ node: Node, path: String, required: Bool) -> SecretString? {
        guard let url = reader.secret(node, path: path, required: required) else { return nil }
        // A value still holding an unresolved reference (in a disabled entry) is checked once it is set.
        let unresolved = url.references.contains { reader.environment[$0] == nil }
        let text = unresolved ? nil : url.resolved
        if let text, !["http://", "https://", "file://"].contains(where: { text.lowercased().hasPrefix($0) }) {
            // Show the template: the resolved text may hold a secret.
            reader.report(at: node, path: path, value: url.template, "a URL must start with http://, https:// or file://")
            return nil
        }
        return url
    }

    func rate(_ node: Node, path: String) -> RateLimit? {
        guard let text = reader.scalarText(node, path: path, expected: "a rate such as 5/s") else { return nil }
        do {
            return try RateLimit(parsing: text, field: path)
        } catch {
            reader.report(at: node, path: path, value: text, error.reason)
            return nil
        }
    }

    func headers(_ node: Node, path: String, required: Bool) -> [Header] {
        guard let entries = reader.entries(node, path: path) else { return [] }
        return entries.compactMap { entry in
            let validName = !entry.key.isEmpty && entry.key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
            guard validName else {
                reader.report(at: entry.keyNode, path: entry.path, value: entry.key, "not a valid HTTP header name")
                return nil
            }
            return reader.secret(entry.value, path: entry.path, required: required).map { Header(name: entry.key, value: $0) }
        }
    }

    func options(_ kind: FeedKind, _ fields: Fields) -> FeedOptions? {
        switch kind {
        case .evmLogs:
            var options = EVMLogsOptions()
            options.chain = fields.read("chain", default: 1) { reader.int($0, path: $1, range: 1...Int(Int32.max)) }.asChain
            if let node = fields["factories"], let items = reader.list(node, path: fields.path("factories")) {
                options.factories = items.compactMap { factory($0.node, path: $0.path) }
            }
            options.tokens = addresses(fields, "tokens")
            options.startBlock = Int64(fields.read("startBlock", default: 0) { reader.int($0, path: $1, range: 0...Int.max) })
            options.confirmations = fields.read("confirmations", default: 12) { reader.int($0, path: $1, range: 0...1000) }
            options.maxBlockRange = fields.read("maxBlockRange", default: 2000) { reader.int($0, path: $1, range: 1...1_000_000) }
            if options.factories.isEmpty && options.tokens.isEmpty && fields["factories"] == nil && fields["tokens"] == nil {
                reader.report(.warning, at: fields.node, path: fields.path, value: nil,
                              "an evm-logs feed with no factories and no tokens reads nothing",
                              hint: "add factories (pools put tokens on the radar) or tokens")
            }
            return .evmLogs(options)
        case .dexMarket:
            var options = DexMarketOptions()
            options.format = fields.read("format", default: .dexscreener) { reader.choice($0, path: $1, DexMarketOptions.Format.self) }
            options.network = fields.read("network", default: options.network) { reader.string($0, path: $1) }
            options.batchSize = fields.read("batchSize", default: 30) { reader.int($0, path: $1, range: 1...30) }
            return .dexMarket(options)
        case .ipRegistry:
            var options = IPRegistryOptions()
            options.chain = fields.read("chain", default: 1) { reader.int($0, path: $1, range: 1...Int(Int32.max)) }.asChain
            options.contracts = addresses(fields, "contracts")
            options.startBlock = Int64(fields.read("startBlock", default: 0) { reader.int($0, path: $1, range: 0...Int.max) })
            options.confirmations = fields.read("confirmations", default: 12) { reader.int($0, path: $1, range: 0...1000) }
            options.maxBlockRange = fields.read("maxBlockRange", default: 2000) { reader.int($0, path: $1, range: 1...1_000_000) }
            if let node = fields.require("events", hint: "declare each registry event by its Solidity signature"),
               let items = reader.list(node, path: fields.path("events")) {
                options.events = items.compactMap { ipEvent($0.node, path: $0.path) }
            }
            return .ipRegistry(options)
        case .xSearch, .farcaster:
            let query = fields.require("query").flatMap { reader.string($0, path: fields.path("query")) }
            let maxResults = fields.read("maxResults", default: 100) { reader.int($0, path: $1, range: 10...100) }
            guard let query else { return nil }
            let options = SearchOptions(query: query, maxResults: maxResults)
            return kind == .xSearch ? .xSearch(options) : .farcaster(options)
        case .reddit:
            return .reddit(ListingOptions(limit: fields.read("limit", default: 100) { reader.int($0, path: $1, range: 1...100) }))
        case .rss:
            return .rss
        case .telegram:
            return .telegram
        }
    }

    func addresses(_ fields: Fields, _ key: String) -> [EVMAddress] {
        guard let node = fields[key], let items = reader.list(node, path: fields.path(key)) else { return [] }
        return items.compactMap { reader.address($0.node, path: $0.path) }
    }

    func factory(_ node: Node, path: String) -> FactoryConfig? {
        // A bare address is a Uniswap V2 factory; a mapping names its protocol.
        if case .scalar = node {
            return reader.address(node, path: path).map { FactoryConfig(address: $0, protocolKind: .uniswapV2) }
        }
        guard let fields = reader.fields(node, path: path, allowed: ["address", "protocol"]) else { return nil }
        let address = fields.require("address").flatMap { reader.address($0, path: fields.path("address")) }
        let kind = fields.read("protocol", default: PoolProtocol.uniswapV2) { reader.choice($0, path: $1, PoolProtocol.self) }
        return address.map { FactoryConfig(address: $0, protocolKind: kind) }
    }

    static let ipEventRoles = ["ipId", "token", "tokenChain", "amount", "counterparty"]

    func ipEvent(_ node: Node, path: String) -> IPEventSpec? {
        guard let fields = reader.fields(node, path: path, allowed: ["kind", "signature", "fields"]) else { return nil }
        let kind = fields.require("kind").flatMap { reader.choice($0, path: fields.path("kind"), IPEventKind.self) }
        let signatureNode = fields.require("signature", hint: "e.g. IPRegistered(address ipId, uint256 chainId, address tokenContract)")
        let signature = signatureNode.flatMap { reader.string($0, path: fields.path("signature")) }
        var parameters: [String]?
        if let signature, let signatureNode {
            parameters = Self.parameterNames(signature)
            if parameters == nil {
                reader.report(at: signatureNode, path: fields.path("signature"), value: signature,
                              "not a Solidity event signature", hint: "write Name(type name, ...), e.g. RoyaltyPaid(address receiverIpId, uint256 amount)")
            }
        }
        var roles: [String: String] = [:]
        if let node = fields.require("fields", hint: "map at least ipId to the parameter that holds the IP's id"),
           let entries = reader.entries(node, path: fields.path("fields")) {
            for entry in entries {
                guard Self.ipEventRoles.contains(entry.key) else {
                    reader.report(at: entry.keyNode, path: entry.path, value: nil, "unknown role '\(entry.key)'",
                                  hint: ConfigReader.suggestion(for: entry.key, among: Self.ipEventRoles))
                    continue
                }
                guard let parameter = reader.string(entry.value, path: entry.path) else { continue }
                if let parameters, !parameters.contains(parameter) {
                    reader.report(at: entry.value, path: entry.path, value: parameter, "the signature has no parameter of this name",
                                  hint: "parameters: \(parameters.joined(separator: ", "))")
                    continue
                }
                roles[entry.key] = parameter
            }
            if roles["ipId"] == nil {
                reader.report(at: node, path: fields.path("fields"), value: nil, "missing role 'ipId'",
                              hint: "name the parameter that holds the IP's id")
            }
        }
        guard let kind, let signature, parameters != nil, roles["ipId"] != nil else { return nil }
        return IPEventSpec(kind: kind, signature: signature, fields: roles)
    }

    /// The parameter names of `Name(type name, type indexed name, ...)`, or nil when it is not one.
    static func parameterNames(_ signature: String) -> [String]? {
        guard let open = signature.firstIndex(of: "("), signature.hasSuffix(")") else { return nil }
        let name = signature[..<open]
        guard let first = name.first, first.isLetter || first == "_",
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else { return nil }
        let body = signature[signature.index(after: open)..<signature.index(before: signature.endIndex)]
        if body.trimmingCharacters(in: .whitespaces).isEmpty { return [] }
        var names: [String] = []
        for parameter in body.split(separator: ",") {
            let words = parameter.split(separator: " ").filter { $0 != "indexed" }
            guard words.count == 2 else { return nil }
            names.append(String(words[1]))
        }
        return names
    }

    // MARK: Scoring, notifier, server

    func scoring(_ node: Node, path: String) -> ScoringConfig {
        var config = ScoringConfig()
        guard let fields = reader.fields(node, path: path, allowed: ["horizon", "executionLag", "labelQuantile", "benchmark",
                                                                     "deadTokenReturn", "models", "blend", "modelDir", "schedule"]) else {
            return config
        }
        config.horizon = fields.read("horizon", default: config.horizon) { wholeHours($0, path: $1, minimum: 1) }
        config.executionLag = fields.read("executionLag", default: config.executionLag) { wholeHours($0, path: $1, minimum: 0) }
        config.labelQuantile = fields.read("labelQuantile", default: config.labelQuantile) { reader.double($0, path: $1, range: 0.01...0.5) }
        config.benchmark = fields.read("benchmark", default: config.benchmark) { reader.choice($0, path: $1, ScoringConfig.Benchmark.self) }
        config.deadTokenReturn = fields.read("deadTokenReturn", default: config.deadTokenReturn) { reader.double($0, path: $1, range: -1...0) }
        config.modelDir = fields.read("modelDir", default: config.modelDir) { reader.string($0, path: $1) }
        config.schedule = fields.read("schedule", default: config.schedule) { reader.duration($0, path: $1, minimum: .minutes(1)) }
        if let node = fields["models"], let items = reader.list(node, path: fields.path("models")) {
            let models = items.compactMap { reader.choice($0.node, path: $0.path, ScoringConfig.ModelKind.self) }
            if models.isEmpty {
                reader.report(at: node, path: fields.path("models"), value: nil, "needs at least one model", hint: "gbdt, logistic")
            } else {
                config.models = models
                config.blend = config.blend.filter { models.contains($0.key) }
            }
        }
        if let node = fields["blend"], let entries = reader.entries(node, path: fields.path("blend")) {
            var blend: [ScoringConfig.ModelKind: Double] = [:]
            for entry in entries {
                guard let model = ScoringConfig.ModelKind(rawValue: entry.key) else {
                    reader.report(at: entry.keyNode, path: entry.path, value: entry.key, "not a model kind",
                                  hint: ConfigReader.suggestion(for: entry.key, among: ScoringConfig.ModelKind.allCases.map(\.rawValue)))
                    continue
                }
                guard config.models.contains(model) else {
                    reader.report(at: entry.keyNode, path: entry.path, value: entry.key, "blends a model that scoring.models does not train",
                                  hint: "add it to scoring.models or remove it here")
                    continue
                }
                if let weight = reader.double(entry.value, path: entry.path, range: 0...1000) { blend[model] = weight }
            }
            if !blend.isEmpty && blend.values.reduce(0, +) <= 0 {
                reader.report(at: node, path: fields.path("blend"), value: nil, "blend weights add up to 0", hint: "give at least one model a positive weight")
            }
            config.blend = blend
        }
        return config
    }

    func wholeHours(_ node: Node, path: String, minimum: Int64) -> RadarDuration? {
        guard let value = reader.duration(node, path: path) else { return nil }
        guard value.seconds % 3600 == 0, value.seconds / 3600 >= minimum else {
            reader.report(at: node, path: path, value: value.description,
                          minimum > 0 ? "must be a positive whole number of hours (scores use hourly bars)"
                                      : "must be a whole number of hours (scores use hourly bars)")
            return nil
        }
        return value
    }

    func notifier(_ node: Node, path: String) -> NotifierConfig {
        var config = NotifierConfig()
        guard let fields = reader.fields(node, path: path, allowed: ["topK", "minAlphaScore", "channels"]) else { return config }
        config.topK = fields.read("topK", default: config.topK) { reader.int($0, path: $1, range: 1...500) }
        config.minAlphaScore = fields.read("minAlphaScore", default: config.minAlphaScore) { reader.double($0, path: $1, range: 0...100) }
        if let node = fields["channels"], let items = reader.list(node, path: fields.path("channels")) {
            var names = Set<String>()
            for item in items {
                guard let channel = channel(item.node, path: item.path) else { continue }
                guard names.insert(channel.name).inserted else {
                    reader.report(at: item.node, path: "\(item.path).name", value: channel.name, "duplicate channel name")
                    continue
                }
                config.channels.append(channel)
            }
        }
        return config
    }

    func channel(_ node: Node, path: String) -> ChannelConfig? {
        guard let fields = reader.fields(node, path: path, allowed: ["name", "kind", "enabled", "url", "chatId", "headers",
                                                                     "rateLimit", "retries"]) else { return nil }
        let name = fields.require("name").flatMap { feedName($0, path: fields.path("name")) }
        let kind = fields.require("kind").flatMap { reader.choice($0, path: fields.path("kind"), ChannelConfig.Kind.self) }
        let enabled = fields.read("enabled", default: true) { reader.bool($0, path: $1) }
        let url = fields.require("url", hint: "e.g. url: ${SLACK_WEBHOOK_URL}").flatMap { self.url($0, path: fields.path("url"), required: enabled) }
        let chatID = fields["chatId"].flatMap { reader.secret($0, path: fields.path("chatId"), required: enabled) }
        if kind == .telegram && fields["chatId"] == nil {
            reader.report(at: node, path: fields.path("chatId"), value: nil, "a telegram channel needs chatId", hint: "chatId: ${TELEGRAM_CHAT_ID}")
        }
        let headers = fields["headers"].map { self.headers($0, path: fields.path("headers"), required: enabled) } ?? []
        let rateLimit = fields["rateLimit"].flatMap { rate($0, path: fields.path("rateLimit")) }
        let retries = fields.read("retries", default: 5) { reader.int($0, path: $1, range: 0...20) }
        guard let name, let kind, let url else { return nil }
        return ChannelConfig(name: name, kind: kind, enabled: enabled, url: url, chatID: chatID, headers: headers,
                             rateLimit: rateLimit, retries: retries)
    }

    func features(_ node: Node, path: String) -> FeaturesConfig {
        var config = FeaturesConfig()
        guard let fields = reader.fields(node, path: path, allowed: ["set", "quoteTokens", "whaleShare"]) else { return config }
        config.set = fields.read("set", default: config.set) { node, path -> String? in
            guard let id = reader.string(node, path: path) else { return nil }
            let parts = id.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                reader.report(at: node, path: path, value: id, "not a feature set id", hint: "write name@version, e.g. radar@2")
                return nil
            }
            return id
        }
        config.whaleShare = fields.read("whaleShare", default: config.whaleShare) { reader.double($0, path: $1, range: 0.0001...1) }
        if let node = fields["quoteTokens"], let entries = reader.entries(node, path: fields.path("quoteTokens")) {
            for entry in entries {
                guard let chain = ChainID(entry.key), chain > 0 else {
                    reader.report(at: entry.keyNode, path: entry.path, value: entry.key, "not a chain id",
                                  hint: "key each quote token by its chain's positive EIP-155 id, e.g. 8453: \"0x4200...0006\"")
                    continue
                }
                if let address = reader.address(entry.value, path: entry.path) { config.quoteTokens[chain] = address }
            }
        }
        return config
    }

    func server(_ node: Node, path: String) -> ServerConfig {
        var config = ServerConfig()
        guard let fields = reader.fields(node, path: path, allowed: ["host", "port", "metrics"]) else { return config }
        config.host = fields.read("host", default: config.host) { reader.string($0, path: $1) }
        config.port = fields.read("port", default: config.port) { node, path -> Int? in reader.int(node, path: path, range: 1...65535) }
        config.metrics = fields.read("metrics", default: config.metrics) { reader.bool($0, path: $1) }
        return config
    }
}

private extension Int {
    var asChain: ChainID { ChainID(self) }
}
