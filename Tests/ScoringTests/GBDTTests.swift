import Foundation
@testable import Scoring
import Testing

/// Synthetic data with a known signal: y depends on x0 and x1, x2 is noise, x3 is missing when y = 1
/// more often than not.
func syntheticBinary(rows: Int, seed: UInt64) throws -> LabeledMatrix {
    var random = SeededGenerator(seed: seed)
    func uniform() -> Float { Float(random.next() % 1_000_000) / 1_000_000 }
    var values: [[Float]] = []
    var labels: [Float] = []
    for _ in 0..<rows {
        let x0 = uniform(), x1 = uniform(), x2 = uniform()
        let signal = 3 * (x0 - 0.5) + 2 * (x1 > 0.7 ? 1 : -0.5) + (uniform() - 0.5)
        let label: Float = signal > 0 ? 1 : 0
        let x3: Float = uniform() < (label == 1 ? 0.6 : 0.1) ? .nan : uniform()
        values.append([x0, x1, x2, x3])
        labels.append(label)
    }
    return try LabeledMatrix(features: FeatureMatrix(featureNames: ["x0", "x1", "x2", "x3"], rows: values), labels: labels)
}

/// The share of rows whose predicted probability lands on the right side of 0.5.
func accuracy(_ probabilities: [Double], _ labels: [Float]) -> Double {
    Double(zip(probabilities, labels).filter { ($0 > 0.5) == ($1 == 1) }.count) / Double(labels.count)
}

@Suite struct GBDTTests {
    @Test func parametersWrittenBeforeAParameterExistedKeepItsDefault() throws {
        let json = #"{"objective":"binary","trees":7,"numLeaves":5,"learningRate":0.3}"#
        let parameters = try JSONDecoder().decode(GBDTParameters.self, from: Data(json.utf8))
        #expect(parameters.trees == 7 && parameters.numLeaves == 5 && parameters.learningRate == 0.3)
        #expect(parameters.minDataInLeaf == 20 && parameters.recordTrainingLoss == false && parameters.binning == BinningParameters())
        let roundTrip = try JSONDecoder().decode(GBDTParameters.self, from: JSONEncoder().encode(parameters))
        #expect(roundTrip == parameters)
    }

    @Test func theTrainingLossIsKeptOnlyWhenAskedFor() throws {
        let train = try syntheticBinary(rows: 1000, seed: 3)
        var parameters = GBDTParameters()
        parameters.trees = 5
        #expect(try GBDTTrainer.fit(train, parameters: parameters, parallelism: .serial).trainingLoss.isEmpty)
        parameters.recordTrainingLoss = true
        let losses = try GBDTTrainer.fit(train, parameters: parameters, parallelism: .serial).trainingLoss
        #expect(losses.count == 5 && zip(losses, losses.dropFirst()).allSatisfy { $1 < $0 })
    }

    @Test func aBinaryModelLearnsTheSignalAndUsesTheInformativeFeatures() throws {
        let train = try syntheticBinary(rows: 4000, seed: 1)
        let test = try syntheticBinary(rows: 2000, seed: 2)
        var parameters = GBDTParameters()
        parameters.trees = 60
        parameters.numLeaves = 15
        parameters.recordTrainingLoss = true
        let model = try GBDTTrainer.fit(train, parameters: parameters, parallelism: .serial)
        let forest = Forest(model)
        #expect(accuracy(try forest.predictions(test.features), test.labels) > 0.9)
        #expect(model.trainingLoss.last! < model.trainingLoss.first!)
        let gain = model.importance.gain
        #expect(gain[0] > gain[2] && gain[1] > gain[2] && gain[3] > gain[2])
        #expect(model.importance.splits.reduce(0, +) == model.trees.reduce(0) { $0 + $1.splitFeature.count })
    }

