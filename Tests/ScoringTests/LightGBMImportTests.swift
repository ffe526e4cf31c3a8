import Foundation
@testable import Scoring
import Testing

/// A handwritten LightGBM text model: two trees, the first with one split of each missing type (NaN
/// default left, None, Zero, NaN default right), the second a single leaf, as LightGBM writes one.
///
/// Tree=0:  node 0: a <= 0.5 (NaN: missing left)      -> node 1 | node 2
///          node 1: b <= -0.25 (None: missing as 0)    -> leaf 0 | node 3
///          node 2: c <= 1e-35f (Zero, default left)   -> leaf 2 | leaf 3
///          node 3: a <= 0.1 (NaN: missing right)      -> leaf 1 | leaf 4
private func lgbImportModelText(objective: String = "binary sigmoid:1", tree0: [String: String] = [:],
                                header: [String: String?] = [:], tree1Lines: String? = nil, ending: String = "end of trees") -> String {
    var headerKeys: [(String, String?)] = [
        ("version", "v4"), ("num_class", "1"), ("num_tree_per_iteration", "1"), ("label_index", "0"),
        ("max_feature_idx", "2"), ("objective", objective), ("feature_names", "a b c"),
        ("feature_infos", "[-1:1] [-1:1] [-1:1]"), ("tree_sizes", "600 200"),
    ]
    for (key, value) in header {
        if let index = headerKeys.firstIndex(where: { $0.0 == key }) { headerKeys[index].1 = value } else { headerKeys.append((key, value)) }
    }
    var treeKeys: [(String, String)] = [
        ("num_leaves", "5"), ("num_cat", "0"), ("split_feature", "0 1 2 0"), ("split_gain", "10 4 2 1.5"),
        ("threshold", "0.5 -0.25 1.0000000180025095e-35 0.10000000000000001"), ("decision_type", "10 0 6 8"),
        ("left_child", "1 -1 -3 -2"), ("right_child", "2 3 -4 -5"),
        ("leaf_value", "-0.5 0.25 0.75 -1.25 2"), ("leaf_weight", "1 2 3 4 5"), ("leaf_count", "10 20 30 40 50"),
        ("internal_value", "0 0 0 0"), ("internal_weight", "15 11 7 7"), ("internal_count", "150 80 70 70"),
        ("is_linear", "0"), ("shrinkage", "1"),
    ]
    for (key, value) in tree0 {
        if let index = treeKeys.firstIndex(where: { $0.0 == key }) { treeKeys[index].1 = value } else { treeKeys.append((key, value)) }
    }
    let tree1 = tree1Lines ?? """
        num_leaves=1
        num_cat=0
        split_feature=
        split_gain=
        threshold=
        decision_type=
        left_child=
        right_child=
        leaf_value=0.125
        leaf_weight=
        leaf_count=150
        internal_value=
        internal_weight=
        internal_count=
        is_linear=0
        shrinkage=0.1
        """
    return "tree\n" + headerKeys.compactMap { key, value in value.map { "\(key)=\($0)\n" } }.joined() + "\n"
        + "Tree=0\n" + treeKeys.map { "\($0.0)=\($0.1)\n" }.joined() + "\n\n"
        + "Tree=1\n" + tree1 + "\n\n\n" + ending + "\n\nfeature_importances:\na=2\nb=1\nc=1\n\nparameters:\n[boosting: gbdt]\n"
        + "[objective: binary]\n\nend of parameters\n\npandas_categorical:null\n"
}

/// The error parsing `text` throws, or nil when it parses.
private func lgbImportError(_ text: String) -> ScoringError? {
    do {
        _ = try LightGBMModel.parse(text, source: "m.txt")
        return nil
    } catch {
        return error
    }
}

/// Checks that `error` is a malformed-file error on `line` whose reason holds every one of `phrases`.
private func lgbImportExpect(_ error: ScoringError?, line: Int, _ phrases: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    guard case .malformedFile(let source, let found, let reason) = error else {
        Issue.record("expected a malformed-file error, got \(String(describing: error))", sourceLocation: sourceLocation)
        return
    }
    #expect(source == "m.txt", sourceLocation: sourceLocation)
    #expect(found == line, "line \(found): \(reason)", sourceLocation: sourceLocation)
    for phrase in phrases {
        #expect(reason.contains(phrase), "'\(phrase)' not in: \(reason)", sourceLocation: sourceLocation)
    }
}

