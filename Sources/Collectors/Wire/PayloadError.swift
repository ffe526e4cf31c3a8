/// A feed response the radar cannot read: which feed, where in the payload, the value found there and
/// why it was refused, so an operator can hold it against the API's documentation or a recorded body.
///
/// Every wire-format adapter throws this one type, whatever the format, so collectors log and count
/// payload failures the same way for every feed.
public struct PayloadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The feed's configured name (or the format's name when no feed is configured).
    public var feed: String
    /// Where in the payload: a JSON path such as `pairs[2].priceUsd`, an XML path such as
    /// `rss/channel/item[3]/pubDate`, or `(document)` when the body as a whole is unreadable.
    public var field: String
    /// The refused value as received (shortened when long); nil when the field is missing.
    public var value: String?
    /// What was wrong and what was expected instead.
    public var reason: String
    /// 1-based line and column in the body, where the parser knows them (XML, some JSON syntax errors).
    public var line: Int?
    public var column: Int?

    /// The path used when the body as a whole cannot be read.
    public static let document = "(document)"

    public init(feed: String, field: String, value: String?, reason: String, line: Int? = nil, column: Int? = nil) {
        self.feed = feed
        self.field = field
        self.value = value.map { $0.count > 120 ? String($0.prefix(117)) + "..." : $0 }
        self.reason = reason
        self.line = line
        self.column = column
    }

    public var description: String {
        var text = "feed '\(feed)': \(field): "
        if let value { text += "invalid value '\(value)': " }
        text += reason
        if let line { text += " (line \(line)" + (column.map { ", column \($0)" } ?? "") + ")" }
        return text
    }
}
