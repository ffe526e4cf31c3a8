import ArgumentParser
import Foundation
import Pipeline
import RadarCore

/// `radar backtest`: the walk-forward replay of training and scoring over the store's history, with the
/// report a person opens and the summary scripts read.
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Walk-forward backtest with purging and an embargo; writes report.html, summary.json and CSVs.",
        discussion: """
            At --from, --from + --retrain-every, ... a model is trained on every row (from the store's first data, \
            at --step) whose --horizon label window ended by the retrain time minus --embargo, then scores every \
            timestamp until the next retrain. Per timestamp: IC (Pearson) and rank IC (Spearman) of score vs \
            realised alpha. Per model (gbdt, logistic, blend, baseline = volume_growth_7d, oracle = the truth file's \
            expected_return when --truth is given): rank_ic_mean, ic_mean, icir (mean / sample std of rank IC), \
            hit_rate (share of timestamps with rank IC > 0), quintile mean alpha, a top-k equal-weight long book \
            rebalanced every --rebalance-every (default: the horizon, so forward windows never overlap) with costs \
            of --fee-bps plus slippage = trade size / pool liquidity on a --capital book, its excess return over the \
            universe median, turnover and max drawdown, and rank IC by IP category.

            Output in --out: report.html, summary.json (models.<name>.rank_ic_mean, icir, hit_rate, \
            topk_excess_return, max_drawdown, turnover, ...), ic.csv, quantiles.csv, equity.csv, categories.csv.
            """)

    @OptionGroup var options: PipelineOptions

    @Option(help: ArgumentHelp("First scored timestamp (and first retrain).", valueName: "time"))
    var from: String

    @Option(help: ArgumentHelp("Last scored timestamp, inclusive.", valueName: "time"))
    var to: String

    @Option(name: .customLong("retrain-every"), help: ArgumentHelp("Time between retrains.", valueName: "duration"))
    var retrainEvery: String = "7d"

    @Option(help: ArgumentHelp("Label window (default: scoring.horizon); the lag is scoring.executionLag.", valueName: "duration"))
    var horizon: String?

    @Option(help: ArgumentHelp("Gap between the last usable label window's end and a retrain.", valueName: "duration"))
    var embargo: String = "1d"

    @Option(help: ArgumentHelp("Step between scored (and training) timestamps.", valueName: "duration"))
    var step: String = "1h"

    @Option(name: .customLong("top-k"), help: "Tokens held by the long book.")
    var topK: Int = 10

    @Option(name: .customLong("fee-bps"), help: "Fee per trade, in basis points of the traded amount.")
    var feeBps: Double = 30

    @Option(help: "Book size in USD (slippage = trade size / pool liquidity).")
    var capital: Double = 10_000

    @Option(name: .customLong("rebalance-every"), help: ArgumentHelp("Rebalance spacing (default: the horizon).", valueName: "duration"))
    var rebalanceEvery: String?

    @Option(name: .customLong("train-start"), help: ArgumentHelp("Earliest training row (default: the store's first data).", valueName: "time"))
    var trainStart: String?

    @Option(name: .customLong("data-end"), help: ArgumentHelp("The store is complete to here (default: its last reserve update).", valueName: "time"))
    var dataEnd: String?

    @Option(help: ArgumentHelp("Ground truth CSV from `radar world export --truth`; adds the oracle model.", valueName: "file"))
    var truth: String?

    @Option(name: .customLong("oracle-column"), help: "The truth file's column used as the oracle's score.")
    var oracleColumn: String = "expected_return"

    @Option(help: ArgumentHelp("Output directory.", valueName: "dir"))
    var out: String

    func run() throws {
        let config = try options.loadConfig()
        let horizonLength = try horizon.map { try RadarDuration(parsing: $0, field: "--horizon") } ?? config.scoring.horizon
        var backtestConfig = BacktestConfig(
            from: try Timestamp(parsing: from, field: "--from"), to: try Timestamp(parsing: to, field: "--to"),
            step: try RadarDuration(parsing: step, field: "--step"),
            retrainEvery: try RadarDuration(parsing: retrainEvery, field: "--retrain-every"),
            horizon: try Horizon(length: horizonLength, executionLag: config.scoring.executionLag),
            embargo: try RadarDuration(parsing: embargo, field: "--embargo"), topK: topK, feeBps: feeBps, capitalUSD: capital,
            rebalanceEvery: try rebalanceEvery.map { try RadarDuration(parsing: $0, field: "--rebalance-every") },
            trainStart: try trainStart.map { try Timestamp(parsing: $0, field: "--train-start") },
            dataEnd: try dataEnd.map { try Timestamp(parsing: $0, field: "--data-end") },
            topQuantile: config.scoring.labelQuantile, deadReturn: config.scoring.deadTokenReturn)
        backtestConfig.training.blend = config.blendWeights
        let store = try options.openStore(config)
        try reportingPipelineErrors("backtest") {
            (backtestConfig.featureSet, backtestConfig.featureConfig) = try configuredFeatures(config)
            let oracle = try truth.map { try OracleScores.read(csv: $0, column: oracleColumn) }
            var bar = ProgressBar("backtest")
            let started = Date()
            let result = try Backtest(config: backtestConfig).run(store: store, oracle: oracle) {
                bar.update(stage: $0.stage, done: $0.done, total: $0.total)
            }
            if let oracle, result.evaluation(.oracle)?.ics.isEmpty ?? true {
                printError("radar backtest: warning: --truth \(truth ?? ""): no \(oracle.column) value at any scored timestamp "
                           + "(first \(result.scored.first?.time.description ?? "-")); are --from and --step on the truth file's hours?")
            }
            try BacktestReport.write(result, to: out, oracleColumn: oracle?.column)
            let summary = BacktestSummary(result, oracleColumn: oracle?.column)
            func cell(_ value: Double?, percent: Bool = false) -> String {
                guard let value else { return "-" }
                return percent ? String(format: "%.2f%%", value * 100) : String(format: "%.4f", value)
            }
            print("backtest \(backtestConfig.from) .. \(backtestConfig.to): \(result.scored.count) timestamps, "
                  + "\(result.retrains.count(where: { $0.modelID != nil })) models, \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
            let rows = result.evaluations.compactMap { evaluation -> [String]? in
                guard let model = summary.models[evaluation.name] else { return nil }
                return [evaluation.name, cell(model.rankIcMean), cell(model.icir), cell(model.hitRate, percent: true),
                        cell(model.topkExcessReturn, percent: true), cell(model.maxDrawdown, percent: true), cell(model.turnover, percent: true)]
            }
            print(columns([["model", "rank IC", "ICIR", "hit rate", "top-k excess", "max drawdown", "turnover"]] + rows,
                          rightAligned: [1, 2, 3, 4, 5, 6]))
            print("time: " + result.stageTimes.map { "\($0.stage) \(String(format: "%.1f", Double($0.duration / .milliseconds(1)) / 1000)) s" }
                .joined(separator: ", "))
            print("report: \(URL(fileURLWithPath: out).appendingPathComponent("report.html").path)")
        }
    }
}
