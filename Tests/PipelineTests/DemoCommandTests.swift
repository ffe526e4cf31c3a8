import Foundation
import Pipeline
import Testing

/// `radar demo` end to end on a small world: the README's main command, from serving to the watchlist.
@Suite struct DemoCommandTests {
    @Test func theDemoCollectsBacktestsTrainsAndScoresTheEmbeddedWorld() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("radar-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Feeds/radar.yaml").path
        let out = directory.appendingPathComponent("demo")
        let run = try RadarCommandTests.radar(["demo", "--config", config, "--out", out.path, "--tokens", "60", "--days", "15",
                                               "--horizon", "1d", "--step", "6h", "--retrain-every", "4d", "--embargo", "12h"],
                                              in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        // Every feed collected without errors, the backtest and the watchlist were printed.
        for feed in ["world-chain", "world-market", "world-social", "world-news", "world-ip-registry"] {
            #expect(run.stdout.contains("\(feed): fetched"), "\(feed) did not report")
        }
        #expect(!run.stdout.contains("errors 1"), "\(run.stdout)")
        #expect(run.stdout.contains("watchlist as of"), "\(run.stdout)")
        #expect(run.stdout.contains("radar demo: report:  \(out.path)/report.html"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("report.html").path))

        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as? [String: Any]
        let models = try #require(summary?["models"] as? [String: Any])
        #expect(Set(models.keys) == ["gbdt", "logistic", "blend", "baseline", "oracle"])
        for (name, value) in models {
            let entry = try #require(value as? [String: Any])
            for key in ["rank_ic_mean", "icir", "hit_rate", "topk_excess_return", "max_drawdown", "turnover"] {
                #expect(entry.keys.contains(key), "\(name) lacks \(key)")
            }
        }
        // The world's planted signal is there for the oracle to find.
        let oracle = try #require(models["oracle"] as? [String: Any])
        #expect((oracle["rank_ic_mean"] as? Double ?? 0) > 0.3)
    }
}
