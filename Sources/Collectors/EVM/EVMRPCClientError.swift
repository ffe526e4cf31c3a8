/// Why a JSON-RPC call failed: for which feed, at which (redacted) URL, in which method, and what was
/// wrong — the transport, the node's own error (code and message), or an answer that is not the
/// expected shape (the field and the offending value).
public struct EVMRPCClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// The request did not get a 2xx answer (network, timeout, status, body size; see `HTTPClientError`).
        case transport(HTTPClientError.Kind)
        /// The node answered with a JSON-RPC error object.
        case remote(code: Int64, message: String)
        /// The answer is not what the method returns: `field` and `value` say where and what.
        case malformed(field: String, value: String, reason: String)
        /// A `file://` replay has no recorded answer for this call (the file it looked for is named).
        case notRecorded(file: String)
    }

    public var feed: String
    /// The URL with secrets redacted.
    public var url: String
    /// The JSON-RPC method (`batch of N eth_call` for batches).
    public var method: String
    public var kind: Kind

    public init(feed: String, url: String, method: String, kind: Kind) {
        self.feed = feed
        self.url = url
        self.method = method
        self.kind = kind
    }

    /// The JSON-RPC error code, when the node answered with one.
    public var code: Int64? {
        if case .remote(let code, _) = kind { return code }
        return nil
    }

    /// Whether asking for a smaller block range may succeed: the node refused the range's size
    /// (-32005, -32602, "query returned more than", "block range", "range too large", "too many"),
    /// timed out, or sent more than `maxResponseBytes`.
    public var suggestsSmallerRange: Bool {
        switch kind {
        case .remote(let code, let message):
            if code == -32005 || code == -32602 { return true }
            let text = message.lowercased()
            return ["query returned more than", "range too large", "block range", "too many", "range is too", "limit exceeded",
                    "exceed maximum", "response size", "query timeout"].contains { text.contains($0) }
        case .transport(let kind):
            return Self.isTooMuch(kind)
        case .malformed, .notRecorded:
            return false
        }
    }

    private static func isTooMuch(_ kind: HTTPClientError.Kind) -> Bool {
        switch kind {
        case .timedOut(connect: false, _), .bodyTooLarge: true
        case .retriesExhausted(_, let last), .retryBudgetSpent(_, _, _, let last): isTooMuch(last)
        default: false
        }
    }

    public var description: String {
        "feed '\(feed)': \(method) at \(url): \(kind)"
    }
}

extension EVMRPCClientError.Kind: CustomStringConvertible {
    public var description: String {
        switch self {
        case .transport(let kind): "\(kind)"
        case .remote(let code, let message): "the node answered JSON-RPC error \(code): \(message)"
        case .malformed(let field, let value, let reason): "malformed answer: \(field) = \(value): \(reason)"
        case .notRecorded(let file):
            "the replay has no recorded answer for this call (looked for \(file)); record it with the same config (see RPCReplay)"
        }
    }
}
