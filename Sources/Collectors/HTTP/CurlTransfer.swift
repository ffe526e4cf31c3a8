import CCurl
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Set from a cancelled task; the transfer's progress callback sees it and aborts.
final class TransferCancellation: Sendable {
    private let flag = Atomic<Bool>(false)
    func cancel() { flag.store(true, ordering: .relaxed) }
    var isCancelled: Bool { flag.load(ordering: .relaxed) }
}

/// One attempt judged: a response with any status (the client decides about non-2xx) or what failed.
enum TransferResult: Sendable {
    case response(status: Int, headers: HTTPHeaders, body: [UInt8])
    case failure(HTTPClientError.Kind)
}

/// What one `curl_easy_perform` produced, before it is judged success or failure.
struct CurlOutcome: Sendable {
    var code: Int
    /// libcurl's error text for `code` (unredacted: the client scrubs it).
    var message: String = ""
    /// 0 for `file://` and for transfers that never got a response.
    var status: Int = 0
    var headers = HTTPHeaders()
    var body: [UInt8] = []
    /// The limit was hit in the write callback.
    var exceededLimit = false
    /// Bytes received on the wire (before decoding) and the declared length, for truncation reports.
    var bytesReceived: Int = 0
    var contentLength: Int?
    /// `errno` of the last failed socket call (e.g. ECONNREFUSED).
    var osErrno: Int = 0
}

/// One request performed with libcurl's easy interface on the calling (worker) thread.
///
/// Sets the options every feed needs: timeouts, gzip/deflate decoding, a size cap enforced both from
/// `Content-Length` and in the write callback (decoded bytes, so a small gzip bomb cannot get past it),
/// http/https/file only, redirects to http/https only, and no signals (the handle runs off the main thread).
enum CurlTransfer {
    /// Receives body bytes, headers and progress from libcurl's callbacks during one transfer.
    final class Sink {
        var body: [UInt8] = []
        let limit: Int
        var exceeded = false
        var headers = HTTPHeaders()
        let cancellation: TransferCancellation
        let errorBuffer: UnsafeMutablePointer<CChar>

        init(limit: Int, cancellation: TransferCancellation) {
            self.limit = limit
            self.cancellation = cancellation
            errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
            errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        }

        deinit { errorBuffer.deallocate() }

        func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
            guard body.count + bytes.count <= limit else {
                exceeded = true
                return false
            }
            body.append(contentsOf: bytes)
            return true
        }

