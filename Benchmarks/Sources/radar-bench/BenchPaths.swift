import Foundation

/// Where the benchmarks find their peer script, their on-disk cache and the Python to run the peer.
///
/// Paths are anchored at this source file, so `radar-bench` works from any current directory.
struct BenchPaths: Sendable {
    /// `Benchmarks/`.
    let benchmarks: URL

    init(sourceFile: String = #filePath) {
        benchmarks = URL(fileURLWithPath: sourceFile)
            .deletingLastPathComponent()  // radar-bench
            .deletingLastPathComponent()  // Sources
            .deletingLastPathComponent()  // Benchmarks
    }

    /// `Benchmarks/.data/`: the prebuilt point-in-time store (ignored by git).
    var data: URL { benchmarks.appendingPathComponent(".data", isDirectory: true) }

    var peerScript: URL { benchmarks.appendingPathComponent("peers/sqlite_peer.py") }

    /// The abi-decode benchmark's peer: Python's `json` and hand-written ABI decoding.
    var abiPeerScript: URL { benchmarks.appendingPathComponent("peers/abi_peer.py") }

    /// The repository's virtual environment's Python when there is one, else `python3` on the PATH.
    var python: (executable: URL, leadingArguments: [String]) {
        let venv = benchmarks.deletingLastPathComponent().appendingPathComponent(".venv/bin/python")
        if FileManager.default.isExecutableFile(atPath: venv.path) { return (venv, []) }
        return (URL(fileURLWithPath: "/usr/bin/env"), ["python3"])
    }

    /// A fresh scratch directory under the system temporary directory, for per-run store files.
    static func makeScratchDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("radar-bench-\(label)-\(ProcessInfo.processInfo.processIdentifier)", isDirectory: true)
        try? FileManager.default.removeItem(at: url)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Deletes an SQLite file together with its WAL and shared-memory files.
    static func removeStore(at url: URL) {
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: url.path + suffix)
        }
    }
}
