import Foundation
import RadarCore

/// Makes text about a request safe to print: the URL with credentials masked, and any other text
/// (libcurl messages, body excerpts that echo the request) scrubbed of every secret value it carries.
///
/// Built once per request from its URL and headers. Values that came from a `SecretString` reference
/// are replaced by `${NAME}`; credential query parameters, URL user info and credential headers by `***`.
public struct Redactor: Sendable {
    /// The request's URL as it may be printed.
    public let url: String
    /// Secret values and what replaces them, longest first so overlapping values are replaced whole.
    private let replacements: [(value: String, replacement: String)]

    /// Values shorter than this are not scrubbed from free text: replacing every `a` would mangle the
    /// message while hiding nothing an attacker could not guess.
    static let minimumScrubbedLength = 4

    public init(url: SecretString, headers: [HTTPHeader] = []) {
        self.url = Self.redactURL(url.template)
        var pairs: [(String, String)] = []
        pairs += Self.secretValues(of: url)
        for (_, value) in Self.credentialQueryValues(in: url.resolved) where !value.isEmpty {
            pairs.append((value, "***"))
        }
        if let userInfo = Self.userInfo(in: url.resolved) { pairs.append((userInfo, "***")) }
        for header in headers {
            pairs += Self.secretValues(of: header.value)
            if header.hasCredentialName {
                let value = header.value.resolved
                pairs.append((value, "***"))
                // `Bearer abc`: the credential alone may be echoed back without its scheme.
                if let space = value.firstIndex(of: " ") {
                    pairs.append((String(value[value.index(after: space)...]).trimmingCharacters(in: .whitespaces), "***"))
                }
            }
        }
        var seen = Set<String>()
        var expanded: [(String, String)] = []
        for (value, replacement) in pairs where value.count >= Self.minimumScrubbedLength {
            for variant in [value, value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value]
            where seen.insert(variant).inserted {
                expanded.append((variant, replacement))
            }
        }
        replacements = expanded.sorted { $0.0.count > $1.0.count }
    }

    /// `text` with every secret value of the request replaced.
    public func scrub(_ text: String) -> String {
        var result = text
        for (value, replacement) in replacements where result.contains(value) {
            result = result.replacingOccurrences(of: value, with: replacement)
        }
        return result
    }

    // MARK: URLs

    /// Query parameter names whose values are credentials (compared case-insensitively); names that
    /// contain `token`, `secret`, `password` or end in `key` count too.
    public static let credentialQueryNames: Set<String> = [
        "api_key", "apikey", "api-key", "key", "token", "access_token", "refresh_token", "id_token", "auth",
        "auth_token", "secret", "client_secret", "password", "pass", "pwd", "signature", "sig", "session", "sessionid",
    ]

    static func isCredentialQueryName(_ name: String) -> Bool {
        let lower = (name.removingPercentEncoding ?? name).lowercased()
        return credentialQueryNames.contains(lower) || lower.hasSuffix("key")
            || ["token", "secret", "password"].contains { lower.contains($0) }
    }

    /// `url` with user info and credential query values (in the query and the fragment) replaced by
    /// `***`; values that are wholly a `${NAME}` reference are kept, since they are already safe and say more.
    public static func redactURL(_ url: String) -> String {
        var text = url
        if let userInfo = userInfoRange(in: text) { text.replaceSubrange(userInfo, with: "***") }
        guard let mark = text.firstIndex(where: { $0 == "?" || $0 == "#" }) else { return text }
        var result = String(text[..<mark])
        var rest = text[mark...]
        while let separator = rest.first {
            rest = rest.dropFirst()
            let end = separator == "?" ? (rest.firstIndex(of: "#") ?? rest.endIndex) : rest.endIndex
            let part = rest[..<end]
            result.append(separator)
            result += part.split(separator: "&", omittingEmptySubsequences: false).map(redactParameter).joined(separator: "&")
            rest = rest[end...]
        }
        return result
    }

    private static func redactParameter(_ parameter: Substring) -> String {
        guard let equals = parameter.firstIndex(of: "=") else { return String(parameter) }
        let name = parameter[..<equals]
        let value = parameter[parameter.index(after: equals)...]
        guard isCredentialQueryName(String(name)), !value.isEmpty, !isWholeReference(value) else { return String(parameter) }
        return "\(name)=***"
    }

    private static func isWholeReference(_ value: Substring) -> Bool {
        value.hasPrefix("${") && value.hasSuffix("}") && value.dropFirst(2).dropLast().allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
    }

    /// The `user:password` part of `scheme://user:password@host/...`, when there is one.
    private static func userInfoRange(in url: String) -> Range<String.Index>? {
        guard let scheme = url.range(of: "://") else { return nil }
        let authorityEnd = url[scheme.upperBound...].firstIndex(where: { "/?#".contains($0) }) ?? url.endIndex
        guard let at = url[scheme.upperBound..<authorityEnd].lastIndex(of: "@") else { return nil }
        return scheme.upperBound..<at
    }

    private static func userInfo(in url: String) -> String? {
        userInfoRange(in: url).map { String(url[$0]) }
    }

    private static func credentialQueryValues(in url: String) -> [(String, String)] {
        guard let mark = url.firstIndex(where: { $0 == "?" || $0 == "#" }) else { return [] }
        let separators: Set<Character> = ["&", "#", "?"]
        var found: [(String, String)] = []
        for parameter in url[url.index(after: mark)...].split(whereSeparator: { separators.contains($0) }) {
            guard let equals = parameter.firstIndex(of: "=") else { continue }
            let name = String(parameter[..<equals])
            if isCredentialQueryName(name) { found.append((name, String(parameter[parameter.index(after: equals)...]))) }
        }
        return found
    }

    // MARK: Secret strings

    /// Each environment value in `secret`, paired with the `${NAME}` that stands for it, recovered by
    /// aligning the template's literal parts with the resolved text. The whole resolved value maps to
    /// the template as well, which covers templates whose alignment is ambiguous.
    static func secretValues(of secret: SecretString) -> [(String, String)] {
        guard secret.isSecret else { return [] }
        var pairs = [(secret.resolved, secret.template)]
        let (literals, names) = templateParts(secret.template)
        guard !names.isEmpty, secret.resolved.hasPrefix(literals[0]) else { return pairs }
        var rest = secret.resolved.dropFirst(literals[0].count)
        for (index, name) in names.enumerated() {
            let next = literals[index + 1]
            let value: Substring
            if next.isEmpty {
                guard index == names.count - 1 else { return pairs }  // two adjacent references: ambiguous
                value = rest
                rest = rest[rest.endIndex...]
            } else {
                guard let found = rest.range(of: next) else { return pairs }
                value = rest[..<found.lowerBound]
                rest = rest[found.upperBound...]
            }
            pairs.append((String(value), "${\(name)}"))
        }
        return pairs
    }

    /// `a${X}b${Y}` -> literals `[a, b, ""]`, names `[X, Y]` (always one more literal than names).
    private static func templateParts(_ template: String) -> (literals: [String], names: [String]) {
        var literals: [String] = []
        var names: [String] = []
        var current = ""
        var index = template.startIndex
        while index < template.endIndex {
            if template[index...].hasPrefix("${"), let close = template[index...].firstIndex(of: "}") {
                literals.append(current)
                current = ""
                names.append(String(template[template.index(index, offsetBy: 2)..<close]))
                index = template.index(after: close)
            } else {
                current.append(template[index])
                index = template.index(after: index)
            }
        }
        literals.append(current)
        return (literals, names)
    }
}
