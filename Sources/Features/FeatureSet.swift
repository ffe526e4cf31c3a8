import RadarCore

/// The families features are grouped in; each family is computed by one file of this module.
public enum FeatureFamily: String, CaseIterable, Sendable, Codable {
    case market, holders, social, ip, risk
}

/// One named feature: a stable column name, its family, the window it looks back over (nil for a
/// level or an all-history count) and what it means.
public struct FeatureDefinition: Hashable, Sendable, Codable {
    /// The column name, stable across releases of a feature-set version (`ret_24h`, `holder_count`).
    public var name: String
    public var family: FeatureFamily
    /// How far back the feature looks from its timestamp; nil for levels and all-history totals.
    public var window: RadarDuration?
    /// One line on the definition, printed by `radar features list` and in exports' documentation.
    public var summary: String

    public init(_ name: String, _ family: FeatureFamily, window: RadarDuration? = nil, _ summary: String) {
        self.name = name
        self.family = family
        self.window = window
        self.summary = summary
    }
}

/// An ordered, versioned list of feature definitions: the columns of every feature row built with it.
///
/// Stored rows carry `id` (`name@version`), so a changed definition is a new version and never mixes
/// with rows of the old one.
public struct FeatureSet: Hashable, Sendable, Codable {
    public var name: String
    public var version: String
    public var definitions: [FeatureDefinition]

    public init(name: String, version: String, definitions: [FeatureDefinition]) {
        self.name = name
        self.version = version
        self.definitions = definitions
    }

    /// `name@version`, the key stored rows and model files refer to.
    public var id: String { "\(name)@\(version)" }

    /// Column names in order.
    public var names: [String] { definitions.map(\.name) }

    /// The column of `name`, if the set has it.
    public func index(of name: String) -> Int? { definitions.firstIndex { $0.name == name } }

    /// The definitions of one family, in column order.
    public func family(_ family: FeatureFamily) -> [FeatureDefinition] { definitions.filter { $0.family == family } }
}