@Suite struct LightGBMImportTests {
    @Test func handwrittenModelReadsIntoTheSameTreeLayout() throws {
        let model = try LightGBMModel.parse(lgbImportModelText(), source: "m.txt")
        #expect(model.objective == .binary)
        #expect(model.featureNames == ["a", "b", "c"])
        #expect(model.initialScore == 0)
        #expect(model.trees.count == 2)
        #expect(model.trainingLoss.isEmpty && model.validationLoss.isEmpty)
        let tree = model.trees[0]
        #expect(tree.splitFeature == [0, 1, 2, 0])
        #expect(tree.leftChild == [1, -1, -3, -2])
        #expect(tree.rightChild == [2, 3, -4, -5])
        #expect(tree.leafValue == [-0.5, 0.25, 0.75, -1.25, 2])
        // NaN default left; None with 0 > -0.25, so missing goes right; Zero default left; NaN default right.
        #expect(tree.defaultLeft == [true, false, true, false])
        #expect(tree.threshold == [0.5, -0.25, 1e-35, Float(0.1).nextDown])
        #expect(tree.internalCover == [150, 80, 70, 70])
        #expect(tree.leafCover == [10, 20, 30, 40, 50])
        #expect(tree.splitGain == [10, 4, 2, 1.5])
        let single = model.trees[1]
        #expect(single.splitFeature.isEmpty && single.leftChild.isEmpty)
        #expect(single.leafValue == [0.125])
        #expect(single.leafCover == [150])
        #expect(model.importance == FeatureImportance(splits: [2, 1, 1], gain: [11.5, 4, 2]))
    }

