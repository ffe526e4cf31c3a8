import Foundation
@testable import Scoring
import Testing

private let xgbImportPython = PythonPeer.python
private let xgbImportScript = PythonPeer.scripts.appendingPathComponent("xgboost_export.py")

/// Whether XGBoost and scikit-learn can be imported from the venv (requirements-test.txt lists them).
private let xgbImportPeerAvailable = PythonPeer.canImport("xgboost, sklearn")

// MARK: - Handwritten models in XGBoost 3's JSON layout

/// One XGBoost tree as `save_model` writes it: per-node arrays, leaves marked by left child -1.
private func xgbImportTree(left: [Int], right: [Int], feature: [Int], condition: [Double], defaultLeft: [Any],
                           hessian: [Double], loss: [Double], baseWeights: [Double]? = nil, splitType: [Int]? = nil) -> [String: Any] {
    [
        "base_weights": baseWeights ?? condition, "categories": [Int](), "categories_nodes": [Int](), "categories_segments": [Int](),
        "categories_sizes": [Int](), "default_left": defaultLeft, "id": 0, "left_children": left, "loss_changes": loss,
        "parents": [Int](repeating: 2_147_483_647, count: left.count), "right_children": right, "split_conditions": condition,
        "split_indices": feature, "split_type": splitType ?? [Int](repeating: 0, count: left.count), "sum_hessian": hessian,
        "tree_param": ["num_deleted": "0", "num_feature": "2", "num_nodes": "\(left.count)", "size_leaf_vector": "1"],
    ]
}

/// Two levels, numbered out of pre-order (the root's left child is node 2) to exercise renumbering:
///
///     node 0: f1 < 0.5, missing left  -> node 2 (leaf 0.1), node 1
///     node 1: f0 < -1,  missing right -> node 3 (leaf -0.2), node 4 (leaf 0.3)
///     node 5: a deleted node the pruner left behind (unreachable; its value 99 must never show up)
///
/// Node 2's base weight differs from its split condition, as for a leaf the pruner made: the split
/// condition is the leaf value.
private func xgbImportTwoLevelTree() -> [String: Any] {
    xgbImportTree(left: [2, 3, -1, -1, -1, -1], right: [1, 4, -1, -1, -1, -1], feature: [1, 0, 0, 0, 0, 2_147_483_647],
                  condition: [0.5, -1, 0.1, -0.2, 0.3, 99], defaultLeft: [1, 0, 0, 0, 0, 0],
                  hessian: [100, 60, 40, 25, 35, 7], loss: [10, 4, 0, 0, 0, 0], baseWeights: [0, 0, 0.333, -0.2, 0.3, 99])
}

/// A tree that is a single leaf worth 0.05.
private func xgbImportLeafTree() -> [String: Any] {
    xgbImportTree(left: [-1], right: [-1], feature: [0], condition: [0.05], defaultLeft: [0], hessian: [100], loss: [0])
}

/// A whole model document around `trees`.
private func xgbImportDocument(objective: String = "binary:logistic", baseScore: Any = "[5E-1]", booster: String = "gbtree",
                               featureNames: [String] = [], numClass: String = "0",
                               trees: [[String: Any]] = [xgbImportTwoLevelTree(), xgbImportLeafTree()]) -> [String: Any] {
    [
        "learner": [
            "attributes": [String: Any](),
            "feature_names": featureNames,
            "feature_types": [String](),
            "gradient_booster": [
                "model": [
                    "gbtree_model_param": ["num_parallel_tree": "1", "num_trees": "\(trees.count)"],
                    "iteration_indptr": Array(0...trees.count),
                    "tree_info": [Int](repeating: 0, count: trees.count),
                    "trees": trees,
                ] as [String: Any],
                "name": booster,
            ] as [String: Any],
            "learner_model_param": ["base_score": baseScore, "boost_from_average": "1", "num_class": numClass,
                                    "num_feature": "2", "num_target": "1"],
            "objective": ["name": objective, "reg_loss_param": ["scale_pos_weight": "1"]],
        ] as [String: Any],
        "version": [3, 2, 0],
    ]
}

