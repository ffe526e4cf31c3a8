import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A real, scripted HTTP/1.1 server on 127.0.0.1 (an ephemeral port) for fault-injection tests of
/// anything that speaks HTTP through libcurl (the collectors, and `radar collect` run as a process).
/// No mocks: the client under test opens real sockets.
///
/// Each path has a script of `Reply`s: the n-th request to the path gets the n-th reply, and the last
/// one repeats (`[.status(503), .status(503), .text("ok")]` fails twice, then succeeds). A reply can
/// wait before answering (timeouts), declare more body than it sends and close (truncation), stream
/// without a length and close, or close without answering. Connections are kept alive, so tests can
/// assert reuse through `acceptedConnections`. Every request is recorded (method, target, headers,
/// body, connection number), and `maxConcurrentRequests` is the most requests it was handling at once.
///
/// Unscripted paths answer 404. Call `stop()` when done (its threads keep it alive until then):
/// `let server = try LoopbackHTTPServer(); defer { server.stop() }`.
public final class LoopbackHTTPServer: @unchecked Sendable {
    /// One scripted answer.
    public struct Reply: Sendable {
        /// How the answer departs from a well-formed response.
        public enum Fault: Sendable, Equatable {
            case none
            /// Declares `Content-Length: declared`, sends the body (shorter), then closes.
            case truncate(declared: Int)
            /// No `Content-Length`: sends the body and closes (`Connection: close`).
            case closeDelimited
            /// Closes the connection without answering.
            case closeWithoutReply
        }

        public var status: Int = 200
        public var headers: [(name: String, value: String)] = []
        public var body: [UInt8] = []
        /// Waited before the response head is sent; cut short if the client hangs up.
        public var delay: Duration = .zero
        public var fault: Fault = .none

        public init(status: Int = 200, headers: [(name: String, value: String)] = [], body: [UInt8] = [], delay: Duration = .zero,
             fault: Fault = .none) {
            self.status = status
            self.headers = headers
            self.body = body
            self.delay = delay
            self.fault = fault
        }

        public static func text(_ text: String, status: Int = 200, headers: [(name: String, value: String)] = []) -> Reply {
            Reply(status: status, headers: [("Content-Type", "text/plain")] + headers, body: Array(text.utf8))
        }

        public static func json(_ text: String, status: Int = 200) -> Reply {
            Reply(status: status, headers: [("Content-Type", "application/json")], body: Array(text.utf8))
        }

        public static func status(_ status: Int, headers: [(name: String, value: String)] = [], body: String = "") -> Reply {
            Reply(status: status, headers: headers, body: Array(body.utf8))
        }

        /// The same reply, answered after `delay`.
        public func delayed(_ delay: Duration) -> Reply {
            var copy = self
            copy.delay = delay
            return copy
        }
    }

    /// A request as the server read it.
    public struct RecordedRequest: Sendable {
        public var method: String
        /// Path and query as sent, e.g. `/v1/pairs?api_key=abc`.
        public var target: String
        public var headers: [(name: String, value: String)]
        public var body: [UInt8]
        /// 0-based number of the connection it arrived on, in accept order.
        public var connection: Int

        public var path: String { String(target.prefix { $0 != "?" }) }
        public var bodyText: String { String(decoding: body, as: UTF8.self) }

        /// The first value of header `name`, compared case-insensitively.
        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    private struct State {
        var routes: [String: [Reply]] = [:]
        var served: [String: Int] = [:]
        var requests: [RecordedRequest] = []
        var connections = 0
        var openSockets: Set<Int32> = []
        var inFlight = 0
        var maxInFlight = 0
        var stopped = false
    }

    public let port: UInt16
    private let listener: Int32
    private let state = Mutex(State())

    /// Binds 127.0.0.1 on a port the kernel picks and starts accepting.
    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketError(operation: "socket", code: errno) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            let code = errno
            close(fd)
            throw SocketError(operation: "bind/listen", code: code)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "loopback-http-accept"
        thread.start()
    }

    /// `http://127.0.0.1:<port><path>`.
    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Scripts `path` (without its query): the n-th request gets `replies[n]`, the last one repeats.
    public func route(_ path: String, _ replies: [Reply]) {
        precondition(!replies.isEmpty)
        state.withLock { $0.routes[path] = replies }
    }

    public func route(_ path: String, _ reply: Reply) { route(path, [reply]) }

    /// Every request received so far, in arrival order.
    public var requests: [RecordedRequest] { state.withLock { $0.requests } }

    public func requests(to path: String) -> [RecordedRequest] { requests.filter { $0.path == path } }

    /// TCP connections accepted so far.
    public var acceptedConnections: Int { state.withLock { $0.connections } }