    @Test func handwrittenModelPredictsAsLightGBMWould() throws {
        let model = try LightGBMModel.parse(lgbImportModelText(), source: "m.txt")
        let forest = Forest(model)
        let nan = Float.nan
        // Each expected value follows LightGBM's NumericalDecision by hand, plus 0.125 from Tree=1.
        let cases: [([Float], Double)] = [
            ([0, 0, 0], 0.25 + 0.125),               // a <= 0.5; b = 0 > -0.25; a = 0 <= 0.1 -> leaf 1
            ([nan, nan, 5], 2 + 0.125),              // a missing -> left; b missing as 0 -> right; a missing -> right: leaf 4
            ([-1, -1, 7], -0.5 + 0.125),             // b = -1 <= -0.25 -> leaf 0
            ([1, 0, nan], 0.75 + 0.125),             // a > 0.5; c missing (Zero, default left) -> leaf 2
            ([1, 0, 0], 0.75 + 0.125),               // c = 0 is in the zero band -> default left: leaf 2
            ([1, 0, -1e-35], 0.75 + 0.125),          // the band's bottom: left
            ([1, 0, 2], -1.25 + 0.125),              // c > 1e-35 -> leaf 3
            ([1, 0, Float(1e-35).nextUp], -1.25 + 0.125),
            // 0.1 as a Float is 0.100000001490116..., above LightGBM's Double 0.1: right, to leaf 4;
            // the Float just below goes left, to leaf 1.
            ([Float(0.1), 0, 0], 2 + 0.125),
            ([Float(0.1).nextDown, 0, 0], 0.25 + 0.125),
            ([0.5, -0.25, 0], -0.5 + 0.125),         // both thresholds are Floats: equal values go left
            ([Float(0.5).nextUp, 0, 0], 0.75 + 0.125),
        ]
        for (row, expected) in cases {
            let raw = try forest.rawScore(row: row)
            #expect(raw == expected, "row \(row)")
            #expect(model.trees.reduce(model.initialScore) { total, tree in
                total + row.withUnsafeBufferPointer { tree.predict($0.baseAddress!) }
            } == expected, "row \(row), tree by tree")
            let phi = try TreeSHAP.contributions(model, row: row)
            #expect(abs(phi.reduce(0, +) - raw) < 1e-12, "row \(row): contributions \(phi)")
        }
    }

    @Test func floatThresholdIsTheLargestFloatNotAboveTheDouble() {
        let thresholds: [Double] = [0.1, -0.1, 1.0 / 3, -2.0 / 3, 0.5, 0, -0.0, 1.0000000180025095e-35, -1.0000000180025095e-35,
                                    1e-50, -1e-50, 1e300, -1e300, 3.4028235677973366e+38, -3.4028235677973366e+38,
                                    .infinity, -.infinity, 123456.789, Double(Float(7.25)), Double(Float(7.25)).nextUp,
                                    Double(Float(7.25)).nextDown]
        for threshold in thresholds {
            let float = LightGBMModel.floatThreshold(threshold)
            #expect(Double(float) <= threshold, "\(threshold) -> \(float)")
            if float != .infinity {
                #expect(Double(float.nextUp) > threshold, "\(threshold) -> \(float): a larger Float is not above it")
            }
        }
        #expect(LightGBMModel.floatThreshold(0.1) == Float(0.1).nextDown)
        #expect(LightGBMModel.floatThreshold(0.5) == 0.5)
        #expect(LightGBMModel.floatThreshold(1e300) == .greatestFiniteMagnitude)
        #expect(LightGBMModel.floatThreshold(-1e-50) == -.leastNonzeroMagnitude)
    }

    @Test func aTreeWithoutCountsGetsConsistentCovers() throws {
        // Without leaf_count (and internal_count) leaves cover 1 and a node the leaves below it.
        var text = lgbImportModelText()
        text = text.replacingOccurrences(of: "leaf_count=10 20 30 40 50\n", with: "")
            .replacingOccurrences(of: "internal_count=150 80 70 70\n", with: "")
            .replacingOccurrences(of: "leaf_count=150\n", with: "")
        let model = try LightGBMModel.parse(text, source: "m.txt")
        #expect(model.trees[0].leafCover == [1, 1, 1, 1, 1])
        #expect(model.trees[0].internalCover == [5, 3, 2, 2])
        #expect(model.trees[1].leafCover == [1])
        let row: [Float] = [0.3, 0.2, .nan]
        #expect(abs(try TreeSHAP.contributions(model, row: row).reduce(0, +) - (try Forest(model).rawScore(row: row))) < 1e-12)
    }

    @Test func regressionAndCRLFFilesAreRead() throws {
        let text = lgbImportModelText(objective: "regression").replacingOccurrences(of: "\n", with: "\r\n")
        let model = try LightGBMModel.parse(text, source: "m.txt")
        #expect(model.objective == .regression)
        #expect(try Forest(model).rawScore(row: [0, 0, 0]) == 0.375)
        #expect(try LightGBMModel.parse(lgbImportModelText(objective: "regression_l2"), source: "m.txt").objective == .regression)
    }

    @Test func zeroAsMissingIsReadOnlyWhereOneThresholdExpressesIt() throws {
        // Default right with the whole zero band on the left side of the threshold: exact, read.
        let right = try LightGBMModel.parse(lgbImportModelText(tree0: ["threshold": "0.5 -0.25 -0.5 0.1", "decision_type": "10 0 4 8"]),
                                            source: "m.txt")
        #expect(right.trees[0].defaultLeft[2] == false)
        #expect(try Forest(right).rawScore(row: [1, 0, 0]) == -1.25 + 0.125)
        #expect(try Forest(right).rawScore(row: [1, 0, .nan]) == -1.25 + 0.125)
        // Default left with the threshold below the band: zero would have to go left past it.
        lgbImportExpect(lgbImportError(lgbImportModelText(tree0: ["threshold": "0.5 -0.25 -0.5 0.1"])), line: 17,
                        ["Tree=0", "node 2", "zero_as_missing", "-0.5"])
        // Default right with the threshold at the band's top: zero would have to go right past it.
        lgbImportExpect(lgbImportError(lgbImportModelText(tree0: ["decision_type": "10 0 4 8"])), line: 17,
                        ["Tree=0", "node 2", "zero_as_missing"])
    }

    @Test func aMissingKeyIsNamedWithItsSection() {
        lgbImportExpect(lgbImportError(lgbImportModelText(header: ["max_feature_idx": nil])), line: 1, ["the header", "max_feature_idx"])
        lgbImportExpect(lgbImportError(lgbImportModelText(header: ["objective": nil])), line: 1, ["objective"])
        lgbImportExpect(lgbImportError(lgbImportModelText().replacingOccurrences(of: "leaf_value=-0.5 0.25 0.75 -1.25 2\n", with: "")),
                        line: 12, ["Tree=0", "leaf_value"])
        lgbImportExpect(lgbImportError(lgbImportModelText().replacingOccurrences(of: "leaf_value=0.125\n", with: "")),
                        line: 31, ["Tree=1", "leaf_value"])
    }

    @Test func aBadNumberIsNamedWithItsLine() {
        lgbImportExpect(lgbImportError(lgbImportModelText(tree0: ["threshold": "0.5 -0.25 zero 0.1"])), line: 17,
                        ["Tree=0", "threshold", "element 2", "'zero'"])
        lgbImportExpect(lgbImportError(lgbImportModelText(tree0: ["leaf_value": "-0.5 0.25 0.75 nan 2"])), line: 21,
                        ["leaf_value", "element 3", "finite"])
        lgbImportExpect(lgbImportError(lgbImportModelText(tree0: ["left_child": "1 -1 -3 x"])), line: 19,
                        ["left_child", "element 3", "not an integer"])
        lgbImportExpect(lgbImportError(lgbImportModelText(header: ["max_feature_idx": "two"])), line: 6, ["max_feature_idx", "'two'"])
        lgbImportExpect(lgbImportError(lgbImportModelText(tree0: ["threshold": "0.5 -0.25 1"])), line: 17,
                        ["threshold holds 3 values", "4"])
    }

    @Test func categoricalSplitsAreRefused() {
        lgbImportExpect(lgbImportError(lgbImportModelText(tree0: ["decision_type": "10 1 6 8"])), line: 18,
                        ["Tree=0", "node 1", "categorical"])
        lgbImportExpect(lgbImportError(lgbImportModelText(tree0: ["num_cat": "1"])), line: 14, ["num_cat=1", "categorical"])
    }

    @Test func unsupportedModelsAreRefused() {
        lgbImportExpect(lgbImportError(lgbImportModelText(objective: "multiclass num_class:3")), line: 7, ["multi-class"])
        lgbImportExpect(lgbImportError(lgbImportModelText(header: ["num_class": "3"])), line: 3, ["num_class=3"])
        lgbImportExpect(lgbImportError(lgbImportModelText(objective: "binary sigmoid:2")), line: 7, ["sigmoid:2"])
        lgbImportExpect(lgbImportError(lgbImportModelText(objective: "regression sqrt")), line: 7, ["sqrt"])
        lgbImportExpect(lgbImportError(lgbImportModelText(objective: "lambdarank")), line: 7, ["'lambdarank' is not supported"])
        lgbImportExpect(lgbImportError(lgbImportModelText(tree0: ["is_linear": "1"])), line: 27, ["linear"])
        lgbImportExpect(lgbImportError(lgbImportModelText().replacingOccurrences(of: "tree_sizes", with: "average_output\ntree_sizes")),
                        line: 10, ["average_output", "random-forest"])
    }

    @Test func malformedTreesAndFilesAreRefused() {
        lgbImportExpect(lgbImportError(lgbImportModelText(tree0: ["left_child": "1 -1 -3 -7"])), line: 19, ["leaf 6", "num_leaves=5"])
        lgbImportExpect(lgbImportError(lgbImportModelText(tree0: ["left_child": "1 -1 -3 1"])), line: 19, ["node 1 is reached twice"])
        lgbImportExpect(lgbImportError(lgbImportModelText(tree0: ["split_feature": "0 1 3 0"])), line: 15, ["node 2", "feature 3", "3 features"])
        lgbImportExpect(lgbImportError(lgbImportModelText(header: ["feature_names": "a b"])), line: 8, ["2 names", "3 features"])
        lgbImportExpect(lgbImportError(lgbImportModelText(ending: "")), line: 63, ["end of trees"])
        lgbImportExpect(lgbImportError(lgbImportModelText().replacingOccurrences(of: "Tree=1", with: "Tree=2")), line: 31, ["Tree=1"])
        lgbImportExpect(lgbImportError("{\"name\": \"tree\"}"), line: 1, ["not a LightGBM text model"])
        lgbImportExpect(lgbImportError(""), line: 1, ["not a LightGBM text model"])
        if case .io(let path, _) = lgbImportReadError(path: "/nonexistent/m.txt") {
            #expect(path == "/nonexistent/m.txt")
        } else {
            Issue.record("a missing file should be an I/O error")
        }
    }
}

