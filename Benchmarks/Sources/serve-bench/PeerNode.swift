import Foundation

/// The peer: `Tests/CollectorsTests/Node/evm_node.py`, the collectors' eth-tester/py-evm JSON-RPC
/// node, run with its trading scenario (Uniswap-V2-style swaps, syncs, mints, burns and ERC-20
/// transfers mined by py-evm) and the same -32005 result limit, so the same walk reads it.
final class PeerNode {
    let url: String
    /// How long the node took to mine its scenario and listen.
    let setupSeconds: Double
    private let process: Process
    private let input: Pipe

    /// Starts the node and waits for its `listening URL` line.
    init(python: String, script: String, scenario: [String], logLimit: Int) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, "--scenario", "trade", "--max-logs", String(logLimit)] + scenario
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        say("peer: \(python) \(process.arguments!.joined(separator: " "))")
        let start = ContinuousClock.now
        try process.run()
        var line = [UInt8]()
        let reader = output.fileHandleForReading
        while true {
            let byte = reader.readData(ofLength: 1)
            guard let first = byte.first else { throw BenchError("the peer node exited before it listened") }
            if first == UInt8(ascii: "\n") { break }
            line.append(first)
        }
        setupSeconds = (ContinuousClock.now - start).seconds
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("listening ") else { throw BenchError("the peer node printed '\(text)'") }
        url = String(text.dropFirst("listening ".count))
    }

    /// Closing standard input stops the node.
    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

/// The Python to run the peer with: the repository's `.venv` when present (where `scripts/setup.sh`
/// installs eth-tester, py-evm and vyper), else `python3`.
func peerPython(repository: URL) -> String {
    let venv = repository.appendingPathComponent(".venv/bin/python").path
    return FileManager.default.isExecutableFile(atPath: venv) ? venv : "/usr/bin/python3"
}

/// The benchmark's progress lines, flushed at once so a piped run shows where it is.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