private func xgbImportParse(_ document: [String: Any]) throws -> GBDTModel {
    try XGBoostModel.parse(JSONSerialization.data(withJSONObject: document), source: "m.json")
}

/// The error converting `data` gives, as text (nil when it converted).
private func xgbImportFailure(_ data: Data) -> ScoringError? {
    do {
        _ = try XGBoostModel.parse(data, source: "m.json")
        return nil
    } catch {
        return error
    }
}

private func xgbImportFailure(_ document: [String: Any]) throws -> ScoringError? {
    xgbImportFailure(try JSONSerialization.data(withJSONObject: document))
}

/// A float32 leaf value as the model holds it.
private func xgbImportLeaf(_ value: Double) -> Double { Double(Float(value)) }

struct XGBoostImportTests {
    @Test func convertsTwoTreesWithRenumberedNodesCoversAndImportance() throws {
        let model = try xgbImportParse(xgbImportDocument())
        #expect(model.objective == .binary)
        #expect(model.featureNames == ["f0", "f1"], "no feature names in the file: named f0..fN-1")
        #expect(model.initialScore == 0, "logit(0.5)")
        #expect(model.trees.count == 2)

        let tree = model.trees[0]
        #expect(tree.splitFeature == [1, 0])
        #expect(tree.threshold == [Float(0.5).nextDown, Float(-1).nextDown])
        #expect(tree.defaultLeft == [true, false])
        #expect(tree.leftChild[0] < 0 && tree.rightChild[0] == 1, "the root's left is a leaf, its right is internal node 1")
        #expect(tree.leafValue.sorted() == [-0.2, 0.1, 0.3].map(xgbImportLeaf), "split conditions, not base weights; deleted node dropped")
        #expect(tree.internalCover == [100, 60])
        #expect(tree.leafCover.reduce(0, +) == 100)
        #expect(tree.splitGain == [10, 4])
        #expect(model.importance == FeatureImportance(splits: [1, 1], gain: [4, 10]))

        #expect(model.trees[1].splitFeature.isEmpty, "a single-leaf tree has no splits")
        #expect(model.trees[1].leafValue == [xgbImportLeaf(0.05)])
        #expect(model.trees[1].leafCover == [100])
    }

    /// XGBoost's `x < threshold` goes left, missing values follow default_left; the boundary values
    /// themselves and their Float neighbours land where XGBoost puts them.
    @Test func predictsWithXGBoostsStrictSplitsAndDefaultDirections() throws {
        let model = try xgbImportParse(xgbImportDocument())
        let forest = Forest(model)
        let leafTree = xgbImportLeaf(0.05)
        let cases: [(row: [Float], expected: Double, why: String)] = [
            ([0, 0.4], xgbImportLeaf(0.1), "f1 < 0.5: left"),
            ([0, Float(0.5).nextDown], xgbImportLeaf(0.1), "just below the threshold: left"),
            ([0, 0.5], xgbImportLeaf(0.3), "f1 == 0.5 is not < 0.5: right, then f0 = 0 is not < -1: right"),
            ([-1, 0.7], xgbImportLeaf(0.3), "f0 == -1 is not < -1: right"),
            ([Float(-1).nextDown, 0.7], xgbImportLeaf(-0.2), "just below -1: left"),
            ([.nan, .nan], xgbImportLeaf(0.1), "f1 missing: default left at the root"),
            ([.nan, 0.7], xgbImportLeaf(0.3), "f0 missing: default right at node 1"),
            ([-5, .nan], xgbImportLeaf(0.1), "f1 missing wins before f0 is looked at"),
        ]
        for (row, expected, why) in cases {
            let raw = try forest.rawScore(row: row)
            #expect(raw == expected + leafTree, "\(row): \(why)")
            let single = row.withUnsafeBufferPointer { model.trees[0].predict($0.baseAddress!) }
            #expect(single == expected, "\(row): RegressionTree.predict agrees with Forest")
            let contributions = try TreeSHAP.contributions(model, row: row)
            #expect(abs(contributions.reduce(0, +) - raw) < 1e-12, "\(row): contributions add up to the raw score")
        }
    }

