import FeatureStore
import Foundation
import RadarCore

/// Benchmark 1: ingest throughput of ERC-20 transfers, one `ingest` call with a checkpoint per
/// 1,000 rows, into a fresh store file each repetition. Target: at least 100,000 rows/s.
struct IngestBenchmark {
    static let batchSize = 1_000
    static let targetRowsPerSecond = 100_000.0

    let rows: Int
    let repetitions: Int
    let runPeer: Bool
    let paths: BenchPaths

    func run() throws -> ResultRow {
        Console.say("== ingest: \(Format.grouped(rows)) transfers in batches of \(Self.batchSize), \(repetitions) repetitions")
        let scratch = try BenchPaths.makeScratchDirectory("ingest")
        defer { try? FileManager.default.removeItem(at: scratch) }

        let (buildSeconds, workload) = try measureSeconds { try TransferWorkload(rows: rows, batchSize: Self.batchSize) }
        Console.say("built \(Format.grouped(workload.rowCount)) rows in \(workload.batches.count) batches (\(Format.seconds(buildSeconds)), untimed)")

        var ours: [Double] = []
        for repetition in 1...repetitions {
            let seconds = try timeOneRun(workload, file: scratch.appendingPathComponent("alpharadar-\(repetition).sqlite"))
            ours.append(seconds)
            Console.say("  AlphaRadar rep \(repetition): \(Format.seconds(seconds)), \(Format.rate(rows, seconds))")
        }
        let ourSummary = Summary(ours)

        var peerSummary: Summary?
        if runPeer {
            let template = scratch.appendingPathComponent("template.sqlite")
            try makeTemplate(at: template)
            let tsv = scratch.appendingPathComponent("transfers.tsv")
            try workload.writeTSV(to: tsv)
            let peer = try Peer.run(["ingest", "--template", template.path, "--rows-tsv", tsv.path, "--workdir", scratch.path,
                                     "--batch-size", String(Self.batchSize), "--repetitions", String(repetitions)], paths: paths)
            guard peer.rows == rows else { throw BenchError("the peer ingested \(peer.rows) rows, expected \(rows)") }
            Console.say("  peer (Python \(peer.python), SQLite \(peer.sqliteVersion)): " +
                        peer.timesSeconds.map { Format.seconds($0) }.joined(separator: ", "))
            peerSummary = Summary(peer.timesSeconds)
        }

        let result = ResultRow(benchmark: "ingest", ours: ourSummary, peer: peerSummary,
                               describe: { "\(Format.rate(rows, $0)) (\(Format.seconds($0)))" },
                               target: ">= 100,000 rows/s", met: Double(rows) / ourSummary.median >= Self.targetRowsPerSecond)
        result.printSpread(unit: { Format.rate(rows, $0) })
        return result
    }

    /// Opens a fresh store (untimed), then times only the `ingest` calls.
    private func timeOneRun(_ workload: TransferWorkload, file: URL) throws -> Double {
        BenchPaths.removeStore(at: file)
        defer { BenchPaths.removeStore(at: file) }
        let store = try FeatureStore(path: file.path)
        let (seconds, inserted) = try measureSeconds {
            var inserted = 0
            for (batch, checkpoint) in zip(workload.batches, workload.checkpoints) {
                inserted += try store.ingest(batch, checkpoint: checkpoint).totalInserted
            }
            return inserted
        }
        guard inserted == rows else { throw BenchError("inserted \(inserted) rows, expected \(rows)") }
        return seconds
    }

    /// An empty, migrated store: the peer copies it so that both sides write the same schema.
    /// The store is closed on return, which checkpoints its WAL into the main file.
    private func makeTemplate(at url: URL) throws {
        BenchPaths.removeStore(at: url)
        _ = try FeatureStore(path: url.path).appliedMigrations()
    }
}