    @Test func aRegressionModelFitsALinearSignal() throws {
        var random = SeededGenerator(seed: 5)
        var rows: [[Float]] = [], labels: [Float] = []
        for _ in 0..<3000 {
            let a = Float(random.next() % 1000) / 100, b = Float(random.next() % 1000) / 100
            rows.append([a, b])
            labels.append(3 * a - 2 * b)
        }
        let data = try LabeledMatrix(features: FeatureMatrix(featureNames: ["a", "b"], rows: rows), labels: labels)
        var parameters = GBDTParameters()
        parameters.objective = .regression
        parameters.trees = 200
        parameters.learningRate = 0.2
        parameters.recordTrainingLoss = true
        let model = try GBDTTrainer.fit(data, parameters: parameters, parallelism: .serial)
        let variance = labels.map { Double($0) }.reduce(0) { $0 + $1 * $1 } / 3000
        #expect(model.trainingLoss.last! < variance * 0.01)
        #expect(abs(model.initialScore - labels.reduce(0.0) { $0 + Double($1) } / 3000) < 1e-9)
    }

    @Test func eachLeafHoldsTheNewtonStepOfItsRows() throws {
        // One tree, learning rate 1: a leaf's value is -G/(H+λ) over the training rows that reach it,
        // which checks the partition and the histogram subtraction together.
        let data = try syntheticBinary(rows: 3000, seed: 9)
        var parameters = GBDTParameters()
        parameters.trees = 1
        parameters.learningRate = 1
        parameters.numLeaves = 12
        parameters.lambdaL2 = 2
        parameters.minDataInLeaf = 30
        let model = try GBDTTrainer.fit(data, parameters: parameters, parallelism: .serial)
        let tree = try #require(model.trees.first)
        #expect((6...12).contains(tree.leafValue.count))
        #expect(tree.leafCover.reduce(0, +) == 3000)
        #expect(tree.leafCover.allSatisfy { $0 >= 30 })
        let p = 1 / (1 + exp(-model.initialScore))
        var sums = [(g: Double, h: Double)](repeating: (0, 0), count: tree.leafValue.count)
        for row in 0..<3000 {
            let values = data.features.row(row)
            let leaf = values.withUnsafeBufferPointer { leafIndex(tree, $0.baseAddress!) }
            sums[leaf].g += Double(Float(p - Double(data.labels[row])))
            sums[leaf].h += Double(Float(p * (1 - p)))
        }
        for (leaf, sum) in sums.enumerated() {
            #expect(abs(tree.leafValue[leaf] - (-sum.g / (sum.h + 2))) < 1e-9 * max(1, abs(tree.leafValue[leaf])))
        }
    }

    @Test func trainingIsDeterministicForASeedAndTheSameForAnyThreadCount() throws {
        // Enough rows that the bagged root and the first children are summed in row chunks
        // (TreeGrower.summedInChunks), and the smaller leaves by feature groups, both on several threads.
        let data = try syntheticBinary(rows: 150_000, seed: 3)
        var parameters = GBDTParameters()
        parameters.trees = 4
        parameters.numLeaves = 20
        parameters.featureFraction = 0.75
        parameters.baggingFraction = 0.7
        parameters.baggingFrequency = 1
        parameters.seed = 11
        let serial = try GBDTTrainer.fit(data, parameters: parameters, parallelism: .serial)
        let again = try GBDTTrainer.fit(data, parameters: parameters, parallelism: .serial)
        let threaded = try GBDTTrainer.fit(data, parameters: parameters, parallelism: Parallelism(threads: 4))
        #expect(serial == again)
        #expect(serial == threaded)
        parameters.seed = 12
        #expect(try GBDTTrainer.fit(data, parameters: parameters, parallelism: .serial) != serial)
    }

