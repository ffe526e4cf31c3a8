import Collectors
import Foundation
import RadarCore
import SimWorld

/// Serves a SimWorld on loopback in this process, exactly as `radar world serve` does, and reads its
/// logs the way the `evm-logs` collector does: the scale check of issue 5 (10,000 tokens x 120 days
/// within 4 GiB, `eth_getLogs` at least 100,000 logs/s), against the collectors' Python node as peer.
///
/// Phases: `generate` (one query at the head: the server generates every day, keeping checkpoints and
/// an LRU of days), `cold` (a walk over days the cache no longer holds: the first regenerated from a
/// checkpoint, the rest from the forward cursor as the walk reaches them), `warm` (the last of those days again, from the cache), then the peer.
@main
struct ServeBench {
    static let targetLogsPerSecond = 100_000.0
    static let memoryTargetBytes = 4.0 * 1_073_741_824

    static func main() async {
        do {
            try await run(ServeOptions(Array(CommandLine.arguments.dropFirst())))
        } catch {
            FileHandle.standardError.write(Data("serve-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run(_ options: ServeOptions) async throws {
        let world = try SimWorld(config: SimWorldConfig(seed: options.seed, tokens: options.tokens, days: options.days))
        let threads = ProcessInfo.processInfo.activeProcessorCount
        let history = WorldHistory(world: world, threads: threads)
        let server = WorldServer(history: history, head: WorldHead(hours: world.config.hours), basePort: 0, logLimit: options.logLimit)
        let (ready, readyContinuation) = AsyncStream<WorldServer.URLs>.makeStream()
        let serving = Task { try await server.run { urls in readyContinuation.yield(urls); readyContinuation.finish() } }
        defer { serving.cancel() }
        var readyIterator = ready.makeAsyncIterator()
        guard let urls = await readyIterator.next() else { throw BenchError("the world server did not start") }
        say("world: \(options.tokens) tokens x \(options.days) days, seed \(options.seed), \(threads) generation threads; "
            + "serving \(urls.rpc), log limit \(options.logLimit); \(options.clients) client(s), max block range \(options.maxBlockRange)")

        let http = try HTTPClient(configuration: .init(maxThreads: max(2, options.clients), maxConcurrentRequestsPerHost: options.clients))
        let feed = HTTPFeed(name: "serve-bench", timeout: .seconds(3_600), maxResponseBytes: 1 << 30, retry: .none)
        let walk = LogWalk(rpc: EVMRPCClient(http: http, url: SecretString(literal: urls.rpc), feed: feed),
                           maxBlockRange: options.maxBlockRange, clients: options.clients)
        let chain = world.chain
        let blocksPerDay = Int64(chain.blocksPerHour * 24)
        func blocks(ofDay day: Int) -> (Int64, Int64) {
            (chain.genesisBlock + Int64(day) * blocksPerDay, chain.genesisBlock + Int64(day + 1) * blocksPerDay - 1)
        }

        // Generate: the head's last blocks, which makes the server generate every day before them.
        let head = chain.headBlock
        let generated = try await walk.walk(from: head - 9, to: head)
        let checkpoints = history.checkpointStats
        say("generate: the whole world through one eth_getLogs at the head in \(format(generated.seconds)) s; "
            + "\(checkpoints.count) checkpoints (every \(checkpoints.stride) days, \(mebibytes(Double(checkpoints.bytes)))); peak RSS \(mebibytes(peakRSS()))")

        // Cold: days far behind the head, evicted from the cache, generated again as the walk reaches them.
        let firstDay = min(options.firstDay ?? options.days / 2, options.days - 1)
        let coldDays = Array(firstDay..<min(options.days, firstDay + max(1, options.coldDays)))
        var cold: [WalkResult] = []
        for day in coldDays {
            let (from, to) = blocks(ofDay: day)
            let result = try await walk.walk(from: from, to: to)
            cold.append(result)
            say("  cold day \(day): \(describe(result))")
        }
        // Warm: the last cold days again, from the day cache.
        let warmDays = Array(coldDays.suffix(max(1, options.warmDays)))
        var warm: [WalkResult] = []
        for pass in 1...max(1, options.warmPasses) {
            var total = WalkResult()
            for day in warmDays {
                let (from, to) = blocks(ofDay: day)
                let result = try await walk.walk(from: from, to: to)
                total = WalkResult(logs: total.logs + result.logs, bytes: total.bytes + result.bytes, requests: total.requests + result.requests,
                                   refusals: total.refusals + result.refusals, seconds: total.seconds + result.seconds)
            }
            warm.append(total)
            say("  warm pass \(pass) (days \(warmDays.first!)...\(warmDays.last!)): \(describe(total))")
        }
        let peak = peakRSS()
        serving.cancel()

        var peerRuns: [WalkResult] = []
        if options.peer {
            peerRuns = try await runPeer(options, http: http, feed: feed)
        }

        let coldRate = Summary(cold.map(\.logsPerSecond)), warmRate = Summary(warm.map(\.logsPerSecond))
        let coldBytes = Summary(cold.map(\.bytesPerSecond)), warmBytes = Summary(warm.map(\.bytesPerSecond))
        say("")
        say("SimWorld server (in-process, \(options.tokens) x \(options.days)), eth_getLogs over loopback HTTP, libcurl client:")
        say("  cold: median \(rate(coldRate.median)) logs/s, \(mebibytes(coldBytes.median))/s over \(cold.count) days "
            + "(min \(rate(coldRate.min)), max \(rate(coldRate.max))); \(perRequest(cold))")
        say("  warm: median \(rate(warmRate.median)) logs/s, \(mebibytes(warmBytes.median))/s over \(warm.count) passes of \(warmDays.count) days "
            + "(min \(rate(warmRate.min)), max \(rate(warmRate.max))); \(perRequest(warm))")
        say("  peak RSS (VmHWM) over generate + serve: \(mebibytes(peak)) (target: within 4 GiB: \(peak <= memoryTargetBytes ? "met" : "missed"))")
        say("  target >= 100,000 logs/s: cold \(coldRate.median >= targetLogsPerSecond ? "met" : "missed"), warm \(warmRate.median >= targetLogsPerSecond ? "met" : "missed")")
        if !peerRuns.isEmpty {
            let peerRate = Summary(peerRuns.map(\.logsPerSecond)), peerBytes = Summary(peerRuns.map(\.bytesPerSecond))
            say("peer (evm_node.py, eth-tester/py-evm, same walk and client):")
            say("  median \(rate(peerRate.median)) logs/s, \(mebibytes(peerBytes.median))/s over \(peerRuns.count) passes "
                + "(min \(rate(peerRate.min)), max \(rate(peerRate.max))); \(perRequest(peerRuns))")
            say(String(format: "ratio ours/peer (logs/s, > 1: SimWorld serves faster): warm %.1fx, cold %.1fx; one run, one machine",
                       warmRate.median / peerRate.median, coldRate.median / peerRate.median))
        }
    }

    /// Walks the peer node's whole chain `peerPasses` times with the same walk and client.
    static func runPeer(_ options: ServeOptions, http: HTTPClient, feed: HTTPFeed) async throws -> [WalkResult] {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let script = repository.appendingPathComponent("Tests/CollectorsTests/Node/evm_node.py").path
        let url: String
        var node: PeerNode?
        if let peerURL = options.peerURL {
            url = peerURL
            say("peer: evm_node.py already listening at \(url)")
        } else {
            let started = try PeerNode(python: options.python ?? peerPython(repository: repository), script: script,
                                       scenario: ["--seed", "7", "--wallets", "40", "--blocks", String(options.peerBlocks), "--max-txs-per-block", "24"],
                                       logLimit: options.logLimit)
            say("peer: listening \(started.url) after \(format(started.setupSeconds)) s (scenario mined, untimed)")
            url = started.url
            node = started
        }
        defer { node?.stop() }
        let rpc = EVMRPCClient(http: http, url: SecretString(literal: url), feed: feed)
        let head = try await rpc.blockNumber()
        say("peer: head block \(head); ranges up to \(options.peerMaxBlockRange) blocks")
        let walk = LogWalk(rpc: rpc, maxBlockRange: options.peerMaxBlockRange, clients: options.clients)
        var runs: [WalkResult] = []
        for pass in 1...options.peerPasses {
            let result = try await walk.walk(from: 1, to: head)
            runs.append(result)
            say("  peer pass \(pass): \(describe(result))")
        }
        return runs
    }

    static func describe(_ result: WalkResult) -> String {
        "\(rate(Double(result.logs))) logs, \(mebibytes(Double(result.bytes))) in \(format(result.seconds)) s = \(rate(result.logsPerSecond)) logs/s, "
            + "\(mebibytes(result.bytesPerSecond))/s; \(result.requests) requests (\(result.refusals) refused -32005)"
    }

    static func perRequest(_ results: [WalkResult]) -> String {
        let logs = results.reduce(0) { $0 + $1.logs }, requests = results.reduce(0) { $0 + $1.requests - $1.refusals }
        let refusals = results.reduce(0) { $0 + $1.refusals }
        return "\(rate(Double(logs) / Double(max(1, requests)))) logs per answered request, \(refusals) refusals"
    }

    /// The process's peak resident set (VmHWM) in bytes, from /proc.
    static func peakRSS() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return .nan }
        return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
    }

    static func mebibytes(_ bytes: Double) -> String { String(format: "%.0f MiB", bytes / 1_048_576) }
    static func format(_ seconds: Double) -> String { String(format: "%.2f", seconds) }
    static func rate(_ value: Double) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.maximumFractionDigits = 0
        return formatter.string(from: NSNumber(value: value.rounded())) ?? String(Int(value))
    }
}

/// Medians over repetitions: on a shared machine single runs are noisy.
struct Summary {
    let samples: [Double]
    init(_ samples: [Double]) { self.samples = samples.sorted() }
    var median: Double {
        guard !samples.isEmpty else { return .nan }
        let middle = samples.count / 2
        return samples.count % 2 == 1 ? samples[middle] : (samples[middle - 1] + samples[middle]) / 2
    }
    var min: Double { samples.first ?? .nan }
    var max: Double { samples.last ?? .nan }
}
