import Foundation

/// A complete response: status, headers, the decoded body, and how many attempts it took.
///
/// `file://` responses carry status 200 and no headers (a recorded body has neither).
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var headers: HTTPHeaders
    /// The body after gzip/deflate decoding.
    public var body: [UInt8]
    /// Attempts made, the successful one included.
    public var attempts: Int

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8], attempts: Int = 1) {
        self.status = status
        self.headers = headers
        self.body = body
        self.attempts = attempts
    }

    /// The body as `Data`, for `JSONDecoder`.
    public var data: Data { Data(body) }

    /// The body as UTF-8 text (invalid sequences replaced).
    public var text: String { String(decoding: body, as: UTF8.self) }
}
