import Collectors
import RadarCore
import Foundation

/// What one walk over a block range read: logs, body bytes, requests (refused ones included) and time.
struct WalkResult: Sendable {
    var logs = 0
    var bytes = 0
    var requests = 0
    var refusals = 0
    var seconds = 0.0

    static func + (left: WalkResult, right: WalkResult) -> WalkResult {
        WalkResult(logs: left.logs + right.logs, bytes: left.bytes + right.bytes, requests: left.requests + right.requests,
                   refusals: left.refusals + right.refusals, seconds: max(left.seconds, right.seconds))
    }

    var logsPerSecond: Double { Double(logs) / seconds }
    var bytesPerSecond: Double { Double(bytes) / seconds }
}

/// Reads a node's logs the way the `evm-logs` collector pages through a chain: `eth_getLogs` over
/// HTTP (the collectors' libcurl client) with the collector's topic0 filter, in block ranges that
/// start at `maxBlockRange`, halve on a -32005 refusal and grow again after small answers
/// (`AdaptiveBlockRange`, as `EVMChainWalk` uses it). The answers are not decoded: logs are counted
/// in the body, so the client costs the server's two shared cores as little as possible.
struct LogWalk: Sendable {
    let rpc: EVMRPCClient
    let maxBlockRange: Int
    /// Concurrent clients; each walks its own contiguous share of a range.
    let clients: Int
    let topics: [[EVMHash]?] = [EVMLogCollector.trackedTopics]

    /// Walks `from...to` with `clients` concurrent walkers and returns their sum (time: the wall time).
    func walk(from: Int64, to: Int64) async throws -> WalkResult {
        let start = ContinuousClock.now
        let blocks = to - from + 1
        let shares = Int64(max(1, min(clients, Int(blocks))))
        var total = WalkResult()
        try await withThrowingTaskGroup(of: WalkResult.self) { group in
            for share in 0..<shares {
                let first = from + blocks * share / shares
                let last = from + blocks * (share + 1) / shares - 1
                group.addTask { try await walkOne(from: first, to: last) }
            }
            for try await part in group { total = total + part }
        }
        total.seconds = (ContinuousClock.now - start).seconds
        return total
    }

    private func walkOne(from: Int64, to: Int64) async throws -> WalkResult {
        var result = WalkResult()
        var range = AdaptiveBlockRange(maximum: maxBlockRange)
        var next = from
        while next <= to {
            let last = min(to, next + Int64(range.span) - 1)
            let body = try await rpc.send(.getLogs(LogFilter(fromBlock: next, toBlock: last, topics: topics)))
            result.requests += 1
            result.bytes += body.count
            switch Answer(body) {
            case .logs(let count):
                if last - next + 1 == Int64(range.span) { range.answered(logs: count) }
                result.logs += count
                next = last + 1
            case .tooMany:
                result.refusals += 1
                guard range.split() else { throw BenchError("a single block \(next) holds more logs than the node's limit") }
            case .failed(let excerpt):
                throw BenchError("eth_getLogs \(next)...\(last) failed: \(excerpt)")
            }
        }
        return result
    }
}

/// An `eth_getLogs` answer read just far enough to count: the logs, a result-limit refusal, or another error.
enum Answer: Equatable {
    case logs(Int)
    case tooMany
    case failed(String)

    init(_ body: [UInt8]) {
        let head = String(decoding: body.prefix(200), as: UTF8.self)
        if let error = head.range(of: "\"error\""), head.range(of: "\"result\"").map({ $0.lowerBound > error.lowerBound }) ?? true {
            self = head.contains("-32005") ? .tooMany : .failed(head)
            return
        }
        self = .logs(Self.count(of: Array("\"logIndex\"".utf8), in: body))
    }

    /// Occurrences of `needle` in `body` (every log has exactly one `"logIndex"` member): `memchr` to each
    /// candidate first byte, then a compare.
    static func count(of needle: [UInt8], in body: [UInt8]) -> Int {
        body.withUnsafeBytes { haystack in
            needle.withUnsafeBytes { pattern in
                guard let base = haystack.baseAddress, let first = pattern.first else { return 0 }
                var offset = 0, found = 0
                while haystack.count - offset >= pattern.count,
                      let hit = memchr(base + offset, Int32(first), haystack.count - offset - pattern.count + 1) {
                    let position = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + position, pattern.baseAddress!, pattern.count) == 0 {
                        found += 1
                        offset = position + pattern.count
                    } else {
                        offset = position + 1
                    }
                }
                return found
            }
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Duration {
    /// The duration in seconds as a Double, for arithmetic on timings.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}