    @Test func readsBaseScoresObjectivesAndFeatureNames() throws {
        let quarter = try xgbImportParse(xgbImportDocument(baseScore: "[2.5E-1]"))
        #expect(abs(quarter.initialScore - log(1.0 / 3)) < 1e-15, "binary:logistic starts from logit(base_score)")

        let raw = try xgbImportParse(xgbImportDocument(objective: "binary:logitraw", baseScore: "5E-1"))
        #expect(raw.objective == .binary && raw.initialScore == 0.5, "logitraw: base_score is the margin; XGBoost < 2 writes no brackets")

        let regression = try xgbImportParse(xgbImportDocument(objective: "reg:squarederror", baseScore: "[1.5E0]", featureNames: ["a", "b"]))
        #expect(regression.objective == .regression && regression.initialScore == 1.5)
        #expect(regression.featureNames == ["a", "b"])
        #expect(try Forest(regression).rawScore(row: [0, 0.4]) == 1.5 + xgbImportLeaf(0.1) + xgbImportLeaf(0.05))

        let numeric = try xgbImportParse(xgbImportDocument(objective: "reg:squarederror", baseScore: 0.25))
        #expect(numeric.initialScore == 0.25, "a base_score written as a number")

        var booleans = xgbImportTwoLevelTree()
        booleans["default_left"] = [true, false, false, false, false, false]
        let older = try xgbImportParse(xgbImportDocument(trees: [booleans]))
        #expect(older.trees[0].defaultLeft == [true, false], "default_left as true/false, as older versions write it")
    }

    @Test func readsAFileAndNamesAMissingOne() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("xgb-import-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: xgbImportDocument()).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        #expect(try XGBoostModel.read(path: path.path) == xgbImportParse(xgbImportDocument()))

        let missing = path.path + ".absent"
        #expect {
            try XGBoostModel.read(path: missing)
        } throws: { error in
            guard case .io(let errorPath, _) = error as? ScoringError else { return false }
            return errorPath == missing
        }
    }

    // MARK: Malformed and unsupported models

    @Test func corruptJSONIsAMalformedFile() throws {
        let error = xgbImportFailure(Data("{\"learner\": {\"objective\": ".utf8))
        guard case .malformedFile(let source, let line, let reason) = error else {
            Issue.record("expected malformedFile, got \(String(describing: error))")
            return
        }
        #expect(source == "m.json" && line == 0)
        #expect(reason.contains("not valid JSON"), "\(reason)")
    }

    @Test func aMissingFieldIsNamedByItsPath() throws {
        var tree = xgbImportLeafTree()
        tree["split_conditions"] = nil
        let error = try xgbImportFailure(xgbImportDocument(trees: [xgbImportTwoLevelTree(), tree]))
        #expect(error == .malformedFile(source: "m.json", line: 0, reason: "learner.gradient_booster.model.trees[1].split_conditions: missing"))
        #expect(error?.description == "m.json:0: learner.gradient_booster.model.trees[1].split_conditions: missing")

        var document = xgbImportDocument()
        document["learner"] = nil
        #expect(try xgbImportFailure(document) == .malformedFile(source: "m.json", line: 0, reason: "learner: missing"))
    }

    @Test func categoricalSplitsAreRefused() throws {
        var tree = xgbImportTwoLevelTree()
        tree["split_type"] = [0, 1, 0, 0, 0, 0]
        let error = try xgbImportFailure(xgbImportDocument(trees: [tree]))
        let text = error?.description ?? ""
        #expect(text.contains("learner.gradient_booster.model.trees[0].split_type"), "\(text)")
        #expect(text.contains("node 1 is a categorical split"), "\(text)")
    }

    @Test func unsupportedObjectivesAndBoostersAreRefused() throws {
        let objective = try xgbImportFailure(xgbImportDocument(objective: "multi:softprob"))
        #expect(objective == .malformedFile(source: "m.json", line: 0, reason: "learner.objective.name: objective 'multi:softprob' is not supported; "
                                            + "supported: binary:logistic, binary:logitraw, reg:squarederror"))
        let dart = try xgbImportFailure(xgbImportDocument(booster: "dart"))?.description ?? ""
        #expect(dart.contains("learner.gradient_booster.name: the dart booster is not supported"), "\(dart)")
        let linear = try xgbImportFailure(xgbImportDocument(booster: "gblinear"))?.description ?? ""
        #expect(linear.contains("learner.gradient_booster.name: the gblinear booster is a linear model"), "\(linear)")
        let classes = try xgbImportFailure(xgbImportDocument(objective: "multi:softmax", numClass: "3"))?.description ?? ""
        #expect(classes.contains("learner.learner_model_param.num_class: a multi-class model (3 classes)"), "\(classes)")
        let vector = try xgbImportFailure(xgbImportDocument(baseScore: "[5E-1,5E-1]"))?.description ?? ""
        #expect(vector.contains("learner.learner_model_param.base_score: holds 2 values"), "\(vector)")
        let probability = try xgbImportFailure(xgbImportDocument(baseScore: "[1.5E0]"))?.description ?? ""
        #expect(probability.contains("is not a probability"), "\(probability)")
    }

    @Test func inconsistentTreesAreRefused() throws {
        var short = xgbImportTwoLevelTree()
        short["left_children"] = [2, 3, -1, -1, -1]
        let shortError = try xgbImportFailure(xgbImportDocument(trees: [short]))?.description ?? ""
        #expect(shortError.contains("trees[0].left_children: holds 5 values but tree_param.num_nodes is 6"), "\(shortError)")

        var outside = xgbImportTwoLevelTree()
        outside["right_children"] = [1, 9, -1, -1, -1, -1]
        let outsideError = try xgbImportFailure(xgbImportDocument(trees: [outside]))?.description ?? ""
        #expect(outsideError.contains("trees[0].right_children: node 1 has child 9, which is not a node of this tree"), "\(outsideError)")

        var cycle = xgbImportTwoLevelTree()
        cycle["right_children"] = [1, 0, -1, -1, -1, -1]
        let cycleError = try xgbImportFailure(xgbImportDocument(trees: [cycle]))?.description ?? ""
        #expect(cycleError.contains("node 0 is reached twice"), "\(cycleError)")

        var feature = xgbImportTwoLevelTree()
        feature["split_indices"] = [7, 0, 0, 0, 0, 0]
        let featureError = try xgbImportFailure(xgbImportDocument(trees: [feature]))?.description ?? ""
        #expect(featureError.contains("trees[0].split_indices: node 0 splits on feature 7, but the model has 2 features"), "\(featureError)")

        var text = xgbImportTwoLevelTree()
        text["sum_hessian"] = [100, 60, "40", 25, 35, 7]
        let textError = try xgbImportFailure(xgbImportDocument(trees: [text]))?.description ?? ""
        #expect(textError.contains("trees[0].sum_hessian: element 2 is a string, expected a number"), "\(textError)")
    }
}