/// The error reading the file at `path` throws, or nil when it reads.
private func lgbImportReadError(path: String) -> ScoringError? {
    do {
        _ = try LightGBMModel.read(path: path)
        return nil
    } catch {
        return error
    }
}

// MARK: - Parity with LightGBM itself

private let lgbImportPython = PythonPeer.python
private let lgbImportScript = PythonPeer.scripts.appendingPathComponent("lightgbm_export.py")

/// Whether LightGBM and scikit-learn can be imported from the venv (scripts/setup.sh installs them).
private let lgbImportPeerAvailable = PythonPeer.canImport("lightgbm, sklearn")

/// What LightGBM predicted for the exported model (see lightgbm_export.py).
private struct LGBImportPeer: Decodable {
    var raw: [Double]
    var contribs: [[Double]]
    var noneNodes: Int
    var nanNodes: Int
    var noneNodesOnColumn3SendingZeroRight: Int
    var testNaNInCompleteColumn: Int
    var trees: Int
    var lightgbm: String
}

/// Runs the export script in a fresh directory; returns the directory and LightGBM's predictions.
private func lgbImportRunPeer(_ mode: String) throws -> (URL, LGBImportPeer) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lightgbm-import-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let process = Process()
    process.executableURL = lgbImportPython
    process.arguments = [lgbImportScript.path, mode, directory.path]
    try process.run()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "the LightGBM export script failed")
    let peer = try JSONDecoder().decode(LGBImportPeer.self, from: Data(contentsOf: directory.appendingPathComponent("peer.json")))
    return (directory, peer)
}

