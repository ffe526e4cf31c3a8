import Foundation
import RadarTestSupport
import Testing

private let venvPython = repositoryRoot.appendingPathComponent(".venv/bin/python")

/// Whether LightGBM and XGBoost can be imported from the test venv (scripts/setup.sh installs them).
private let modelLibrariesAvailable: Bool = {
    guard FileManager.default.isExecutableFile(atPath: venvPython.path) else { return false }
    let process = Process()
    process.executableURL = venvPython
    process.arguments = ["-c", "import lightgbm, xgboost"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
}()

@Suite(.enabled(if: modelLibrariesAvailable, "needs LightGBM and XGBoost in .venv: run scripts/setup.sh"))
struct ModelImportCLITests {
    @Test func importedModelsPredictWhatTheirLibrariesPredict() throws {
        let workspace = try Workspace()
        defer { workspace.cleanUp() }
        var lines = ["volume,label,holders,mentions"]
        var state: UInt64 = 99
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        for row in 0..<1500 {
            let volume = next(), holders = next(), mentions = next()
            let label = volume + holders * 0.5 + next() * 0.3 > 0.9 ? 1 : 0
            lines.append("\(String(format: "%.6f", volume)),\(label),\(row % 9 == 0 ? "nan" : String(format: "%.6f", holders)),\(String(format: "%.6f", mentions))")
        }
        try workspace.write("data.csv", lines.joined(separator: "\n") + "\n")
        let export = Process()
        export.executableURL = venvPython
        export.arguments = [URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Peers/export_models.py").path,
                            workspace.directory.path]
        try export.run()
        export.waitUntilExit()
        #expect(export.terminationStatus == 0)
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: workspace.directory.appendingPathComponent("expected.json"))) as? [String: [Double]])

        for (library, file) in [("lightgbm", "lightgbm.txt"), ("xgboost", "xgboost.json")] {
            let imported = try radar(["model", "import", "--from", library, file, "--out", "\(library).radar.json"], in: workspace.directory)
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.contains("imported from \(library)"))
            let predicted = try radar(["model", "predict", "--model", "\(library).radar.json", "--data", "data.csv", "--out", "\(library).csv"],
                                      in: workspace.directory)
            #expect(predicted.status == 0, "\(predicted.stderr)")
            let ours = try String(contentsOf: workspace.directory.appendingPathComponent("\(library).csv"), encoding: .utf8)
                .split(separator: "\n").dropFirst().map { Double($0.split(separator: ",")[0])! }
            let theirs = try #require(expected[library])
            #expect(ours.count == theirs.count)
            let worst = zip(ours, theirs).map { abs($0 - $1) }.max() ?? .infinity
            #expect(worst <= 1e-5, "\(library): max difference \(worst)")
            let inspect = try radar(["model", "inspect", "\(library).radar.json"], in: workspace.directory)
            #expect(inspect.stdout.contains("imported from \(library)"))
        }
        let wrong = try radar(["model", "import", "--from", "lightgbm", "xgboost.json", "--out", "x.json"], in: workspace.directory)
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("xgboost.json"))
    }
}
