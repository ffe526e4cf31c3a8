import RadarCore

/// A configured feed the collectors cannot run as written: which feed and what to change.
public struct CollectorSetupError: Error, Sendable, Equatable, CustomStringConvertible {
    public var feed: String
    public var reason: String

    public init(feed: String, reason: String) {
        self.feed = feed
        self.reason = reason
    }

    public var description: String { "feed '\(feed)': \(reason)" }
}
