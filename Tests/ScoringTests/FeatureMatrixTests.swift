import Scoring
import Testing

@Suite struct FeatureMatrixTests {
    @Test func rowsAreStoredColumnByColumn() throws {
        let matrix = try FeatureMatrix(featureNames: ["a", "b"], rows: [[1, 2], [3, .nan], [5, 6]])
        #expect(matrix.values.count == 6)
        #expect(Array(matrix.column(0)) == [1, 3, 5])
        #expect(matrix[1, 1].isNaN)
        #expect(matrix.row(2) == [5, 6])
        #expect(matrix.featureCount == 2)
    }

    @Test func shapesAndNamesAreChecked() throws {
        #expect(throws: ScoringError.shapeMismatch("5 values for 3 rows x 2 features")) {
            try FeatureMatrix(featureNames: ["a", "b"], rowCount: 3, columnMajor: [1, 2, 3, 4, 5])
        }
        #expect(throws: ScoringError.self) { try FeatureMatrix(featureNames: ["a", "a"], rows: [[1, 2]]) }
        let matrix = try FeatureMatrix(featureNames: ["a", "b"], rows: [[1, 2]])
        #expect(throws: ScoringError.self) { try LabeledMatrix(features: matrix, labels: [1, 0]) }
    }

    @Test func aFeatureMismatchNamesTheDifference() throws {
        let matrix = try FeatureMatrix(featureNames: ["volume_24h", "holders", "mentions"], rows: [[1, 2, 3]])
        do {
            try matrix.requireFeatures(["volume_24h", "holders", "reach"])
            Issue.record("a different feature set must be refused")
        } catch {
            #expect(error.description == "the matrix's features differ from the model's: missing reach; unexpected mentions")
        }
        do {
            try matrix.requireFeatures(["holders", "volume_24h", "mentions"])
            Issue.record("a different order must be refused")
        } catch {
            #expect(error.description == "the matrix's features differ from the model's: column 1 is 'volume_24h', the model expects 'holders' there")
        }
    }
}
