import Foundation
@testable import Scoring
import Testing

private let peerPython = PythonPeer.python
private let peerScript = PythonPeer.scripts.appendingPathComponent("lightgbm_peer.py")

/// Whether LightGBM can be imported from the venv (scripts/setup.sh installs it).
private let lightGBMAvailable = PythonPeer.canImport("lightgbm, sklearn")

/// What LightGBM predicted on the peer's test set.
private struct LightGBMResult: Decodable {
    var raw: [Double]
    var auc: Double
    var lightgbm: String
}

/// Runs the peer script in a fresh directory and returns the directory and LightGBM's result.
private func runLightGBM(_ arguments: [String]) throws -> (URL, LightGBMResult) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lightgbm-peer-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let process = Process()
    process.executableURL = peerPython
    process.arguments = [peerScript.path, arguments[0], directory.path] + arguments.dropFirst()
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "the LightGBM peer failed")
    let result = try JSONDecoder().decode(LightGBMResult.self, from: Data(contentsOf: directory.appendingPathComponent("peer.json")))
    return (directory, result)
}

/// Tie-aware AUC from ranks (a small local version; the metrics module has the tested one).
private func rankAUC(_ scores: [Double], _ labels: [Float]) -> Double {
    let order = scores.indices.sorted { scores[$0] < scores[$1] }
    var ranks = [Double](repeating: 0, count: scores.count)
    var start = 0
    while start < order.count {
        var end = start
        while end + 1 < order.count && scores[order[end + 1]] == scores[order[start]] { end += 1 }
        for position in start...end { ranks[order[position]] = Double(start + end) / 2 + 1 }
        start = end + 1
    }
    let positives = labels.filter { $0 == 1 }.count
    let negatives = labels.count - positives
    let rankSum = zip(ranks, labels).filter { $0.1 == 1 }.reduce(0) { $0 + $1.0 }
    return (rankSum - Double(positives * (positives + 1)) / 2) / Double(positives * negatives)
}

@Suite(.enabled(if: lightGBMAvailable, "needs LightGBM in .venv: run scripts/setup.sh"))
struct LightGBMPeerTests {
    /// As scikit-learn's test_compare_lightgbm: on pre-binned data, one tree with learning rate 1 and
    /// 8 leaves, more than 99% of predictions agree with LightGBM's to 1e-3.
    @Test func oneTreeOnPreBinnedDataPredictsLikeLightGBM() throws {
        let (directory, peer) = try runLightGBM(["prebinned"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let train = try CSVMatrixReader.read(path: directory.appendingPathComponent("train.csv").path, label: "label").labeled(source: "train.csv")
        let test = try CSVMatrixReader.read(path: directory.appendingPathComponent("test.csv").path, label: "label")
        var parameters = GBDTParameters()
        parameters.trees = 1
        parameters.numLeaves = 8
        parameters.learningRate = 1
        let ours = try Forest(GBDTTrainer.fit(train, parameters: parameters)).rawScores(test.features)
        let agreeing = zip(ours, peer.raw).filter { abs($0 - $1) <= 1e-3 }.count
        #expect(Double(agreeing) / Double(ours.count) > 0.99, "\(agreeing) of \(ours.count) agree with LightGBM \(peer.lightgbm)")
    }

    /// With the same parameters on 100k rows with missing values, test AUC within 0.002 of LightGBM's.
    @Test func testAUCMatchesLightGBMOnAHundredThousandRows() throws {
        let (directory, peer) = try runLightGBM(["auc", "100000"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let train = try CSVMatrixReader.read(path: directory.appendingPathComponent("train.csv").path, label: "label").labeled(source: "train.csv")
        let test = try CSVMatrixReader.read(path: directory.appendingPathComponent("test.csv").path, label: "label")
        var parameters = GBDTParameters()
        parameters.trees = 50
        parameters.numLeaves = 31
        parameters.learningRate = 0.1
        let ours = try Forest(GBDTTrainer.fit(train, parameters: parameters)).rawScores(test.features)
        let auc = rankAUC(ours, test.labels ?? [])
        #expect(abs(auc - peer.auc) <= 0.002, "ours \(auc), LightGBM \(peer.lightgbm) \(peer.auc)")
    }
}
