import EVMWire
import Foundation
import RadarCore

/// An Ethereum JSON-RPC 2.0 client over the shared `HTTPClient`: the calls the EVM collectors make,
/// single or batched, with the node's errors surfaced as code and message.
///
/// `eth_getLogs` answers go through the fast `GetLogsResponse` scanner; the small answers (heads,
/// headers, `eth_call`) through `JSONDecoder`. With a `file://` URL the client replays recorded
/// answers from a directory instead of posting (see `RPCReplay`); with `recordTo` it writes every
/// answer it gets into such a directory.
public struct EVMRPCClient: Sendable {
    public let http: HTTPClient
    /// The node's URL (`http(s)://`), or a replay directory (`file://`).
    public let url: SecretString
    public let headers: [HTTPHeader]
    /// The feed's name and limits (timeouts, retries, rate limit, largest answer).
    public let feed: HTTPFeed
    /// Where answers are recorded for a later replay, if anywhere.
    public let recordDirectory: URL?
    /// Calls per batch request; larger batches are sent as several.
    public var maxBatchSize = 100

    private let redactedURL: String

    public init(http: HTTPClient, url: SecretString, headers: [HTTPHeader] = [], feed: HTTPFeed, recordTo: URL? = nil) {
        self.http = http
        self.url = url
        self.headers = headers
        self.feed = feed
        recordDirectory = recordTo
        redactedURL = Redactor(url: url, headers: headers).url
    }

    /// A client for a configured feed: its URL, headers and limits.
    public init(http: HTTPClient, config: FeedConfig, recordTo: URL? = nil) {
        self.init(http: http, url: config.url, headers: config.headers.map(HTTPHeader.init), feed: HTTPFeed(config), recordTo: recordTo)
    }

    /// Whether answers come from recorded files rather than a node.
    public var isReplay: Bool { url.resolved.lowercased().hasPrefix("file:") }

    // MARK: Methods

    /// `eth_chainId`.
    public func chainID() async throws(EVMRPCClientError) -> Int64 {
        try await quantity(.chainID)
    }

    /// `eth_blockNumber`: the node's head.
    public func blockNumber() async throws(EVMRPCClientError) -> Int64 {
        try await quantity(.blockNumber)
    }

    /// `eth_getLogs`, in chain order as the node sends them.
    public func logs(_ filter: LogFilter) async throws(EVMRPCClientError) -> [RawLog] {
        let request = JSONRPCRequest.getLogs(filter)
        let body = try await send(request)
        do {
            return try GetLogsResponse.parse(body)
        } catch {
            throw failure(request.method, Self.kind(error, body: body))
        }
    }

    /// `eth_getBlockByNumber`: the header, or nil past the head.
    public func block(_ number: Int64) async throws(EVMRPCClientError) -> BlockHeader? {
        let request = JSONRPCRequest.blockByNumber(number)
        guard let block = try await call(request, as: JSONRPCBlock.self) else { return nil }
        return try header(block, request: request, number: number)
    }

    /// Many blocks' headers in batches; heights past the head are absent from the answer.
    public func blocks(_ numbers: [Int64]) async throws(EVMRPCClientError) -> [Int64: BlockHeader] {
        let unique = Array(Set(numbers)).sorted()
        let requests = unique.map(JSONRPCRequest.blockByNumber)
        let answers = try await batch(requests, as: JSONRPCBlock.self)
        var headers: [Int64: BlockHeader] = [:]
        for (index, answer) in answers.enumerated() {
            switch answer {
            case .success(let block?): headers[unique[index]] = try header(block, request: requests[index], number: unique[index])
            case .success(nil): break
            case .failure(let error): throw error
            }
        }
        return headers
    }

    /// `eth_call` of `data` on `to` after `block` (nil: latest): the returned bytes.
    public func call(to: EVMAddress, data: [UInt8], block: Int64? = nil) async throws(EVMRPCClientError) -> [UInt8] {
        let request = JSONRPCRequest.call(to: to, data: data, block: block)
        let text = try await call(request, as: String.self) ?? "0x"
        return try bytes(text, request: request)
    }

