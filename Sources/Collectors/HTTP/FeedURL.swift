import Foundation
import RadarCore

/// Builds request URLs from a feed's configured `url`, keeping secrets in their place: every edit is
/// made to the template and to the resolved text alike, so errors and logs still show `${NAME}`.
enum FeedURL {
    /// RFC 3986 unreserved characters: everything else in a query value is percent-encoded (a search
    /// such as `$APE OR "pudgy penguins"` must survive as one value).
    private static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    /// Whether `url` is a recorded response (`file://`), which is read as it is: no path or query added.
    static func isReplay(_ url: SecretString) -> Bool { url.resolved.lowercased().hasPrefix("file:") }

    /// `items` as a query string, names and values percent-encoded.
    static func query(_ items: [URLQueryItem]) -> String {
        items.map { item in
            let name = item.name.addingPercentEncoding(withAllowedCharacters: unreserved) ?? item.name
            guard let value = item.value else { return name }
            return name + "=" + (value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value)
        }.joined(separator: "&")
    }

    /// `url` with `items` added to its query (after any query it already has, before any fragment).
    static func appendingQuery(_ items: [URLQueryItem], to url: SecretString) -> SecretString {
        guard !items.isEmpty else { return url }
        let query = query(items)
        return map(url) { text in
            var base = text
            var fragment = ""
            if let hash = base.firstIndex(of: "#") {
                fragment = String(base[hash...])
                base = String(base[..<hash])
            }
            let separator = base.contains("?") ? (base.hasSuffix("?") || base.hasSuffix("&") ? "" : "&") : "?"
            return base + separator + query + fragment
        }
    }

    /// `url` with its path replaced by `transform(path)`; the query (which may hold a key) stays after it.
    static func replacingPath(of url: SecretString, _ transform: @escaping (String) -> String) -> SecretString {
        map(url) { text in
            guard let mark = text.firstIndex(where: { $0 == "?" || $0 == "#" }) else { return transform(text) }
            return transform(String(text[..<mark])) + text[mark...]
        }
    }

    private static func map(_ url: SecretString, _ edit: (String) -> String) -> SecretString {
        SecretString(template: edit(url.template), resolved: edit(url.resolved), references: url.references)
    }
}
