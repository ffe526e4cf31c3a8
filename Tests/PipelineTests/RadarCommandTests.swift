import Foundation
import Pipeline
import RadarTestSupport
import Testing

/// `radar train`, `radar score` and `radar backtest` run as a user runs them, on the shared store.
@Suite struct RadarCommandTests {
    typealias Run = RadarRun

    /// Runs the built `radar` in `directory`, which has no config file, so the defaults apply and
    /// `--store` names the store.
    static func radar(_ arguments: [String], in directory: URL) throws -> RadarRun {
        try RadarTestSupport.radar(arguments, in: directory)
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

        // A rerun in a new process (new hash seed) writes the same bytes: no figure depends on dictionary order.
        let rerunOut = directory.appendingPathComponent("backtest-again")
        let rerun = try Self.radar(["backtest", "--store", store, "--from", time(12 * 24), "--to", time(15 * 24), "--step", "12h",
                                    "--retrain-every", "3d", "--horizon", "1d", "--embargo", "6h", "--top-k", "5",
                                    "--train-start", time(2 * 24), "--truth", PipelineWorld.truthPath, "--out", rerunOut.path], in: directory)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        for file in ["summary.json", "ic.csv", "equity.csv", "quantiles.csv", "categories.csv"] {
            let first = try Data(contentsOf: out.appendingPathComponent(file))
            #expect(try Data(contentsOf: rerunOut.appendingPathComponent(file)) == first, "\(file) differs between two runs")
        }

        let bad = try Self.radar(["backtest", "--store", store, "--from", time(15 * 24), "--to", time(12 * 24), "--out", out.path],
                                 in: directory)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--from/--to"), "\(bad.stderr)")
    }

    /// The config's `features` section reaches training, scoring and the backtest: models learn the
    /// configured set, scoring builds the set the model was trained on, and a set this build does not
    /// know is an error that names the field and the value.
    @Test func theConfiguredFeatureSetReachesTheWholePipeline() throws {
        let fixture = PipelineWorld.shared
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("radar-feature-set-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func time(_ hour: Int) -> String { fixture.time(endOfHour: hour).description }
        func config(_ set: String) throws -> String {
            let path = directory.appendingPathComponent("radar-\(set).yaml").path
            try "store:\n  path: \(fixture.store.path)\nfeeds: []\nfeatures:\n  set: \(set)\n".write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let v2 = try config("radar@2")

        let train = try Self.radar(["train", "--config", v2, "--from", time(24), "--to", time(10 * 24), "--step", "12h",
                                    "--horizon", "1d", "--out-dir", "Models"], in: directory)
        #expect(train.status == 0, "\(train.stderr)")
        let bundle = try ModelBundle.read(path: directory.appendingPathComponent("Models/blend-20250116T010000Z.json").path)
        #expect(bundle.featureSet == "radar@2")
        #expect(bundle.featureNames.count == 62 && bundle.featureNames.contains("volume_usd_24h_rank"), "\(bundle.featureNames)")

        // Scoring with a radar@1 config still builds the model's radar@2 rows.
        let score = try Self.radar(["score", "--config", try config("radar@1"), "--asof", time(10 * 24),
                                    "--model", directory.appendingPathComponent("Models/blend-20250116T010000Z.json").path,
                                    "--top", "3"], in: directory)
        #expect(score.status == 0, "\(score.stderr)")
        #expect(score.stdout.contains("model blend-20250116T010000Z"), "\(score.stdout)")

        let out = directory.appendingPathComponent("backtest")
        let backtest = try Self.radar(["backtest", "--config", v2, "--from", time(12 * 24), "--to", time(15 * 24), "--step", "12h",
                                       "--retrain-every", "3d", "--horizon", "1d", "--embargo", "6h", "--train-start", time(2 * 24),
                                       "--out", out.path], in: directory)
        #expect(backtest.status == 0, "\(backtest.stderr)")
        let summary = try BacktestSummary.decode(Data(contentsOf: out.appendingPathComponent("summary.json")))
        #expect(summary.config.featureSet == "radar@2")

        let unknown = try Self.radar(["backtest", "--config", try config("radar@9"), "--from", time(12 * 24), "--to", time(15 * 24),
                                      "--out", out.path], in: directory)
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("features.set") && unknown.stderr.contains("radar@9"), "\(unknown.stderr)")
    }
}
