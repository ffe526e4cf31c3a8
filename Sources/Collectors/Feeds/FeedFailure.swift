import FeatureStore
import RadarCore

/// The lines a collector puts in `FeedReport.errors`: each names the feed, the method and the
/// redacted URL, the status when there was a response, and what was wrong. Every line passes
/// through the request's `Redactor`, so no secret the request carried can reach a report.
struct FeedFailure {
    let feed: String
    let request: HTTPRequest
    let redactor: Redactor

    init(feed: String, request: HTTPRequest) {
        self.feed = feed
        self.request = request
        redactor = Redactor(url: request.url, headers: request.headers)
    }

    private var prefix: String { "feed '\(feed)': \(request.method.rawValue) \(redactor.url)" }

    /// The request failed (after the client's retries): its own message already names the status.
    func http(_ error: HTTPClientError) -> String {
        redactor.scrub(error.description)
    }

    /// A 2xx response whose body the adapter refused.
    func payload(_ error: PayloadError, status: Int, bytes: Int) -> String {
        var what = "\(error.field): "
        if let value = error.value { what += "invalid value '\(value)': " }
        what += error.reason
        if let line = error.line { what += " (line \(line)" + (error.column.map { ", column \($0)" } ?? "") + ")" }
        return redactor.scrub("\(prefix): HTTP \(status), unreadable body (\(bytes) bytes): \(what); the checkpoint was not moved")
    }

    /// The page was read but the store refused it; nothing of it landed.
    func store(_ error: StoreError) -> String {
        redactor.scrub("\(prefix): the page could not be stored, nothing of it landed: \(error)")
    }

    /// The feed kept answering with the cursor it was asked with.
    func noProgress(cursor: String) -> String {
        redactor.scrub("\(prefix): the feed answered with the page cursor it was asked for (\(cursor)); paging stopped to avoid a loop")
    }
}
