/// The command line, parsed by hand: the benchmarks package keeps to the main package's products and
/// the standard library, with no argument-parsing dependency.
///
///     radar-bench ingest   [--rows N] [--repetitions R] [--no-peer]
///     radar-bench pit-read [--repetitions R] [--swaps N] [--no-peer]
///     radar-bench abi-decode [--logs N] [--repetitions R] [--no-peer]
///     radar-bench evm-ingest [--logs N] [--blocks-per-page B] [--repetitions R]
///     radar-bench all      [--rows N] [--swaps N] [--logs N] [--no-peer]
struct Arguments: Sendable {
    enum Command: String, Sendable {
        case ingest
        case pitRead = "pit-read"
        case abiDecode = "abi-decode"
        case evmIngest = "evm-ingest"
        case all
    }

    static let usage = """
        usage: radar-bench ingest   [--rows N] [--repetitions R] [--no-peer]
               radar-bench pit-read [--repetitions R] [--swaps N] [--no-peer]
               radar-bench abi-decode [--logs N] [--repetitions R] [--no-peer]
               radar-bench evm-ingest [--logs N] [--blocks-per-page B] [--repetitions R]
               radar-bench all      [--rows N] [--swaps N] [--logs N] [--repetitions R] [--no-peer]

          ingest    ingest N ERC-20 transfers (default 1,000,000) in batches of 1,000; R repetitions (default 5)
          pit-read  asOf(T).swaps(of: 10,000 tokens, since: T - 24h) on a cached store of N swaps
                    (default 10,000,000); R repetitions (default 7)
          abi-decode  parse + decode an eth_getLogs body of N mixed Transfer/Swap/Sync logs (default 200,000);
                    R repetitions (default 7)
          evm-ingest  an evm-logs pass from a file:// replay of N logs (default 200,000) into a fresh store,
                    B blocks per page (default 50); R repetitions (default 5); no peer
          all       all four; --repetitions, when given, applies to each
          --no-peer skip the Python sqlite3 peer (no ratio is printed)
        """

    var command: Command
    var rows = 1_000_000
    var swaps = 10_000_000
    var ingestRepetitions = 5
    var pitReadRepetitions = 7
    var logs = 200_000
    var abiDecodeRepetitions = 7
    var evmIngestRepetitions = 5
    var blocksPerPage = 50
    var runPeer = true

    init(_ arguments: [String]) throws(BenchError) {
        guard let first = arguments.first, let command = Command(rawValue: first) else {
            throw BenchError(Self.usage)
        }
        self.command = command
        var rest = arguments.dropFirst()
        while let flag = rest.popFirst() {
            switch flag {
            case "--rows": rows = try Self.positive(flag, rest.popFirst())
            case "--swaps": swaps = try Self.positive(flag, rest.popFirst())
            case "--logs": logs = try Self.positive(flag, rest.popFirst())
            case "--repetitions":
                let value = try Self.positive(flag, rest.popFirst())
                ingestRepetitions = value
                pitReadRepetitions = value
                abiDecodeRepetitions = value
                evmIngestRepetitions = value
            case "--blocks-per-page": blocksPerPage = try Self.positive(flag, rest.popFirst())
            case "--no-peer": runPeer = false
            case "-h", "--help": throw BenchError(Self.usage)
            default: throw BenchError("unknown option \(flag)\n\(Self.usage)")
            }
        }
    }

    private static func positive(_ flag: String, _ value: String?) throws(BenchError) -> Int {
        guard let text = value, let number = Int(text.filter { $0 != "_" }), number > 0 else {
            throw BenchError("\(flag) needs a positive integer")
        }
        return number
    }
}
