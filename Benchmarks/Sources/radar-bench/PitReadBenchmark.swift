import FeatureStore
import Foundation
import RadarCore

/// Benchmark 2: one point-in-time read of the last 24 hours of swaps of every token in the universe,
/// `asOf(T).swaps(of: 10,000 tokens, since: T - 24h)`, on a store of 10 million swaps. Target: < 1 s.
///
/// The store takes minutes to build, so it is built once and cached under `Benchmarks/.data/`.
struct PitReadBenchmark {
    static let buildBatchSize = 50_000
    static let targetSeconds = 1.0
    /// Bump when `SwapWorkload` changes, so that a stale cached store is not reused.
    static let dataVersion = 2

    let swaps: Int
    let repetitions: Int
    let runPeer: Bool
    let paths: BenchPaths

    private var storeURL: URL {
        paths.data.appendingPathComponent("pit-t\(SwapWorkload.tokenCount)-s\(swaps)-v\(Self.dataVersion).sqlite")
    }
    /// Written only after a build finishes, so an interrupted build is never mistaken for a store.
    private var completeMarker: URL { URL(fileURLWithPath: storeURL.path + ".complete") }

    func run() throws -> ResultRow {
        Console.say("== pit-read: swaps of \(SwapWorkload.tokenCount) tokens over the last 24 h, as of the end of "
                    + "\(SwapWorkload.days) days holding \(Format.grouped(swaps)) swaps, \(repetitions) repetitions")
        var workload = try SwapWorkload(swapCount: swaps)
        try buildStoreIfNeeded(&workload)
        let asOf = SwapWorkload.end
        let since = asOf - .hours(24)

        let (ours, returned) = try timeReads(workload.tokenIDs, asOf: asOf, since: since)
        let ourSummary = Summary(ours)

        var peerSummary: Summary?
        if runPeer {
            let tokensFile = paths.data.appendingPathComponent("pit-t\(SwapWorkload.tokenCount)-tokens.txt")
            try (workload.tokens.map(\.hex).joined(separator: "\n") + "\n").write(to: tokensFile, atomically: true, encoding: .utf8)
            let peer = try Peer.run(["pit-read", "--store", storeURL.path, "--tokens-file", tokensFile.path,
                                     "--chain", String(SwapWorkload.chain), "--asof", String(asOf.seconds),
                                     "--since", String(since.seconds), "--repetitions", String(repetitions)], paths: paths)
            guard peer.rows == returned else {
                throw BenchError("the peer returned \(peer.rows) swaps, AlphaRadar \(returned): the two reads differ")
            }
            Console.say("  peer (Python \(peer.python), SQLite \(peer.sqliteVersion)): " +
                        peer.timesSeconds.map { Format.seconds($0) }.joined(separator: ", "))
            peerSummary = Summary(peer.timesSeconds)
        }

        let result = ResultRow(benchmark: "pit-read", ours: ourSummary, peer: peerSummary,
                               describe: { "\(Format.seconds($0)) (\(Format.grouped(returned)) swaps)" },
                               target: "< 1 s", met: ourSummary.median < Self.targetSeconds)
        result.printSpread(unit: { Format.rate(returned, $0, unit: "swaps/s") })
        return result
    }

    /// Times the read `repetitions` times on one open store; the store is closed on return.
    private func timeReads(_ tokens: [TokenID], asOf: Timestamp, since: Timestamp) throws -> (seconds: [Double], returned: Int) {
        let store = try FeatureStore(path: storeURL.path)
        var times: [Double] = []
        var returned = 0
        for repetition in 1...repetitions {
            let (seconds, result) = try measureSeconds { try store.asOf(asOf).swaps(of: tokens, since: since) }
            let count = result.values.reduce(0) { $0 + $1.count }
            guard result.count == tokens.count, repetition == 1 || count == returned else {
                throw BenchError("repetition \(repetition) returned \(count) swaps for \(result.count) tokens")
            }
            returned = count
            times.append(seconds)
            Console.say("  AlphaRadar rep \(repetition): \(Format.seconds(seconds)), \(Format.grouped(count)) swaps")
        }
        return (times, returned)
    }

    private func buildStoreIfNeeded(_ workload: inout SwapWorkload) throws {
        if FileManager.default.fileExists(atPath: completeMarker.path) {
            Console.say("using the cached store \(storeURL.path)")
            return
        }
        Console.say("building \(storeURL.path) (once; cached for later runs) ...")
        try FileManager.default.createDirectory(at: paths.data, withIntermediateDirectories: true)
        BenchPaths.removeStore(at: storeURL)
        let (seconds, _) = try measureSeconds { try build(&workload) }
        Console.say("built \(Format.grouped(swaps)) swaps in \(Format.seconds(seconds)) (\(Format.rate(swaps, seconds)))")
        try "tokens=\(SwapWorkload.tokenCount) swaps=\(swaps) version=\(Self.dataVersion)\n"
            .write(to: completeMarker, atomically: true, encoding: .utf8)
    }

    /// Writes the pools, then the swaps in batches of 50,000; the store closes (and checkpoints its
    /// WAL) on return.
    private func build(_ workload: inout SwapWorkload) throws {
        let store = try FeatureStore(path: storeURL.path)
        try store.ingest(IngestBatch(pools: workload.pools), checkpoint: nil)
        let clock = ContinuousClock()
        let started = clock.now
        var written = 0
        var nextReport = 1_000_000
        while !workload.isExhausted {
            let batch = try workload.nextBatch(Self.buildBatchSize)
            guard let last = batch.last else { break }
            try store.ingest(IngestBatch(swaps: batch),
                             checkpoint: Checkpoint(feed: SwapWorkload.feed, cursor: String(last.position.blockNumber),
                                                    updatedAt: last.observedAt))
            written += batch.count
            if written >= nextReport || workload.isExhausted {
                let elapsed = (clock.now - started).seconds
                let remaining = Double(swaps - written) / (Double(written) / elapsed)
                Console.say("  \(Format.grouped(written)) / \(Format.grouped(swaps)) swaps, "
                            + "\(Format.rate(written, elapsed)) (generation included), about \(Int(remaining)) s left")
                nextReport += 1_000_000
            }
        }
    }
}
