import Foundation
import RadarTestSupport
import Synchronization

/// The collectors' test node (`Tests/CollectorsTests/Node/evm_node.py`, eth-tester in `.venv`) started
/// for a CLI test: a seeded scenario on a free 127.0.0.1 port, its manifest read as JSON. It exits
/// when `stop()` closes its standard input.
final class TestEVMNode: @unchecked Sendable {
    static let root = repositoryRoot
    static let python = root.appendingPathComponent(".venv/bin/python")
    static let script = root.appendingPathComponent("Tests/CollectorsTests/Node/evm_node.py")

    /// Whether the venv's Python has what the node imports.
    static let isAvailable: Bool = {
        guard FileManager.default.isExecutableFile(atPath: python.path) else { return false }
        let process = Process()
        process.executableURL = python
        process.arguments = ["-c", "import eth_tester, eth, vyper, coincurve"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    let url: String
    let manifest: [String: Any]
    private let process: Process
    private let input: Pipe
    private let directory: URL

    /// Starts the node with `--scenario trade` and `scenario` (seed, wallets, blocks, ip-events).
    init(scenario: [String]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("radar-node-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let manifestFile = directory.appendingPathComponent("manifest.json")
        process = Process()
        process.executableURL = Self.python
        process.arguments = [Self.script.path, "--port", "0", "--scenario", "trade", "--manifest", manifestFile.path] + scenario
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The node prints one line when it listens; reading blocks until then (or EOF if it dies).
        var line = Data()
        while true {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
            if line.contains(UInt8(ascii: "\n")) { break }
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("listening http://127.0.0.1:") else {
            process.terminate()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "evm_node did not start: \(text)"])
        }
        url = String(text.dropFirst("listening ".count))
        manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: manifestFile)) as? [String: Any] ?? [:]
    }

    deinit { stop() }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}
