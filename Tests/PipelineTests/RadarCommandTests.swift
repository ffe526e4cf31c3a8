import Foundation
import Pipeline
import Testing

/// `radar train`, `radar score` and `radar backtest` run as a user runs them, on the shared store.
@Suite struct RadarCommandTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the built `radar` (beside the test bundle) in `directory`, which has no config file, so
    /// the defaults apply and `--store` names the store.
    static func radar(_ arguments: [String], in directory: URL) throws -> Run {
        let candidates = [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
            .flatMap { [$0, $0.deletingLastPathComponent()] }
            .map { $0.appendingPathComponent("radar") }
        let executable = try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }, "the radar binary is built")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errors = err.fileHandleForReading
        nonisolated(unsafe) var errorText = Data()
        let reader = Thread { errorText = errors.readDataToEndOfFile() }
        reader.start()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(10_000) }
        return Run(status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self),
                   stderr: String(decoding: errorText, as: UTF8.self))
    }

    @Test func trainScoreAndBacktestFromTheCommandLine() throws {
        let fixture = PipelineWorld.shared
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("radar-commands-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = fixture.store.path
        func time(_ hour: Int) -> String { fixture.time(endOfHour: hour).description }

        let train = try Self.radar(["train", "--store", store, "--from", time(24), "--to", time(10 * 24), "--step", "12h",
                                    "--horizon", "1d", "--out-dir", "Models"], in: directory)
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.hasPrefix("model blend-20250116T010000Z: \(directory.path)/Models/blend-20250116T010000Z.json\n"), "\(train.stdout)")
        #expect(train.stdout.contains("validation_auc"))

        let score = try Self.radar(["score", "--store", store, "--asof", time(10 * 24), "--model", "blend-20250116T010000Z",
                                    "--top", "3"], in: directory)
        #expect(score.status == 0, "\(score.stderr)")
        #expect(score.stdout.contains("model blend-20250116T010000Z"))
        #expect(score.stdout.split(separator: "\n").count == 5)  // the heading, the column names, three tokens
        // The first score saved its carried feature state; a second starts from it and scores the same.
        let again = try Self.radar(["score", "--store", store, "--asof", time(10 * 24), "--model", "blend-20250116T010000Z",
                                    "--top", "3"], in: directory)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("score: resumed carried feature state as of \(time(10 * 24))"), "\(again.stderr)")
        #expect(!again.stderr.contains("warning"), "\(again.stderr)")
        #expect(again.stdout == score.stdout)

        let out = directory.appendingPathComponent("backtest")
        let backtest = try Self.radar(["backtest", "--store", store, "--from", time(12 * 24), "--to", time(15 * 24), "--step", "12h",
                                       "--retrain-every", "3d", "--horizon", "1d", "--embargo", "6h", "--top-k", "5",
                                       "--train-start", time(2 * 24), "--truth", PipelineWorld.truthPath, "--out", out.path], in: directory)
        #expect(backtest.status == 0, "\(backtest.stderr)")
        #expect(backtest.stderr.contains("backtest: train"))
        let summary = try BacktestSummary.decode(Data(contentsOf: out.appendingPathComponent("summary.json")))
        #expect(Set(summary.models.keys) == ["gbdt", "logistic", "blend", "baseline", "oracle"])
        #expect(summary.timestamps == 7)
        #expect(summary.config.horizon == "1d" && summary.config.embargo == "6h")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("report.html").path))

        let bad = try Self.radar(["backtest", "--store", store, "--from", time(15 * 24), "--to", time(12 * 24), "--out", out.path],
                                 in: directory)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--from/--to"), "\(bad.stderr)")
    }
}
