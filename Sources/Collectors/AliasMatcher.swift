import Foundation
import RadarCore

/// Infers IP links from the config's alias rules (`universe.aliases`): a token whose name or symbol
/// contains the rule's IP name or one of its keywords (case-insensitive) is linked to that IP, in
/// registry `alias`, marked `inferred` so that features and reports can tell a guess from a declaration.
public struct AliasMatcher: Sendable {
    /// The registry inferred links are filed under.
    public static let registry = "alias"

    public let rules: [AliasRule]
    private let needles: [[String]]

    public init(rules: [AliasRule]) {
        self.rules = rules
        needles = rules.map { rule in
            ([rule.ip] + rule.keywords).map { $0.lowercased().trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }

    /// The inferred links of `token` (none when it has neither name nor symbol).
    public func links(for token: Token, observedAt: Timestamp) -> [IPLink] {
        let texts = [token.name, token.symbol].compactMap { $0?.lowercased() }
        guard !texts.isEmpty else { return [] }
        var links: [IPLink] = []
        for (rule, words) in zip(rules, needles) where words.contains(where: { word in texts.contains { $0.contains(word) } }) {
            links.append(IPLink(token: token.id, registry: Self.registry, registryID: Self.slug(rule.ip), category: rule.category,
                                ipName: rule.ip, source: .inferred, observedAt: observedAt))
        }
        return links
    }

    /// `Pudgy Penguins` → `pudgy-penguins`: the IP's id in the alias registry.
    static func slug(_ name: String) -> String {
        name.lowercased().split { !$0.isLetter && !$0.isNumber }.joined(separator: "-")
    }
}
