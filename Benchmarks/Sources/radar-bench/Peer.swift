import Foundation

/// What `peers/sqlite_peer.py` prints: one line of JSON with its timings.
struct PeerResult: Decodable, Sendable {
    let benchmark: String
    let timesSeconds: [Double]
    /// Rows ingested (ingest) or swaps returned per repetition (pit-read).
    let rows: Int
    let sqliteVersion: String
    let python: String

    enum CodingKeys: String, CodingKey {
        case benchmark
        case timesSeconds = "times_s"
        case rows
        case sqliteVersion = "sqlite_version"
        case python
    }
}

/// Runs the peer: the same work on the same schema with Python's stdlib `sqlite3`, the baseline
/// every FeatureStore number is quoted against.
enum Peer {
    static func run(_ arguments: [String], paths: BenchPaths) throws -> PeerResult {
        try run(script: paths.peerScript, arguments, paths: paths, as: PeerResult.self)
    }

    /// Runs a peer script and decodes the one line of JSON it prints last as `Output`.
    static func run<Output: Decodable>(script: URL, _ arguments: [String], paths: BenchPaths, as: Output.Type) throws -> Output {
        let python = paths.python
        let process = Process()
        process.executableURL = python.executable
        let peerArguments = python.leadingArguments + [script.path] + arguments
        process.arguments = peerArguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        Console.say("peer: " + ([python.executable.path] + peerArguments).joined(separator: " "))
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("the peer exited with status \(process.terminationStatus)")
        }
        guard let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last else {
            throw BenchError("the peer printed nothing")
        }
        do {
            return try JSONDecoder().decode(Output.self, from: Data(line.utf8))
        } catch {
            throw BenchError("cannot read the peer's output \(line): \(error)")
        }
    }
}
