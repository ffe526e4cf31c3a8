import RadarCore

/// One request header whose value may hold a secret (an API key, a bearer token).
///
/// The value is a `SecretString` so that the resolved text is only ever handed to libcurl; anything
/// printed shows `redactedValue` instead.
public struct HTTPHeader: Sendable, Equatable {
    public var name: String
    public var value: SecretString

    public init(name: String, value: SecretString) {
        self.name = name
        self.value = value
    }

    /// A header with a literal value (nothing from the environment).
    public init(_ name: String, _ value: String) {
        self.init(name: name, value: SecretString(literal: value))
    }

    /// A header from feed config (`headers:` in a feed's YAML).
    public init(_ header: Header) {
        self.init(name: header.name, value: header.value)
    }

    /// Whether the name marks a credential (Authorization, Cookie, X-Api-Key, ...), whose value is never
    /// printed even when it was written literally in the config.
    public var hasCredentialName: Bool { Self.isCredentialName(name) }

    /// Safe for logs and errors: `***` for credentials and secrets, the template otherwise.
    public var redactedValue: String {
        if hasCredentialName { return "***" }
        return value.isSecret ? value.redacted : value.resolved
    }

    /// Header names whose values are credentials, compared case-insensitively; names containing
    /// `token`, `secret`, `key`, `auth`, `password` or `signature` count too.
    public static func isCredentialName(_ name: String) -> Bool {
        let lower = name.lowercased()
        if ["cookie", "set-cookie", "proxy-authorization"].contains(lower) { return true }
        return ["auth", "token", "secret", "key", "password", "signature", "session"].contains { lower.contains($0) }
    }
}

/// Response headers as received: names keep their case, lookups ignore it.
public struct HTTPHeaders: Sendable, Equatable, Sequence {
    public private(set) var fields: [(name: String, value: String)]

    public init(_ fields: [(name: String, value: String)] = []) { self.fields = fields }

    /// The first value for `name`, compared case-insensitively.
    public subscript(name: String) -> String? {
        let lower = name.lowercased()
        return fields.first { $0.name.lowercased() == lower }?.value
    }

    /// Every value for `name`, in the order received.
    public func values(for name: String) -> [String] {
        let lower = name.lowercased()
        return fields.filter { $0.name.lowercased() == lower }.map(\.value)
    }

    mutating func append(name: String, value: String) { fields.append((name, value)) }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count && zip(lhs.fields, rhs.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}
