import Foundation
import Pipeline
import Testing

/// The backtest's files, and the summary.json keys scripts rely on.
@Suite struct BacktestReportTests {
    @Test func summaryHasTheStableKeysAndTheReportItsCharts() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("radar-report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try BacktestReport.write(PipelineWorld.backtest, to: directory.path, oracleColumn: "expected_return")
        for name in BacktestReport.files {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path), "\(name) missing")
        }
        let data = try Data(contentsOf: directory.appendingPathComponent("summary.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let models = try #require(json["models"] as? [String: Any])
        #expect(Set(models.keys) == ["gbdt", "logistic", "blend", "baseline", "oracle"])
        for (name, entry) in models {
            let figures = try #require(entry as? [String: Any])
            for key in ["rank_ic_mean", "icir", "hit_rate", "topk_excess_return", "max_drawdown", "turnover"] {
                #expect(figures[key] is NSNumber, "models.\(name).\(key) is not a number")
            }
        }
        let summary = try BacktestSummary.decode(data)
        // An undefined figure stays a key, with null.
        var empty = summary
        empty.models["blend"]?.turnover = nil
        let reencoded = try #require(try JSONSerialization.jsonObject(with: empty.encoded()) as? [String: Any])
        let blend = try #require((reencoded["models"] as? [String: Any])?["blend"] as? [String: Any])
        #expect(blend["turnover"] is NSNull)
        #expect(summary.models["blend"]?.quantileReturns.count == 5)
        let html = try String(contentsOf: directory.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.components(separatedBy: "<svg").count - 1 == 5)
        for title in ["Cumulative rank IC", "Mean alpha by score quintile", "book equity", "Calibration", "feature importance"] {
            #expect(html.contains(title), "report lacks \(title)")
        }
        let ic = try String(contentsOf: directory.appendingPathComponent("ic.csv"), encoding: .utf8)
        #expect(ic.hasPrefix("time,model,ic,rank_ic,tokens\n"))
    }
}
