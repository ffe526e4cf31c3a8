import Foundation
import Synchronization

/// A `radar` run left going (a polling `radar collect`), its output gathered as it comes so that the
/// pipes never fill; `finish()` waits for it to exit.
final class RadarProcess: @unchecked Sendable {
    let process: Process
    private let stdout = Mutex(Data())
    private let stderr = Mutex(Data())

    fileprivate init(process: Process, out: Pipe, err: Pipe) {
        self.process = process
        read(out, isError: false)
        read(err, isError: true)
    }

    private func read(_ pipe: Pipe, isError: Bool) {
        let handle = pipe.fileHandleForReading
        let thread = Thread { [self] in
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
    func finish() -> RadarRun {
        process.waitUntilExit()
        usleep(200_000)  // the readers drain what is left in the pipes
        return RadarRun(status: process.terminationStatus,
                        stdout: String(decoding: stdout.withLock { $0 }, as: UTF8.self),
                        stderr: String(decoding: stderr.withLock { $0 }, as: UTF8.self))
    }
}

/// Starts `radar arguments` in `directory` with a clean environment plus `extra`.
func radarProcess(_ arguments: [String], in directory: URL, environment extra: [String: String] = [:]) throws -> RadarProcess {
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
