import Collectors
import FeatureStore
import Foundation
import RadarCore

/// Benchmark 4: an `evm-logs` feed's whole pass from a `file://` replay into a fresh store: the
/// collector reads every page's recorded `eth_getLogs` answer and block headers through libcurl,
/// parses, decodes, and ingests page by page with its checkpoint, R times. Target: at least 50,000
/// logs/s. No peer does this same pipeline (a node client, an ABI decoder and SQLite together), so
/// the result is stated against the target.
struct EVMIngestBenchmark {
    static let targetLogsPerSecond = 50_000.0

    let logs: Int
    let blocksPerPage: Int
    let repetitions: Int

    func run() async throws -> ResultRow {
        Console.say("== evm-ingest: \(Format.grouped(logs)) logs replayed from file:// into a fresh store, "
                    + "\(blocksPerPage) blocks per page, \(repetitions) repetitions")
        let scratch = try BenchPaths.makeScratchDirectory("evm-ingest")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let (buildSeconds, workload) = try measureSeconds {
            try ReplayWorkload(logs: logs, blocksPerPage: blocksPerPage, directory: scratch.appendingPathComponent("replay"))
        }
        let blocks = Int(workload.lastBlock - ReplayWorkload.firstBlock + 1)
        Console.say("wrote the replay: \(Format.grouped(blocks)) blocks, \(Format.grouped(workload.transfers)) transfers, "
                    + "\(Format.grouped(workload.swaps)) swaps, \(Format.grouped(workload.syncs)) syncs (\(Format.seconds(buildSeconds)), untimed)")

        let http = try HTTPClient(configuration: .init(maxThreads: 2))
        let feed = HTTPFeed(name: "replay", maxResponseBytes: 1 << 30, retry: .none)
        let clock = ManualClock(Timestamp(seconds: ReplayWorkload.firstBlockTime + 86_400 * 30))
        var ours: [Double] = []
        for repetition in 1...repetitions {
            let path = scratch.appendingPathComponent("store-\(repetition).sqlite")
            let store = try FeatureStore(path: path.path)
            try store.ingest(workload.known)
            let rpc = EVMRPCClient(http: http, url: SecretString(literal: workload.directory.absoluteString), feed: feed)
            let collector = EVMLogCollector(name: "replay", options: workload.options, rpc: rpc)

            let start = ContinuousClock.now
            let pass = await collector.collectPass(into: store, clock: clock)
            let seconds = (ContinuousClock.now - start).seconds

            let tables = try store.stats().tables
            guard pass.feed.errors.isEmpty, pass.feed.fetched == workload.logCount, tables[.transfers] == workload.transfers,
                  tables[.swaps] == workload.swaps, tables[.reserves] == workload.syncs, tables[.blocks] == blocks else {
                throw BenchError("the pass read \(pass.feed.fetched) logs, stored \(tables[.transfers] ?? 0) transfers, "
                                 + "\(tables[.swaps] ?? 0) swaps, \(tables[.reserves] ?? 0) syncs, \(tables[.blocks] ?? 0) blocks; "
                                 + "errors: \(pass.feed.errors)")
            }
            ours.append(seconds)
            Console.say("  AlphaRadar rep \(repetition): \(Format.seconds(seconds)), \(Format.rate(workload.logCount, seconds, unit: "logs/s"))"
                        + " (\(pass.pages) pages, \(Format.grouped(pass.feed.newRows)) rows)")
            BenchPaths.removeStore(at: path)
        }
        let summary = Summary(ours)
        let count = workload.logCount
        let rate = Double(count) / summary.median
        let result = ResultRow(benchmark: "evm-ingest", ours: summary, peer: nil,
                               describe: { "\(Format.rate(count, $0, unit: "logs/s")) (\(Format.seconds($0)))" },
                               target: ">= 50,000 logs/s", met: rate >= Self.targetLogsPerSecond)
        result.printSpread(unit: { Format.rate(count, $0, unit: "logs/s") })
        Console.say("  no peer: \(String(format: "%.2f", rate / Self.targetLogsPerSecond))x the target of 50,000 logs/s")
        return result
    }
}