extension LightGBMImportTests {
    /// Models LightGBM itself trains and saves, imported and compared with LightGBM's own predictions.
    @Suite(.enabled(if: lgbImportPeerAvailable, "needs LightGBM in .venv: run scripts/setup.sh"))
    struct Peer {
        /// Imports the model `mode` trains, predicts the test rows and compares with LightGBM: raw scores
        /// for every row, TreeSHAP contributions (which must also add up to the raw score) for the first.
        private func checkParity(_ mode: String) throws -> (GBDTModel, LGBImportPeer) {
            let (directory, peer) = try lgbImportRunPeer(mode)
            defer { try? FileManager.default.removeItem(at: directory) }
            let model = try LightGBMModel.read(path: directory.appendingPathComponent("m.txt").path)
            let test = try CSVMatrixReader.read(path: directory.appendingPathComponent("test.csv").path, label: "label")
            #expect(model.trees.count == peer.trees)
            let ours = try Forest(model).rawScores(test.features)
            try #require(ours.count == peer.raw.count)
            let worst = zip(ours, peer.raw).enumerated().max { abs($0.element.0 - $0.element.1) < abs($1.element.0 - $1.element.1) }!
            let difference = abs(worst.element.0 - worst.element.1)
            #expect(difference <= 1e-5, "\(mode): row \(worst.offset): ours \(worst.element.0), LightGBM \(peer.lightgbm) \(worst.element.1)")
            print("LightGBM import \(mode): max |raw - LightGBM \(peer.lightgbm)| = \(difference) over \(ours.count) rows")

            var worstContribution = 0.0
            var worstPlace = ""
            for (row, expected) in peer.contribs.enumerated() {
                let values = test.features.row(row)
                let phi = try TreeSHAP.contributions(model, row: values)
                try #require(phi.count == expected.count)
                #expect(abs(phi.reduce(0, +) - ours[row]) <= 1e-9, "\(mode): row \(row) contributions do not add up to the raw score")
                for feature in 0..<phi.count where abs(phi[feature] - expected[feature]) > worstContribution {
                    worstContribution = abs(phi[feature] - expected[feature])
                    worstPlace = "row \(row) feature \(feature): ours \(phi[feature]), LightGBM \(expected[feature])"
                }
            }
            #expect(worstContribution <= 1e-5, "\(mode): TreeSHAP differs from pred_contrib by \(worstContribution) at \(worstPlace)")
            print("LightGBM import \(mode): max |TreeSHAP - pred_contrib| = \(worstContribution) over \(peer.contribs.count) rows")
            return (model, peer)
        }

        @Test func binaryModelPredictsAsLightGBM() throws {
            let (model, peer) = try checkParity("binary")
            #expect(model.objective == .binary)
            // Both missing types LightGBM writes for numerical data, and missing values where it says None.
            #expect(peer.nanNodes > 0 && peer.noneNodes > 0 && peer.testNaNInCompleteColumn > 0)
            #expect(peer.noneNodesOnColumn3SendingZeroRight > 0, "no None node sends a missing value against its default bit")
        }

        @Test func regressionModelPredictsAsLightGBM() throws {
            let (model, peer) = try checkParity("regression")
            #expect(model.objective == .regression)
            #expect(peer.nanNodes > 0 && peer.noneNodes > 0 && peer.testNaNInCompleteColumn > 0)
            #expect(peer.noneNodesOnColumn3SendingZeroRight > 0, "no None node sends a missing value against its default bit")
        }

        @Test func singleLeafModelPredictsAsLightGBM() throws {
            let (model, _) = try checkParity("stump")
            #expect(model.trees.count == 1 && model.trees[0].splitFeature.isEmpty)
        }
    }
}
