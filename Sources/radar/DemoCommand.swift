import ArgumentParser
import Foundation
import RadarCore
import SimWorld
import Synchronization

/// `radar demo`: the whole radar on the embedded default world, with no internet: serve SimWorld on
/// loopback, point the default config at it, collect, backtest walk-forward against the world's oracle,
/// train on all labelled history, score the last hour and print the watchlist.
///
/// Each step is the same command a user runs by hand (`collect`, `backtest`, `train`, `score`), called
/// in process with the arguments it prints, so the demo shows exactly what those commands do.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the radar end to end on the embedded simulated world (no internet).",
        discussion: """
            Serves a SimWorld on free loopback ports, writes DIR/radar.yaml (the --config file with its \
            world-* feed URLs pointed at those ports and its store at DIR/radar.sqlite), collects every enabled \
            feed, exports the world's truth (DIR/truth.csv), runs `radar backtest` (DIR/report.html, \
            DIR/summary.json with the oracle next to the models), trains on every labelled hour \
            (DIR/Models) and scores the world's last hour. The default world (100 tokens x 40 days) and the \
            3-day horizon keep it to a few minutes; the backtest scores from a third of the way in, so the \
            first model has history to learn from.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Output directory (replaced store, report, summary, models).", valueName: "dir"))
    var out: String = "demo"

    @Option(help: "The world's seed.")
    var seed: UInt64 = 7

    @Option(help: "IP-linked tokens in the world.")
    var tokens: Int = 100

    @Option(help: "Simulated days.")
    var days: Int = 40

    @Option(help: ArgumentHelp("Label window of the backtest and the model.", valueName: "duration"))
    var horizon: String = "3d"

    @Option(help: ArgumentHelp("Step between scored and training timestamps.", valueName: "duration"))
    var step: String = "6h"

    @Option(name: .customLong("retrain-every"), help: ArgumentHelp("Time between the backtest's retrains.", valueName: "duration"))
    var retrainEvery: String = "7d"

    @Option(help: ArgumentHelp("Gap between the last usable label window's end and a retrain.", valueName: "duration"))
    var embargo: String = "1d"

    func run() async throws {
        let horizonLength = try RadarDuration(parsing: horizon, field: "--horizon")
        let stepLength = try RadarDuration(parsing: step, field: "--step")
        guard days >= 12, tokens >= 10 else {
            printError("radar demo: --days \(days) and --tokens \(tokens) are too small for a backtest; use at least 12 days and 10 tokens")
            throw ExitCode.failure
        }
        let started = Date()
        let directory = URL(fileURLWithPath: out, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let storePath = directory.appendingPathComponent("radar.sqlite").path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: storePath + suffix) }

        let world = try SimWorld(config: SimWorldConfig(seed: seed, tokens: tokens, days: days))
        let server = WorldServer(history: WorldHistory(world: world, threads: ProcessInfo.processInfo.activeProcessorCount),
                                 head: WorldHead(hours: world.config.hours, speed: nil), basePort: 0)
        let ready = AsyncStream<WorldServer.URLs>.makeStream()
        let serving = Task {
            try await server.run { urls in
                ready.continuation.yield(urls)
                ready.continuation.finish()
            }
        }
        defer { serving.cancel() }
        var urlIterator = ready.stream.makeAsyncIterator()
        guard let urls = await urlIterator.next() else {
            printError("radar demo: the simulated world did not start serving")
            throw ExitCode.failure
        }
        say("world: seed \(seed), \(tokens) tokens x \(days) days; \(urls.line)")

        let configPath = directory.appendingPathComponent("radar.yaml").path
        try writeConfig(pointingAt: urls, store: storePath, to: configPath)
        say("config: \(configPath)")

        // The history is collected after the fact: --backfill stamps each row as known five minutes after
        // it happened, as a radar watching live would have seen it, so the backtest can see it.
        say("$ radar collect --once --backfill 5m --config \(configPath)   (twice: the second pass prices what the first discovered)")
        for _ in 0..<2 {
            var collect = try CollectCommand.parseAsRoot(["--once", "--backfill", "5m", "--config", configPath]) as! CollectCommand
            try await collect.run()
        }

        let truthPath = directory.appendingPathComponent("truth.csv").path
        try SimWorldTruth(world: world).write(csv: URL(fileURLWithPath: truthPath))
        say("truth: \(truthPath)")

        // Hours on the step's grid from the world's start; the backtest scores from a third of the way
        // in and stops where the last label window still ends inside the world.
        let start = world.config.genesisTime.seconds
        let end = start + Int64(world.config.hours - 1) * 3600
        func onGrid(_ seconds: Int64) -> Timestamp { Timestamp(seconds: start + (seconds - start) / stepLength.seconds * stepLength.seconds) }
        let from = onGrid(start + Int64(days / 3) * 86_400)
        let to = onGrid(end - horizonLength.seconds - 3600)
        let backtestArguments = ["--config", configPath, "--from", from.description, "--to", to.description, "--step", step,
                                 "--horizon", horizon, "--retrain-every", retrainEvery, "--embargo", embargo,
                                 "--truth", truthPath, "--out", directory.path]
        say("$ radar backtest " + backtestArguments.joined(separator: " "))
        var backtest = try BacktestCommand.parseAsRoot(backtestArguments) as! BacktestCommand
        try backtest.run()
        fflush(nil)

        let modelDirectory = directory.appendingPathComponent("Models").path
        let trainArguments = ["--config", configPath, "--from", Timestamp(seconds: start).description,
                              "--to", Timestamp(seconds: end).description, "--step", step, "--horizon", horizon,
                              "--out-dir", modelDirectory]
        say("$ radar train " + trainArguments.joined(separator: " "))
        var train = try TrainCommand.parseAsRoot(trainArguments) as! TrainCommand
        try train.run()

        say("$ radar score --config \(configPath)")
        var score = try ScoreCommand.parseAsRoot(["--config", configPath]) as! ScoreCommand
        try score.run()

        say("demo finished in \(String(format: "%.0f", Date().timeIntervalSince(started))) s")
        say("report:  \(directory.appendingPathComponent("report.html").path)")
        say("summary: \(directory.appendingPathComponent("summary.json").path)")
    }

    /// The --config file with its world feeds' URLs pointed at `urls` and its store at `store`.
    private func writeConfig(pointingAt urls: WorldServer.URLs, store: String, to path: String) throws {
        guard let text = try? String(contentsOfFile: global.config, encoding: .utf8) else {
            printError("radar demo: cannot read the config \(global.config); run from the repository root or pass --config")
            throw ExitCode.failure
        }
        var lines: [String] = []
        var storeSet = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(line)
            line = line.replacingOccurrences(of: "http://127.0.0.1:8545", with: urls.rpc)
                .replacingOccurrences(of: "http://127.0.0.1:8546", with: urls.market)
                .replacingOccurrences(of: "http://127.0.0.1:8547", with: urls.social)
            // The first `path:` is the store's (the store section comes first in the default config).
            if !storeSet, line.trimmingCharacters(in: .whitespaces).hasPrefix("path:") {
                let indent = line.prefix { $0 == " " }
                line = "\(indent)path: \(store)"
                storeSet = true
            }
            lines.append(line)
        }
        guard storeSet else {
            printError("radar demo: \(global.config) has no store path to point at \(store)")
            throw ExitCode.failure
        }
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// One narration line, after whatever the previous step printed (the steps print through both
    /// `print`, which buffers, and direct writes, which do not).
    private func say(_ line: String) {
        fflush(nil)
        FileHandle.standardOutput.write(Data(("radar demo: " + line + "\n").utf8))
    }
}