        func header(_ line: String) {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.hasPrefix("HTTP/") {
                headers = HTTPHeaders()  // a new response (after a redirect or a 100 Continue)
            } else if let colon = trimmed.firstIndex(of: ":") {
                headers.append(name: String(trimmed[..<colon]),
                               value: trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
        }
    }

    /// Performs `request` on `easy`; blocking, so only ever called on a worker thread.
    static func perform(_ request: HTTPRequest, on easy: CurlEasy?, share: CurlShare, userAgent: String,
                        maxRedirects: Int, cancellation: TransferCancellation) -> CurlOutcome {
        guard let easy else { return CurlOutcome(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "no easy handle") }
        if cancellation.isCancelled { return CurlOutcome(code: Int(CURLE_ABORTED_BY_CALLBACK.rawValue)) }
        let handle = easy.raw
        let feed = request.feed
        let sink = Sink(limit: feed.maxResponseBytes, cancellation: cancellation)
        let context = Unmanaged.passUnretained(sink).toOpaque()
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }

        var code = CURLE_OK
        func set(_ result: CURLcode) { if code == CURLE_OK { code = result } }

        set(ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, sink.errorBuffer))
        set(ccurl_setopt_share(handle, share.raw))
        set(ccurl_setopt_string(handle, CURLOPT_URL, request.url.resolved))
        set(ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        set(ccurl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https,file"))
        set(ccurl_setopt_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"))
        set(ccurl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, maxRedirects > 0 ? 1 : 0))
        set(ccurl_setopt_long(handle, CURLOPT_MAXREDIRS, max(0, maxRedirects)))
        set(ccurl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, ""))
        set(ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(feed.connectTimeout)))
        set(ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, milliseconds(feed.timeout)))
        // Refuses early from Content-Length (0 would mean "no limit" to libcurl, so only positive limits).
        if feed.maxResponseBytes > 0 {
            set(ccurl_setopt_off(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(feed.maxResponseBytes)))
        }
        set(ccurl_setopt_string(handle, CURLOPT_USERAGENT, userAgent))
        set(ccurl_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1))

        // A POST body is copied into the handle; `Expect:` stops libcurl waiting for a 100 Continue.
        var lines = request.headers.map { header in
            header.value.resolved.isEmpty ? "\(header.name);" : "\(header.name): \(header.value.resolved)"
        }
        if request.method == .post {
            lines.append("Expect:")
            let body = request.body ?? []
            set(ccurl_setopt_long(handle, CURLOPT_POST, 1))
            set(ccurl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            if body.isEmpty {
                set(ccurl_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, ""))
            } else {
                set(body.withUnsafeBytes { bytes in
                    ccurl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress!))
                })
            }
        } else {
            set(ccurl_setopt_long(handle, CURLOPT_HTTPGET, 1))
        }
        for line in lines {
            guard let appended = curl_slist_append(headerList, line) else {
                set(CURLE_OUT_OF_MEMORY)
                break
            }
            headerList = appended
        }
        if let headerList { set(ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)) }

        set(ccurl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            let sink = Unmanaged<Sink>.fromOpaque(context!).takeUnretainedValue()
            let length = size * count
            guard let data else { return length }
            // Returning less than `length` makes libcurl stop with CURLE_WRITE_ERROR.
            return sink.append(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
        })
        set(ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, context))
        set(ccurl_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            let sink = Unmanaged<Sink>.fromOpaque(context!).takeUnretainedValue()
            let length = size * count
            if let data {
                sink.header(String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self))
            }
            return length
        })
        set(ccurl_setopt_pointer(handle, CURLOPT_HEADERDATA, context))
        set(ccurl_setopt_long(handle, CURLOPT_NOPROGRESS, 0))
        set(ccurl_setopt_xferinfo_callback(handle) { context, _, _, _, _ in
            Unmanaged<Sink>.fromOpaque(context!).takeUnretainedValue().cancellation.isCancelled ? 1 : 0
        })
        set(ccurl_setopt_pointer(handle, CURLOPT_XFERINFODATA, context))

        if code == CURLE_OK { code = curl_easy_perform(handle) }

        var outcome = CurlOutcome(code: Int(code.rawValue))
        outcome.message = String(cString: sink.errorBuffer)
        if outcome.message.isEmpty, code != CURLE_OK { outcome.message = String(cString: curl_easy_strerror(code)) }
        var status = 0
        if ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK { outcome.status = status }
        var osErrno = 0
        if ccurl_getinfo_long(handle, CURLINFO_OS_ERRNO, &osErrno) == CURLE_OK { outcome.osErrno = osErrno }
        var received: curl_off_t = 0
        if ccurl_getinfo_off(handle, CURLINFO_SIZE_DOWNLOAD_T, &received) == CURLE_OK { outcome.bytesReceived = Int(received) }
        var declared: curl_off_t = -1
        if ccurl_getinfo_off(handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &declared) == CURLE_OK, declared >= 0 {
            outcome.contentLength = Int(declared)
        }
        outcome.headers = sink.headers
        outcome.body = sink.body
        outcome.exceededLimit = sink.exceeded
        // The handle keeps these options until the next reset: drop pointers into this frame now.
        _ = ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, nil)
        _ = ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, nil)
        return outcome
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }

    /// Judges an outcome: a response (any status; the client decides about non-2xx) or what failed.
    static func interpret(_ outcome: CurlOutcome, request: HTTPRequest, redactor: Redactor) -> TransferResult {
        let code = CURLcode(rawValue: UInt32(truncatingIfNeeded: outcome.code))
        let detail = redactor.scrub(outcome.message)
        switch code {
        case CURLE_OK:
            // file:// has no status line: a readable file is a 200.
            let status = outcome.status == 0 && request.isFile ? 200 : outcome.status
            return .response(status: status, headers: outcome.headers, body: outcome.body)
        case CURLE_OPERATION_TIMEDOUT:
            let connect = outcome.message.contains("Connection timed out") || outcome.message.contains("Resolving timed out")
            return .failure(.timedOut(connect: connect, limit: connect ? request.feed.connectTimeout : request.feed.timeout))
        case CURLE_COULDNT_CONNECT:
            return .failure(outcome.osErrno == Int(ECONNREFUSED) ? .connectionRefused : .connectionFailed(detail: detail))
        case CURLE_COULDNT_RESOLVE_HOST:
            return .failure(.hostNotFound)
        case CURLE_PARTIAL_FILE:
            return .failure(.truncatedBody(received: outcome.bytesReceived, expected: outcome.contentLength))
        case CURLE_FILESIZE_EXCEEDED:
            return .failure(.bodyTooLarge(limit: request.feed.maxResponseBytes))
        case CURLE_WRITE_ERROR where outcome.exceededLimit:
            return .failure(.bodyTooLarge(limit: request.feed.maxResponseBytes))
        case CURLE_ABORTED_BY_CALLBACK:
            return .failure(.cancelled)
        case CURLE_FILE_COULDNT_READ_FILE:
            return .failure(.fileUnreadable(detail: detail))
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return .failure(.invalidRequest(reason: detail))
        case CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_SSL_CONNECT_ERROR, CURLE_HTTP2,
             CURLE_HTTP2_STREAM, CURLE_WEIRD_SERVER_REPLY, CURLE_COULDNT_RESOLVE_PROXY:
            return .failure(.connectionFailed(detail: detail))
        default:
            return .failure(.curl(code: outcome.code, detail: detail))
        }
    }
}
