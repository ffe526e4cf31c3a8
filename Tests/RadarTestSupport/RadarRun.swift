import Foundation

/// What a run of the built `radar` binary printed and returned. The CLI's and the pipeline's tests run
/// `radar` as a user does, as a child process, rather than calling its commands in-process.
public struct RadarRun: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// The repository root, found from this file's path (`Tests/RadarTestSupport/RadarRun.swift`).
public let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Runs the built `radar` in `directory` with a clean environment (`PATH` only, plus `extra`), so no
/// secret of the machine running the tests leaks in, and waits for it to exit.
public func radar(_ arguments: [String], in directory: URL = repositoryRoot, environment extra: [String: String] = [:]) throws
    -> RadarRun
{
    let process = try radarProcess(arguments, in: directory, environment: extra)
    return process.finish()
}

/// Why the built `radar` binary was not found.
public struct RadarExecutableMissing: Error, CustomStringConvertible {
    public var searched: [URL]
    public var description: String {
        "the radar binary is not built next to the test runner (looked in \(searched.map(\.path).joined(separator: ", "))): "
            + "run swift build --build-tests"
    }
}

/// The built `radar` binary, next to the test runner.
public func radarExecutable() throws -> URL {
    let candidates = [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        .flatMap { [$0, $0.deletingLastPathComponent()] }
        .map { $0.appendingPathComponent("radar") }
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
        throw RadarExecutableMissing(searched: candidates)
    }
    return found
}
