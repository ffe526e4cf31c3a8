import Foundation

/// `radar-bench`: FeatureStore's ingest and point-in-time read benchmarks, each compared with the
/// same work done by Python's stdlib `sqlite3` on the same schema, and the Collectors' `eth_getLogs`
/// parse + ABI decode, compared with Python's `json` (see `Benchmarks/README.md`).
@main
struct RadarBench {
    static func main() async {
        do {
            try await run(Arguments(Array(CommandLine.arguments.dropFirst())))
        } catch {
            Console.warn("radar-bench: \(error)")
            exit(1)
        }
    }

    static func run(_ arguments: Arguments) async throws {
        let paths = BenchPaths()
        Console.say("radar-bench: \(ProcessInfo.processInfo.activeProcessorCount) cores, SQLite \(SQLiteVersion.linked) (AlphaRadar, via GRDB)")
        var results: [ResultRow] = []
        if arguments.command == .ingest || arguments.command == .all {
            results.append(try IngestBenchmark(rows: arguments.rows, repetitions: arguments.ingestRepetitions,
                                               runPeer: arguments.runPeer, paths: paths).run())
        }
        if arguments.command == .pitRead || arguments.command == .all {
            results.append(try PitReadBenchmark(swaps: arguments.swaps, repetitions: arguments.pitReadRepetitions,
                                                runPeer: arguments.runPeer, paths: paths).run())
        }
        if arguments.command == .abiDecode || arguments.command == .all {
            results.append(try AbiDecodeBenchmark(logs: arguments.logs, repetitions: arguments.abiDecodeRepetitions,
                                                  runPeer: arguments.runPeer, paths: paths).run())
        }
        if arguments.command == .evmIngest || arguments.command == .all {
            results.append(try await EVMIngestBenchmark(logs: arguments.logs, blocksPerPage: arguments.blocksPerPage,
                                                        repetitions: arguments.evmIngestRepetitions).run())
        }
        let peerName = switch arguments.command {
        case .abiDecode: "Python json"
        case .evmIngest: "none"
        case .all: "Python sqlite3; json for abi-decode"
        default: "Python sqlite3"
        }
        ResultTable.print(results, peerName: peerName)
    }
}
