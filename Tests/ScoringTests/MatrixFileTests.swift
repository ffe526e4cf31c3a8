import Foundation
import Scoring
import Testing

@Suite struct MatrixFileTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("matrix-\(UUID().uuidString).armx").path
    }

    @Test func aMatrixRoundTripsBitForBitWithItsLabels() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let matrix = try FeatureMatrix(featureNames: ["volume_24h", "holders", "réach"], rows: [[1.5, .nan, -0], [2, 3, .infinity]])
        try MatrixFile.write(matrix, labels: [1, 0], labelName: "top_quintile", to: path)
        let table = try MatrixFile.read(path: path)
        #expect(table.features.featureNames == matrix.featureNames)
        #expect(table.features.values.map(\.bitPattern) == matrix.values.map(\.bitPattern))
        #expect(table.labels == [1, 0])
        #expect(table.labelName == "top_quintile")
    }

    @Test func aMatrixWithoutLabelsRoundTrips() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let matrix = try FeatureMatrix(featureNames: ["a"], rows: [[1], [2], [3]])
        try MatrixFile.write(matrix, to: path)
        let table = try MatrixFile.read(path: path)
        #expect(table.labels == nil)
        #expect(table.features == matrix)
    }

    @Test func aForeignOrTruncatedFileIsRefusedByName() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("volume,label\n1,0\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: ScoringError.malformedFile(source: path, line: 0, reason: "not a matrix file (it does not start with ARMATRIX)")) {
            try MatrixFile.read(path: path)
        }
        let matrix = try FeatureMatrix(featureNames: ["a"], rows: [[1], [2], [3]])
        try MatrixFile.write(matrix, to: path)
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        try whole.prefix(whole.count - 2).write(to: URL(fileURLWithPath: path))
        #expect(throws: ScoringError.self) { try MatrixFile.read(path: path) }
    }
}
