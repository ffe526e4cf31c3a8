import Foundation
import RadarCore

/// The methods feeds need: reads and JSON-RPC / search posts.
public enum HTTPMethod: String, Sendable, Equatable {
    case get = "GET"
    case post = "POST"
}

/// One request as a value: what to fetch, for which feed, with which headers and body.
///
/// The URL and header values are `SecretString`s so API keys embedded as `${NAME}` reach libcurl
/// resolved but appear in errors and logs only as their template.
public struct HTTPRequest: Sendable, Equatable {
    public var method: HTTPMethod
    /// `http(s)://` or `file://` (a recorded response, replayed through libcurl).
    public var url: SecretString
    public var headers: [HTTPHeader]
    public var body: [UInt8]?
    public var feed: HTTPFeed

    public init(method: HTTPMethod = .get, url: SecretString, headers: [HTTPHeader] = [], body: [UInt8]? = nil,
                feed: HTTPFeed) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.feed = feed
    }

    /// A GET of a literal URL (nothing secret in it).
    public static func get(_ url: String, headers: [HTTPHeader] = [], feed: HTTPFeed) -> HTTPRequest {
        HTTPRequest(method: .get, url: SecretString(literal: url), headers: headers, feed: feed)
    }

    /// A GET of a URL that may embed secrets.
    public static func get(_ url: SecretString, headers: [HTTPHeader] = [], feed: HTTPFeed) -> HTTPRequest {
        HTTPRequest(method: .get, url: url, headers: headers, feed: feed)
    }

    /// A POST of `value` encoded as JSON, with `Content-Type: application/json`.
    public static func post(_ url: SecretString, json value: some Encodable, headers: [HTTPHeader] = [], feed: HTTPFeed,
                            encoder: JSONEncoder = JSONEncoder()) throws(HTTPClientError) -> HTTPRequest {
        let body: Data
        do {
            body = try encoder.encode(value)
        } catch {
            throw HTTPClientError(feed: feed.name, url: Redactor(url: url, headers: headers).url, method: .post,
                                  kind: .invalidRequest(reason: "the JSON body could not be encoded: \(error)"))
        }
        return post(url, jsonBody: [UInt8](body), headers: headers, feed: feed)
    }

    /// A POST of bytes that already are JSON, with `Content-Type: application/json`.
    public static func post(_ url: SecretString, jsonBody: [UInt8], headers: [HTTPHeader] = [], feed: HTTPFeed) -> HTTPRequest {
        var all = headers
        if !all.contains(where: { $0.name.lowercased() == "content-type" }) {
            all.append(HTTPHeader("Content-Type", "application/json"))
        }
        return HTTPRequest(method: .post, url: url, headers: all, body: jsonBody, feed: feed)
    }

    /// Whether the URL is a local recorded response rather than a network endpoint.
    public var isFile: Bool { url.resolved.lowercased().hasPrefix("file:") }
}