    /// ERC-20 metadata of `tokens` after `block`, four `eth_call`s per token in batches. A method that
    /// reverts, is missing or answers something undecodable leaves its field nil.
    public func tokenMetadata(_ tokens: [EVMAddress], block: Int64? = nil) async throws(EVMRPCClientError) -> [EVMAddress: TokenMetadata] {
        let methods = ERC20Method.allCases
        var requests: [JSONRPCRequest] = []
        for token in tokens {
            for method in methods { requests.append(.call(to: token, data: method.selector, block: block)) }
        }
        let answers = try await batch(requests, as: String.self)
        var metadata: [EVMAddress: TokenMetadata] = [:]
        for (tokenIndex, token) in tokens.enumerated() {
            var entry = TokenMetadata()
            for (methodIndex, method) in methods.enumerated() {
                let index = tokenIndex * methods.count + methodIndex
                // Reverts and other per-call errors mean "no such value", not a failed feed.
                guard case .success(let text?) = answers[index], let answer = try? bytes(text, request: requests[index]) else { continue }
                switch method {
                case .name: entry.name = ERC20Method.text(answer)
                case .symbol: entry.symbol = ERC20Method.text(answer)
                case .decimals: entry.decimals = ERC20Method.decimals(answer)
                case .totalSupply: entry.totalSupply = ERC20Method.totalSupply(answer)
                }
            }
            metadata[token] = entry
        }
        return metadata
    }

    // MARK: Generic calls

    /// One call whose result decodes as `T`; nil when the result is null.
    public func call<T: Codable & Sendable>(_ request: JSONRPCRequest, as type: T.Type) async throws(EVMRPCClientError) -> T? {
        let body = try await send(request)
        let envelope: JSONRPCResponse<T>
        do {
            envelope = try JSONDecoder().decode(JSONRPCResponse<T>.self, from: Data(body))
        } catch {
            throw failure(request.method, .malformed(field: "result", value: excerpt(body), reason: Self.reason(error)))
        }
        if let error = envelope.error { throw failure(request.method, .remote(code: error.code, message: error.message)) }
        return envelope.result
    }

    /// Calls sent as JSON-RPC batches of at most `maxBatchSize`; one result per request, in order.
    /// A call the node answered with an error is a failure in its slot; a batch that fails as a whole throws.
    public func batch<T: Codable & Sendable>(_ requests: [JSONRPCRequest], as type: T.Type)
        async throws(EVMRPCClientError) -> [Result<T?, EVMRPCClientError>] {
        var results: [Result<T?, EVMRPCClientError>] = []
        results.reserveCapacity(requests.count)
        var start = 0
        while start < requests.count {
            let chunk = Array(requests[start..<min(start + max(1, maxBatchSize), requests.count)])
            results += try await sendBatch(chunk, as: type)
            start += chunk.count
        }
        return results
    }

    /// Sends one call and returns the answer's body (a response object), recording it when asked.
    public func send(_ request: JSONRPCRequest) async throws(EVMRPCClientError) -> [UInt8] {
        if isReplay { return try await replay(request) }
        let body = try await post(Array(request.body(id: 1).utf8), method: request.method)
        if let recordDirectory { try? RPCReplay.record(body, for: request, in: recordDirectory) }
        return body
    }

    // MARK: Transport

    private func sendBatch<T: Codable & Sendable>(_ requests: [JSONRPCRequest], as type: T.Type)
        async throws(EVMRPCClientError) -> [Result<T?, EVMRPCClientError>] {
        guard !requests.isEmpty else { return [] }
        if isReplay {
            var results: [Result<T?, EVMRPCClientError>] = []
            // Each call is its own file; a missing one fails its slot, as a node's per-call error would.
            for request in requests {
                do {
                    results.append(result(decoding: try await replay(request), as: type, method: request.method))
                } catch {
                    if case .notRecorded = error.kind { results.append(.failure(error)) } else { throw error }
                }
            }
            return results
        }
        let label = "batch of \(requests.count) \(requests.first!.method)"
        let body = try await post(Array(JSONRPCRequest.batchBody(requests).utf8), method: label)
        let elements: [[String: Any]]
        do {
            let answer = try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
            if let object = answer as? [String: Any], let error = object["error"] as? [String: Any] {
                throw failure(label, .remote(code: (error["code"] as? NSNumber)?.int64Value ?? 0, message: error["message"] as? String ?? ""))
            }
            guard let array = answer as? [[String: Any]] else {
                throw failure(label, .malformed(field: "batch", value: excerpt(body), reason: "expected an array of response objects"))
            }
            elements = array
        } catch let error as EVMRPCClientError {
            throw error
        } catch {
            throw failure(label, .malformed(field: "batch", value: excerpt(body), reason: "not JSON: \(Self.reason(error))"))
        }
        var byID: [Int: Data] = [:]
        for element in elements {
            guard let id = (element["id"] as? NSNumber)?.intValue,
                  let data = try? JSONSerialization.data(withJSONObject: element) else { continue }
            byID[id] = data
        }
        var results: [Result<T?, EVMRPCClientError>] = []
        for (index, request) in requests.enumerated() {
            guard let data = byID[index + 1] else {
                results.append(.failure(failure(request.method, .malformed(field: "batch[id \(index + 1)]", value: "missing",
                                                                          reason: "the batch answer has no response with this id"))))
                continue
            }
            if let recordDirectory { try? RPCReplay.record([UInt8](data), for: request, in: recordDirectory) }
            results.append(result(decoding: [UInt8](data), as: type, method: request.method))
        }
        return results
    }