    @Test func missingValuesFollowTheLearnedDefaultDirection() throws {
        // x is missing exactly when the label is 1.
        var rows: [[Float]] = [], labels: [Float] = []
        for index in 0..<1000 {
            let positive = index % 3 == 0
            rows.append([positive ? .nan : Float(index % 17)])
            labels.append(positive ? 1 : 0)
        }
        let data = try LabeledMatrix(features: FeatureMatrix(featureNames: ["x"], rows: rows), labels: labels)
        var parameters = GBDTParameters()
        parameters.trees = 20
        let forest = Forest(try GBDTTrainer.fit(data, parameters: parameters, parallelism: .serial))
        #expect(try forest.rawScore(row: [.nan]) > 2)
        #expect(try forest.rawScore(row: [5]) < -2)
        #expect(try forest.rawScore(row: [1000]) < -2)
    }

    @Test func earlyStoppingKeepsTheBestRound() throws {
        let train = try syntheticBinary(rows: 600, seed: 21)
        let validation = try syntheticBinary(rows: 600, seed: 22)
        var parameters = GBDTParameters()
        parameters.trees = 400
        parameters.numLeaves = 63
        parameters.minDataInLeaf = 2
        parameters.learningRate = 0.3
        parameters.earlyStoppingRounds = 10
        let model = try GBDTTrainer.fit(train, validation: validation, parameters: parameters, parallelism: .serial)
        #expect(model.trees.count < 400)
        let best = model.validationLoss.indices.min { model.validationLoss[$0] < model.validationLoss[$1] }!
        #expect(model.trees.count == best + 1)
        #expect(model.validationLoss.count == best + 1 + 10)
        #expect(model.importance.splits.reduce(0, +) == model.trees.reduce(0) { $0 + $1.splitFeature.count })
    }

    @Test func batchAndSingleRowPredictionsAgree() throws {
        let data = try syntheticBinary(rows: 2000, seed: 4)
        var parameters = GBDTParameters()
        parameters.trees = 30
        let forest = Forest(try GBDTTrainer.fit(data, parameters: parameters, parallelism: .serial))
        let batch = try forest.rawScores(data.features, parallelism: Parallelism(threads: 3))
        for row in stride(from: 0, to: 2000, by: 37) {
            #expect(try forest.rawScore(row: data.features.row(row)) == batch[row])
        }
        let model = try GBDTTrainer.fit(data, parameters: parameters, parallelism: .serial)
        let bySum = (0..<5).map { row in
            model.trees.reduce(model.initialScore) { total, tree in
                total + data.features.row(row).withUnsafeBufferPointer { tree.predict($0.baseAddress!) }
            }
        }
        // The forest adds leaf values in its own fixed order, so a tree-order sum agrees to rounding.
        for (sum, score) in zip(bySum, batch[0..<5]) { #expect(abs(sum - score) < 1e-12) }
        #expect(throws: ScoringError.self) { try forest.rawScore(row: [1, 2]) }
    }

    @Test func badParametersAndLabelsAreRefusedByName() throws {
        let data = try syntheticBinary(rows: 50, seed: 1)
        var parameters = GBDTParameters()
        parameters.numLeaves = 1
        #expect(throws: ScoringError.invalidParameter(name: "numLeaves", value: "1", reason: "must be between 2 and 65536")) {
            try GBDTTrainer.fit(data, parameters: parameters)
        }
        let bad = try LabeledMatrix(features: data.features, labels: data.labels.enumerated().map { $0.offset == 7 ? 2 : $0.element })
        #expect(throws: ScoringError.invalidParameter(name: "label", value: "2.0", reason: "row 8: binary labels must be 0 or 1")) {
            try GBDTTrainer.fit(bad, parameters: GBDTParameters())
        }
    }
}

/// The leaf a raw row reaches in `tree`.
func leafIndex(_ tree: RegressionTree, _ row: UnsafePointer<Float>) -> Int {
    var node: Int32 = 0
    while node >= 0 {
        let index = Int(node)
        let value = row[Int(tree.splitFeature[index])]
        node = (value.isNaN ? tree.defaultLeft[index] : value <= tree.threshold[index]) ? tree.leftChild[index] : tree.rightChild[index]
    }
    return Int(~node)
}
