@testable import Scoring
import Testing

@Suite struct TreeSHAPTests {
    func model(rows: Int = 3000, trees: Int = 15) throws -> (GBDTModel, LabeledMatrix) {
        let data = try syntheticBinary(rows: rows, seed: 8)
        var parameters = GBDTParameters()
        parameters.trees = trees
        parameters.numLeaves = 10
        parameters.minDataInLeaf = 10
        return (try GBDTTrainer.fit(data, parameters: parameters, parallelism: .serial), data)
    }

    @Test func contributionsAddUpToTheRawScore() throws {
        let (model, data) = try model()
        let forest = Forest(model)
        for row in stride(from: 0, to: 3000, by: 97) {
            let values = data.features.row(row)
            let phi = try TreeSHAP.contributions(model, row: values)
            let raw = try forest.rawScore(row: values)
            #expect(abs(phi.reduce(0, +) - raw) < 1e-9, "row \(row)")
        }
        let missing = try TreeSHAP.contributions(model, row: [.nan, .nan, .nan, .nan])
        #expect(abs(missing.reduce(0, +) - (try forest.rawScore(row: [.nan, .nan, .nan, .nan]))) < 1e-9)
    }

    @Test func contributionsAreTheExactShapleyValues() throws {
        let (model, data) = try model(trees: 6)
        for row in [3, 50, 777] {
            let values = data.features.row(row)
            let phi = try TreeSHAP.contributions(model, row: values)
            let exact = bruteForceShapley(model, values)
            for feature in 0..<phi.count {
                #expect(abs(phi[feature] - exact[feature]) < 1e-9, "row \(row) feature \(feature): \(phi[feature]) vs \(exact[feature])")
            }
        }
    }

    @Test func aFeatureTheModelNeverSplitsOnContributesNothing() throws {
        var rows: [[Float]] = [], labels: [Float] = []
        for index in 0..<500 {
            rows.append([Float(index % 10), 7])
            labels.append(index % 10 > 4 ? 1 : 0)
        }
        let data = try LabeledMatrix(features: FeatureMatrix(featureNames: ["signal", "constant"], rows: rows), labels: labels)
        var parameters = GBDTParameters()
        parameters.trees = 5
        let model = try GBDTTrainer.fit(data, parameters: parameters, parallelism: .serial)
        let phi = try TreeSHAP.contributions(model, row: [8, 7])
        #expect(phi[1] == 0)
        #expect(phi[0] > 0)
    }

    /// Shapley values by enumerating every subset, with E[f | x_S] taken over training covers.
    func bruteForceShapley(_ model: GBDTModel, _ row: [Float]) -> [Double] {
        let count = row.count
        func expectation(_ present: Set<Int>) -> Double {
            model.trees.reduce(model.initialScore) { total, tree in
                total + conditional(tree, node: tree.splitFeature.isEmpty ? ~0 : 0, present: present, row: row)
            }
        }
        var factorial = [1.0]
        for n in 1...count { factorial.append(factorial[n - 1] * Double(n)) }
        var phi = [Double](repeating: 0, count: count + 1)
        for feature in 0..<count {
            let others = (0..<count).filter { $0 != feature }
            for mask in 0..<(1 << others.count) {
                let subset = Set(others.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element))
                let weight = factorial[subset.count] * factorial[count - subset.count - 1] / factorial[count]
                phi[feature] += weight * (expectation(subset.union([feature])) - expectation(subset))
            }
        }
        phi[count] = expectation([])
        return phi
    }

    func conditional(_ tree: RegressionTree, node: Int32, present: Set<Int>, row: [Float]) -> Double {
        guard node >= 0 else { return tree.leafValue[Int(~node)] }
        let index = Int(node)
        let feature = Int(tree.splitFeature[index])
        let left = tree.leftChild[index], right = tree.rightChild[index]
        if present.contains(feature) {
            let value = row[feature]
            let goLeft = value.isNaN ? tree.defaultLeft[index] : value <= tree.threshold[index]
            return conditional(tree, node: goLeft ? left : right, present: present, row: row)
        }
        func cover(_ node: Int32) -> Double { node >= 0 ? tree.internalCover[Int(node)] : tree.leafCover[Int(~node)] }
        return (cover(left) * conditional(tree, node: left, present: present, row: row)
                + cover(right) * conditional(tree, node: right, present: present, row: row)) / cover(node)
    }
}
