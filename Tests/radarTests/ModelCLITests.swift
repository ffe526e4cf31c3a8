import Foundation
import RadarTestSupport
import Testing

@Suite struct ModelCLITests {
    /// A small binary data set whose label follows `a` and `b`, with a few missing cells.
    func writeData(_ workspace: Workspace, name: String, rows: Int, seed: UInt64) throws {
        var state = seed
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        var lines = ["a,label,b,noise"]
        for row in 0..<rows {
            let a = next(), b = next(), noise = next()
            let label = a + 0.5 * b + 0.2 * next() > 0.85 ? 1 : 0
            lines.append("\(row % 50 == 0 ? "" : String(format: "%.5f", a)),\(label),\(String(format: "%.5f", b)),\(String(format: "%.5f", noise))")
        }
        try workspace.write(name, lines.joined(separator: "\n") + "\n")
    }

    @Test func trainPredictAndInspectAGBDTModel() throws {
        let workspace = try Workspace()
        defer { workspace.cleanUp() }
        try writeData(workspace, name: "train.csv", rows: 3000, seed: 1)
        try writeData(workspace, name: "valid.csv", rows: 1000, seed: 2)
        try workspace.write("params.yaml", "trees: 40\nleaves: 8\nlearning-rate: 0.2\n")
        let train = try radar(["model", "train", "--data", "train.csv", "--label", "label", "--kind", "gbdt", "--params", "params.yaml",
                               "--trees", "30", "--min-data-in-leaf", "10", "--threads", "2", "--seed", "4",
                               "--validation", "valid.csv", "--calibrate", "--out", "m.json"], in: workspace.directory)
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.contains("m.json: gbdt model on 3000 rows x 3 features"))

        let model = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: workspace.directory.appendingPathComponent("m.json"))) as? [String: Any])
        #expect(model["schemaVersion"] as? Int == 1)
        #expect(model["featureNames"] as? [String] == ["a", "b", "noise"])
        let parameters = try #require((model["gbdt"] as? [String: Any])?["parameters"] as? [String: Any])
        #expect(parameters["trees"] as? Int == 30)
        #expect(parameters["numLeaves"] as? Int == 8)
        #expect(parameters["learningRate"] as? Double == 0.2)
        let auc = try #require((model["metrics"] as? [String: Double])?["validation_auc"])
        #expect(auc > 0.9)

        let predict = try radar(["model", "predict", "--model", "m.json", "--data", "valid.csv", "--out", "p.csv"], in: workspace.directory)
        #expect(predict.status == 0, "\(predict.stderr)")
        let lines = try String(contentsOf: workspace.directory.appendingPathComponent("p.csv"), encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "raw,probability")
        #expect(lines.count == 1001)
        let probability = try #require(Double(lines[1].split(separator: ",")[1]))
        #expect(probability > 0 && probability < 1)

        let inspect = try radar(["model", "inspect", "m.json", "--top", "2"], in: workspace.directory)
        #expect(inspect.status == 0)
        #expect(inspect.stdout.contains("top features by split gain:"))
        #expect(inspect.stdout.contains("calibration: Platt"))
    }

    @Test func trainALogisticModelWithC() throws {
        let workspace = try Workspace()
        defer { workspace.cleanUp() }
        try writeData(workspace, name: "train.csv", rows: 2000, seed: 3)
        let train = try radar(["model", "train", "--data", "train.csv", "--label", "label", "--kind", "logistic", "--c", "0.5",
                               "--out", "l.json"], in: workspace.directory)
        #expect(train.status == 0, "\(train.stderr)")
        let predict = try radar(["model", "predict", "--model", "l.json", "--data", "train.csv", "--out", "p.csv"], in: workspace.directory)
        #expect(predict.status == 0)
        let inspect = try radar(["model", "inspect", "l.json"], in: workspace.directory)
        #expect(inspect.stdout.contains("parameters: C 0.5"))
    }

    @Test func badInputIsNamed() throws {
        let workspace = try Workspace()
        defer { workspace.cleanUp() }
        try writeData(workspace, name: "train.csv", rows: 500, seed: 5)
        try workspace.write("bad.csv", "a,label,b,noise\n0.1,1,0.2,0.3\n0.4,0,zero,0.5\n")
        let badCell = try radar(["model", "train", "--data", "bad.csv", "--label", "label", "--out", "m.json"], in: workspace.directory)
        #expect(badCell.status != 0)
        #expect(badCell.stderr.contains("bad.csv:3:3: not a number: 'zero'"))

        try workspace.write("typo.yaml", "trees: 10\nleafs: 4\n")
        let typo = try radar(["model", "train", "--data", "train.csv", "--label", "label", "--params", "typo.yaml", "--out", "m.json"],
                             in: workspace.directory)
        #expect(typo.status != 0)
        #expect(typo.stderr.contains("typo.yaml: unknown parameter 'leafs'"))

        #expect(try radar(["model", "train", "--data", "train.csv", "--label", "label", "--trees", "5", "--out", "m.json"],
                          in: workspace.directory).status == 0)
        try workspace.write("other.csv", "a,volume,noise\n0.1,0.2,0.3\n")
        let missing = try radar(["model", "predict", "--model", "m.json", "--data", "other.csv", "--out", "p.csv"], in: workspace.directory)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("other.csv: no column for the model's feature b; its columns are a, volume, noise"))

        try workspace.write("broken.json", "{\"schemaVersion\": 1, \"kind\": \"gbdt\"")
        let broken = try radar(["model", "inspect", "broken.json"], in: workspace.directory)
        #expect(broken.status != 0)
        #expect(broken.stderr.contains("broken.json:0: not a model file: corrupt JSON"))
    }
}
