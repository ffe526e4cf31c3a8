import Foundation
@testable import Scoring
import Testing

@Suite struct ModelFileTests {
    let training = TrainingMetadata(trainedAt: "2026-11-26T08:00:00Z", source: "train.csv", rows: 2000, labelName: "label",
                                    windowStart: "2026-08-01", windowEnd: "2026-11-01")

    func gbdtFile() throws -> (ModelFile, LabeledMatrix) {
        let data = try syntheticBinary(rows: 2000, seed: 31)
        var parameters = GBDTParameters()
        parameters.trees = 20
        let model = try GBDTTrainer.fit(data, parameters: parameters, parallelism: .serial)
        return (ModelFile(gbdt: model, parameters: parameters, training: training, metrics: ["validation_auc": 0.91],
                          calibration: PlattCalibration(a: -1.1, b: 0.05)), data)
    }

    @Test func aGBDTFileRoundTripsAndPredictsBitIdentically() throws {
        let (file, data) = try gbdtFile()
        let read = try ModelFile.decode(try file.encoded(), source: "m.json")
        #expect(read == file)
        #expect(try read.rawScores(data.features).map(\.bitPattern) == file.rawScores(data.features).map(\.bitPattern))
        #expect(try read.probabilities(data.features) == file.probabilities(data.features))
        let text = String(decoding: try file.encoded(), as: UTF8.self)
        #expect(text.contains("\"schemaVersion\" : 1"))
        #expect(text.contains("\"kind\" : \"gbdt\""))
    }

    @Test func aLogisticFileRoundTripsAndPredictsBitIdentically() throws {
        let data = try syntheticBinary(rows: 1500, seed: 32)
        let parameters = LogisticParameters()
        let model = try LogisticTrainer.fit(data, parameters: parameters)
        let file = ModelFile(logistic: model, parameters: parameters, training: training)
        let read = try ModelFile.decode(try file.encoded(), source: "m.json")
        #expect(read == file)
        #expect(try read.rawScores(data.features).map(\.bitPattern) == file.rawScores(data.features).map(\.bitPattern))
    }

    @Test func aFileOfAnotherVersionIsRefusedNamingBoth() throws {
        let (file, _) = try gbdtFile()
        var object = try #require(try JSONSerialization.jsonObject(with: file.encoded()) as? [String: Any])
        object["schemaVersion"] = 7
        let data = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: ScoringError.malformedFile(source: "old.json", line: 0, reason: "model schema version 7; this radar reads version 1")) {
            try ModelFile.decode(data, source: "old.json")
        }
    }

    @Test func aMissingFieldIsNamedWithItsPath() throws {
        let (file, _) = try gbdtFile()
        var object = try #require(try JSONSerialization.jsonObject(with: file.encoded()) as? [String: Any])
        var gbdt = try #require(object["gbdt"] as? [String: Any])
        var model = try #require(gbdt["model"] as? [String: Any])
        model.removeValue(forKey: "initialScore")
        gbdt["model"] = model
        object["gbdt"] = gbdt
        let withoutInitialScore = try JSONSerialization.data(withJSONObject: object)
        do {
            _ = try ModelFile.decode(withoutInitialScore, source: "m.json")
            Issue.record("a file without initialScore must be refused")
        } catch {
            #expect(error.description == "m.json:0: missing field 'initialScore' in gbdt.model")
        }
        object.removeValue(forKey: "schemaVersion")
        #expect(throws: ScoringError.malformedFile(source: "m.json", line: 0, reason: "missing field 'schemaVersion'; is this a radar model file?")) {
            try ModelFile.decode(try JSONSerialization.data(withJSONObject: object), source: "m.json")
        }
    }

    @Test func corruptJSONIsRefused() throws {
        let (file, _) = try gbdtFile()
        let data = try file.encoded()
        let cut = data.prefix(data.count / 2)
        do {
            _ = try ModelFile.decode(cut, source: "cut.json")
            Issue.record("a truncated file must be refused")
        } catch {
            #expect(error.description.hasPrefix("cut.json:0: not a model file: corrupt JSON"))
        }
    }

    @Test func scoringAMatrixWithOtherFeaturesNamesTheDifference() throws {
        let (file, _) = try gbdtFile()
        let other = try FeatureMatrix(featureNames: ["x0", "x1", "x2", "volume"], rows: [[1, 2, 3, 4]])
        #expect(throws: ScoringError.featureMismatch(expected: ["x0", "x1", "x2", "x3"], found: ["x0", "x1", "x2", "volume"])) {
            try file.rawScores(other)
        }
    }

    @Test func aFileWrittenToDiskReadsBack() throws {
        let (file, _) = try gbdtFile()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("model-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try file.write(to: path)
        #expect(try ModelFile.read(path: path) == file)
        #expect(throws: ScoringError.self) { try ModelFile.read(path: path + ".missing") }
    }
}