    /// The most requests the server was handling at the same moment.
    public var maxConcurrentRequests: Int { state.withLock { $0.maxInFlight } }

    /// Stops accepting and closes every open connection.
    public func stop() {
        let sockets: Set<Int32>? = state.withLock { state in
            guard !state.stopped else { return nil }
            state.stopped = true
            return state.openSockets
        }
        guard let sockets else { return }
        Glibc.shutdown(listener, Int32(SHUT_RDWR))  // wakes accept()
        for fd in sockets { Glibc.shutdown(fd, Int32(SHUT_RDWR)) }  // wakes recv(); each thread closes its own
    }

    // MARK: Serving

    private func acceptLoop() {
        defer { close(listener) }
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR { continue }
                return
            }
            let number: Int? = state.withLock { state in
                guard !state.stopped else { return nil }
                state.openSockets.insert(fd)
                state.connections += 1
                return state.connections - 1
            }
            guard let number else {
                close(fd)
                return
            }
            let thread = Thread { [self] in serve(fd, connection: number) }
            thread.name = "loopback-http-\(number)"
            thread.start()
        }
    }

    private func serve(_ fd: Int32, connection: Int) {
        defer {
            state.withLock { _ = $0.openSockets.remove(fd) }
            close(fd)
        }
        var buffer: [UInt8] = []
        while let request = readRequest(fd, buffer: &buffer, connection: connection) {
            let reply: Reply = state.withLock { state in
                state.requests.append(request)
                state.inFlight += 1
                state.maxInFlight = max(state.maxInFlight, state.inFlight)
                guard let script = state.routes[request.path] else { return .text("no route for \(request.path)", status: 404) }
                let index = state.served[request.path, default: 0]
                state.served[request.path] = index + 1
                return script[min(index, script.count - 1)]
            }
            if reply.delay > .zero, !wait(reply.delay, watching: fd) {
                state.withLock { $0.inFlight -= 1 }
                return  // the client hung up (it timed out)
            }
            // Count the request finished before its last byte leaves, so a client that sees the response
            // and sends again can never be counted twice.
            state.withLock { $0.inFlight -= 1 }
            guard reply.fault != .closeWithoutReply else { return }
            guard write(fd, response(for: reply)) else { return }
            if reply.fault != .none || request.header("Connection")?.lowercased() == "close" { return }
        }
    }

    private func response(for reply: Reply) -> [UInt8] {
        var head = "HTTP/1.1 \(reply.status) \(Self.reason(reply.status))\r\n"
        switch reply.fault {
        case .none: head += "Content-Length: \(reply.body.count)\r\n"
        case .truncate(let declared): head += "Content-Length: \(declared)\r\n"
        case .closeDelimited, .closeWithoutReply: head += "Connection: close\r\n"
        }
        for (name, value) in reply.headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        return Array(head.utf8) + reply.body
    }

    /// Reads one request (head and `Content-Length` body); nil at end of stream.
    private func readRequest(_ fd: Int32, buffer: inout [UInt8], connection: Int) -> RecordedRequest? {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        while headEnd == nil {
            headEnd = buffer.firstRange(of: separator)?.lowerBound
            if headEnd == nil, !receive(fd, into: &buffer) { return nil }
        }
        let head = String(decoding: buffer[..<headEnd!], as: UTF8.self)
        buffer.removeFirst(headEnd! + separator.count)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        let headers = lines.compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
        while buffer.count < length {
            if !receive(fd, into: &buffer) { return nil }
        }
        let body = Array(buffer.prefix(length))
        buffer.removeFirst(length)
        return RecordedRequest(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body,
                               connection: connection)
    }

    private func receive(_ fd: Int32, into buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[..<count])
        return true
    }

    private func write(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0, errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    /// Waits `duration`, or less if the peer hangs up (then returns false).
    private func wait(_ duration: Duration, watching fd: Int32) -> Bool {
        let deadline = ContinuousClock.now + duration
        while ContinuousClock.now < deadline {
            let left = deadline - ContinuousClock.now
            let milliseconds = Int32(max(1, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
            var watch = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&watch, 1, min(milliseconds, 50))
            if ready > 0 {
                var byte: UInt8 = 0
                let peeked = recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
                if peeked == 0 || (peeked < 0 && errno != EAGAIN && errno != EINTR) { return false }
                // Pipelined bytes, not a hang-up: keep waiting without spinning.
                usleep(1000)
            }
            if state.withLock({ $0.stopped }) { return false }
        }
        return true
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }

    /// Why the server could not open its socket.
    public struct SocketError: Error, CustomStringConvertible {
        public var operation: String
        public var code: Int32
        public var description: String { "\(operation) failed: \(String(cString: strerror(code)))" }
    }
}