    private func result<T: Codable & Sendable>(decoding body: [UInt8], as type: T.Type, method: String) -> Result<T?, EVMRPCClientError> {
        do {
            let envelope = try JSONDecoder().decode(JSONRPCResponse<T>.self, from: Data(body))
            if let error = envelope.error { return .failure(failure(method, .remote(code: error.code, message: error.message))) }
            return .success(envelope.result)
        } catch {
            return .failure(failure(method, .malformed(field: "result", value: excerpt(body), reason: Self.reason(error))))
        }
    }

    private func post(_ body: [UInt8], method: String) async throws(EVMRPCClientError) -> [UInt8] {
        do {
            return try await http.send(.post(url, jsonBody: body, headers: headers, feed: feed)).body
        } catch {
            throw failure(method, .transport(error.kind))
        }
    }

    private func replay(_ request: JSONRPCRequest) async throws(EVMRPCClientError) -> [UInt8] {
        let name = RPCReplay.fileName(for: request)
        let base = url.resolved.hasSuffix("/") ? String(url.resolved.dropLast()) : url.resolved
        let template = url.template.hasSuffix("/") ? String(url.template.dropLast()) : url.template
        let file = SecretString(template: template + "/" + name, resolved: base + "/" + name, references: url.references)
        do {
            return try await http.send(.get(file, headers: [], feed: feed)).body
        } catch {
            if case .fileUnreadable = error.kind { throw failure(request.method, .notRecorded(file: name)) }
            throw failure(request.method, .transport(error.kind))
        }
    }

    // MARK: Answers

    private func quantity(_ request: JSONRPCRequest) async throws(EVMRPCClientError) -> Int64 {
        guard let text = try await call(request, as: String.self) else {
            throw failure(request.method, .malformed(field: "result", value: "null", reason: "expected a hex quantity"))
        }
        guard let value = JSONRPCLog.parseQuantity(text) else {
            throw failure(request.method, .malformed(field: "result", value: text, reason: "expected a hex quantity 0x followed by 1 to 16 hex digits"))
        }
        return value
    }

    private func header(_ block: JSONRPCBlock, request: JSONRPCRequest, number: Int64) throws(EVMRPCClientError) -> BlockHeader {
        let header: BlockHeader
        do {
            header = try block.header()
        } catch {
            throw failure(request.method, Self.kind(error, body: []))
        }
        guard header.number == number else {
            throw failure(request.method, .malformed(field: "number", value: String(header.number), reason: "asked for block \(number)"))
        }
        return header
    }

    private func bytes(_ text: String, request: JSONRPCRequest) throws(EVMRPCClientError) -> [UInt8] {
        guard text.hasPrefix("0x") || text.hasPrefix("0X"), let bytes = Hex.decode(text) else {
            throw failure(request.method, .malformed(field: "result", value: String(text.prefix(80)), reason: "expected 0x and an even number of hex digits"))
        }
        return bytes
    }

    private func failure(_ method: String, _ kind: EVMRPCClientError.Kind) -> EVMRPCClientError {
        EVMRPCClientError(feed: feed.name, url: redactedURL, method: method, kind: kind)
    }

    private func excerpt(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(120), as: UTF8.self)
        return body.count > 120 ? "'\(text)…' (\(body.count) bytes)" : "'\(text)'"
    }

    private static func kind(_ error: JSONRPCResponseError, body: [UInt8]) -> EVMRPCClientError.Kind {
        switch error {
        case .remote(let code, let message): .remote(code: code, message: message)
        case .invalidValue(let field, let value, let reason): .malformed(field: field, value: value, reason: reason)
        case .malformed(let offset, let field, let reason):
            .malformed(field: field, value: "byte \(offset) of \(body.count)", reason: reason)
        }
    }

    /// A decoding error in a line: where and what.
    private static func reason(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return (path.isEmpty ? "" : "at \(path): ") + context.debugDescription
        @unknown default:
            return "\(error)"
        }
    }
}
