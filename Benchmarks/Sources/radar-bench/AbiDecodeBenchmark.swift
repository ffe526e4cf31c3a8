import Collectors
import Foundation
import RadarCore

/// Benchmark 3: an `eth_getLogs` response body of N mixed logs read into raw logs
/// (`GetLogsResponse.parse`) and decoded into store rows (`EVMLogDecoder`), timed together, R times.
/// Target: at least 200,000 logs/s. The peer (`peers/abi_peer.py`) does the same work on the same
/// body with Python's `json` module and `int(..., 16)`.
struct AbiDecodeBenchmark {
    static let targetLogsPerSecond = 200_000.0

    let logs: Int
    let repetitions: Int
    let runPeer: Bool
    let paths: BenchPaths

    func run() throws -> ResultRow {
        Console.say("== abi-decode: \(Format.grouped(logs)) logs in one eth_getLogs body, parse + decode, \(repetitions) repetitions")
        let (buildSeconds, workload) = measureSeconds { LogsWorkload(logs: logs) }
        Console.say("built a \(Format.grouped(workload.body.count / 1_000_000)) MB body: \(Format.grouped(workload.transfers)) transfers, "
                    + "\(Format.grouped(workload.swaps)) swaps, \(Format.grouped(workload.syncs)) syncs (\(Format.seconds(buildSeconds)), untimed)")
        let decoder = EVMLogDecoder(chain: 1)
        let observedAt = Timestamp(seconds: LogsWorkload.firstBlockTime + 86_400)
        func blockTime(_ block: Int64) -> Timestamp? {
            block >= LogsWorkload.firstBlock && block <= workload.lastBlock
                ? Timestamp(seconds: LogsWorkload.firstBlockTime + 12 * (block - LogsWorkload.firstBlock)) : nil
        }

        var ours: [Double] = []
        for repetition in 1...repetitions {
            let clock = ContinuousClock()
            let start = clock.now
            let raw = try GetLogsResponse.parse(workload.body)
            let parsed = clock.now
            let decoded = decoder.decode(raw, observedAt: observedAt, blockTime: blockTime)
            let end = clock.now
            guard decoded.failures.isEmpty, decoded.transfers.count == workload.transfers, decoded.swaps.count == workload.swaps,
                  decoded.reserves.count == workload.syncs else {
                throw BenchError("decoded \(decoded.rowCount) rows with \(decoded.failures.count) failures (first: "
                                 + "\(decoded.failures.first.map { "\($0)" } ?? "none")), expected \(workload.logCount)")
            }
            let seconds = (end - start).seconds
            ours.append(seconds)
            Console.say("  AlphaRadar rep \(repetition): \(Format.seconds(seconds)), \(Format.rate(logs, seconds, unit: "logs/s"))"
                        + " (parse \(Format.seconds((parsed - start).seconds)), decode \(Format.seconds((end - parsed).seconds)))")
        }

        // For the record: the JSONDecoder path the scanner replaces, once, parse only.
        let data = Data(workload.body)
        let (codableSeconds, codable) = try measureSeconds { try GetLogsResponse.decodeWithJSONDecoder(data) }
        guard codable.count == workload.logCount else { throw BenchError("JSONDecoder read \(codable.count) logs") }
        Console.say("  JSONDecoder + JSONRPCLog, parse only, once: \(Format.seconds(codableSeconds)), "
                    + Format.rate(logs, codableSeconds, unit: "logs/s"))

        var peerSummary: Summary?
        if runPeer {
            let scratch = try BenchPaths.makeScratchDirectory("abi")
            defer { try? FileManager.default.removeItem(at: scratch) }
            let file = scratch.appendingPathComponent("eth_getLogs.json")
            try data.write(to: file)
            let peer = try Peer.run(script: paths.abiPeerScript, ["--body", file.path, "--repetitions", String(repetitions)],
                                    paths: paths, as: AbiPeerResult.self)
            guard peer.rows == workload.logCount else { throw BenchError("the peer decoded \(peer.rows) rows, expected \(workload.logCount)") }
            Console.say("  peer (Python \(peer.python), json): " + peer.timesSeconds.map { Format.seconds($0) }.joined(separator: ", "))
            peerSummary = Summary(peer.timesSeconds)
        }

        let summary = Summary(ours)
        let result = ResultRow(benchmark: "abi-decode", ours: summary, peer: peerSummary,
                               describe: { "\(Format.rate(logs, $0, unit: "logs/s")) (\(Format.seconds($0)))" },
                               target: ">= 200,000 logs/s", met: Double(logs) / summary.median >= Self.targetLogsPerSecond)
        result.printSpread(unit: { Format.rate(logs, $0, unit: "logs/s") })
        return result
    }
}

/// What `peers/abi_peer.py` prints: one line of JSON with its timings.
struct AbiPeerResult: Decodable, Sendable {
    let benchmark: String
    let timesSeconds: [Double]
    /// Rows decoded per repetition.
    let rows: Int
    let python: String

    enum CodingKeys: String, CodingKey {
        case benchmark
        case timesSeconds = "times_s"
        case rows
        case python
    }
}
