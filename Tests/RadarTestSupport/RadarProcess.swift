import Foundation
import Synchronization

/// A `radar` child process (a polling `radar collect` left going, or a run `radar(_:in:)` waits for),
/// its output gathered by reader threads as it comes so that neither pipe fills and blocks the child;
/// `finish()` waits for it to exit and for both pipes to close.
public final class RadarProcess: @unchecked Sendable {
    public let process: Process
    private let stdout = Mutex(Data())
    private let stderr = Mutex(Data())
    private let readers = DispatchGroup()

    init(process: Process, out: Pipe, err: Pipe) {
        self.process = process
        read(out, isError: false)
        read(err, isError: true)
    }

    private func read(_ pipe: Pipe, isError: Bool) {
        let handle = pipe.fileHandleForReading
        readers.enter()
        let thread = Thread { [self] in
            defer { readers.leave() }
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { return }
                if isError {
                    stderr.withLock { $0.append(chunk) }
                } else {
                    stdout.withLock { $0.append(chunk) }
                }
            }
        }
        thread.start()
    }

    /// Waits for the exit and returns what it printed.
    public func finish() -> RadarRun {
        process.waitUntilExit()
        readers.wait()
        return RadarRun(status: process.terminationStatus,
                        stdout: String(decoding: stdout.withLock { $0 }, as: UTF8.self),
                        stderr: String(decoding: stderr.withLock { $0 }, as: UTF8.self))
    }
}

/// Starts the built `radar arguments` in `directory` with a clean environment (`PATH` only) plus `extra`.
public func radarProcess(_ arguments: [String], in directory: URL, environment extra: [String: String] = [:]) throws
    -> RadarProcess
{
    let process = Process()
    process.executableURL = try radarExecutable()
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
    environment.merge(extra) { $1 }
    process.environment = environment
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    return RadarProcess(process: process, out: out, err: err)
}