// MARK: - Parity with XGBoost itself

/// What XGBoost predicted on the peer's test set.
private struct XGBImportPeerResult: Decodable {
    var raw: [Double]
    /// The rows `contribs` are for: ordinary rows, then rows on thresholds.
    var contribRows: [Int]
    var contribs: [[Double]]
    /// How many rows at the end of test.csv have values exactly on split thresholds.
    var boundaryRows: Int
    var deletedNodes: Int
    var singleLeafTrees: Int
    var xgboost: String
}

/// Runs the export script in a fresh directory: the model, the test CSV and XGBoost's predictions.
private func xgbImportRunPeer(_ mode: String) throws -> (URL, XGBImportPeerResult) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xgboost-peer-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let process = Process()
    process.executableURL = xgbImportPython
    process.arguments = [xgbImportScript.path, mode, directory.path]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "the XGBoost export failed")
    let result = try JSONDecoder().decode(XGBImportPeerResult.self, from: Data(contentsOf: directory.appendingPathComponent("peer.json")))
    return (directory, result)
}

extension XGBoostImportTests {
    @Suite(.enabled(if: xgbImportPeerAvailable, "needs xgboost-cpu and scikit-learn in .venv: pip install -r requirements-test.txt"))
    struct Peer {
        /// Raw scores within 1e-5 of XGBoost's `predict(output_margin=True)` on every test row, missing
        /// values and values exactly on split thresholds included, and TreeSHAP contributions matching
        /// `predict(pred_contribs=True)`.
        ///
        /// XGBoost adds its margins in float32; the model here adds the same float32 leaf values in
        /// Double. The remaining difference is XGBoost's float32 rounding (half a float32 step of the
        /// running sum per tree), about 1e-6 for margins of a few units. Adding in float32 the same way
        /// shows it: that emulation is printed next to the Double difference.
        @Test(arguments: ["binary", "regression"])
        func rawScoresAndContributionsMatchXGBoost(mode: String) throws {
            let (directory, peer) = try xgbImportRunPeer(mode)
            defer { try? FileManager.default.removeItem(at: directory) }
            let model = try XGBoostModel.read(path: directory.appendingPathComponent("m.json").path)
            let test = try CSVMatrixReader.read(path: directory.appendingPathComponent("test.csv").path, label: "label").features
            #expect(model.objective == (mode == "binary" ? .binary : .regression))
            #expect(model.featureNames == (0..<test.featureCount).map { "f\($0)" })
            #expect(model.trees.count == 30)
            let missingRows = (0..<test.rowCount).filter { row in test.row(row).contains { $0.isNaN } }.count
            #expect(missingRows > test.rowCount / 10, "the test rows exercise missing values")
            if mode == "regression" {
                #expect(peer.deletedNodes > 0 && peer.singleLeafTrees > 0, "the pruned case left deleted nodes and single-leaf trees")
            }

            let ours = try Forest(model).rawScores(test)
            try #require(ours.count == peer.raw.count)
            var worst = 0.0, worstRow = 0
            for (row, (mine, theirs)) in zip(ours, peer.raw).enumerated() where abs(mine - theirs) > worst {
                worst = abs(mine - theirs)
                worstRow = row
            }
            var worstFloat32 = 0.0
            for row in 0..<test.rowCount {
                let values = test.row(row)
                var total = Float(model.initialScore)
                for tree in model.trees { total += Float(values.withUnsafeBufferPointer { tree.predict($0.baseAddress!) }) }
                worstFloat32 = max(worstFloat32, abs(Double(total) - peer.raw[row]))
            }
            #expect(worst <= 1e-5, "row \(worstRow): ours \(ours[worstRow]), XGBoost \(peer.xgboost) \(peer.raw[worstRow])")

            // The rows on thresholds have teeth: reading XGBoost's `<` as `<=` on the same threshold
            // (no nextDown) mispredicts many of them.
            var naive = model
            for tree in naive.trees.indices { naive.trees[tree].threshold = naive.trees[tree].threshold.map(\.nextUp) }
            let naiveScores = try Forest(naive).rawScores(test)
            let boundary = (test.rowCount - peer.boundaryRows)..<test.rowCount
            let naiveMisses = boundary.filter { abs(naiveScores[$0] - peer.raw[$0]) > 1e-5 }.count
            #expect(naiveMisses > peer.boundaryRows / 10, "only \(naiveMisses) threshold rows tell < from <=")

            // XGBoost's TreeSHAP runs in float32 too (path weights, fractions and the per-tree sums);
            // contributions here are in Double. Measured: about 1e-6 for these 30 trees of up to 31
            // leaves, as for raw scores; the bound leaves room for XGBoost's float32 rounding only.
            var worstContribution = 0.0
            for (row, theirs) in zip(peer.contribRows, peer.contribs) {
                let contributions = try TreeSHAP.contributions(model, row: test.row(row))
                try #require(contributions.count == theirs.count)
                for (mine, their) in zip(contributions, theirs) { worstContribution = max(worstContribution, abs(mine - their)) }
                #expect(abs(contributions.reduce(0, +) - ours[row]) <= 1e-9, "row \(row): contributions add up to the raw score")
            }
            #expect(worstContribution <= 1e-5, "XGBoost \(peer.xgboost)")
            print("XGBoost \(peer.xgboost) \(mode): max |raw - XGBoost| \(worst) (float32 emulation \(worstFloat32)), "
                  + "max |contribution - XGBoost| \(worstContribution) over \(peer.contribs.count) rows; "
                  + "\(missingRows) of \(test.rowCount) rows have missing values; a <= reading without nextDown "
                  + "mispredicts \(naiveMisses) of \(peer.boundaryRows) threshold rows")
        }
    }
}
