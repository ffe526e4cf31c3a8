import Foundation

/// Reads an XGBoost model saved as JSON (`booster.save_model("m.json")`) into a `GBDTModel`, so a
/// model a quant trained in Python scores, explains (TreeSHAP) and ships through the same predictor
/// as one trained here, with raw scores equal to XGBoost's own.
///
/// What is read: the `gbtree` booster with numerical splits and one output, and the objectives
/// `binary:logistic`, `binary:logitraw` and `reg:squarederror`. Anything else (dart, gblinear,
/// categorical splits, multi-class or multi-target models, other objectives) is refused with an error
/// naming the file, the JSON path and what was found, rather than read into a model that predicts
/// something else. Errors are `ScoringError.malformedFile` with line 0 (JSON has no useful lines).
///
/// How XGBoost's trees map onto `RegressionTree`:
/// - XGBoost keeps every node of a tree in one set of arrays, a node being a leaf when its
///   `left_children` entry is -1; pruning leaves deleted nodes behind in those arrays. The tree is
///   walked from its root, so only reachable nodes are kept: internal nodes are renumbered from 0
///   (the root), leaves get their own indexes, and children become node indexes or `~leaf`.
/// - A leaf's value is its `split_conditions` entry (XGBoost's `LeafValue`, learning rate included),
///   not `base_weights`, which for a leaf made by the pruner still holds the weight before the
///   learning rate.
/// - XGBoost sends `x < threshold` left; `RegressionTree` sends `x <= threshold` left. Both compare
///   float32 values, so `threshold.nextDown` (the largest Float below it) turns one into the other
///   exactly: for every Float x, `x < t` holds exactly when `x <= t.nextDown`. A missing value follows
///   `default_left` in both.
/// - Covers are `sum_hessian`, the hessian sums XGBoost's own TreeSHAP weighs paths by, so
///   `TreeSHAP.contributions` gives XGBoost's `pred_contribs`.
/// - The starting score is `base_score` turned into a margin: its logit for `binary:logistic`, the
///   value itself for `binary:logitraw` and `reg:squarederror`.
/// - Importance counts each feature's splits and sums their `loss_changes` (XGBoost's total_gain).
public enum XGBoostModel {
    /// Reads the XGBoost JSON model file at `path`.
    public static func read(path: String) throws(ScoringError) -> GBDTModel {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .io(path: path, reason: "cannot read: \(error.localizedDescription)")
        }
        return try parse(data, source: path)
    }

    /// Converts an XGBoost JSON model held in memory; `source` names it in errors.
    public static func parse(_ data: Data, source: String) throws(ScoringError) -> GBDTModel {
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data)
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription
            throw .malformedFile(source: source, line: 0, reason: "not valid JSON (\(detail)); an XGBoost model is read from the "
                                 + "JSON that booster.save_model(\"m.json\") writes (binary UBJSON .ubj files are not read)")
        }
        let root = XGBImportValue(value: json, path: "", source: source)
        let learner = try root.field("learner")

        let parameters = try learner.field("learner_model_param")
        let featureCount = try parameters.field("num_feature").integer()
        guard featureCount >= 1 else { throw try parameters.field("num_feature").error("a model needs at least one feature") }
        if let classes = try parameters.optionalField("num_class"), try classes.integer() > 1 {
            throw classes.error("a multi-class model (\(try classes.integer()) classes) is not supported: the predictor has one output")
        }
        if let targets = try parameters.optionalField("num_target"), try targets.integer() != 1 {
            throw targets.error("a multi-target model (\(try targets.integer()) targets) is not supported: the predictor has one output")
        }
        let baseScoreField = try parameters.field("base_score")
        let baseScore = try baseScoreField.baseScore()

        let objectiveField = try learner.field("objective").field("name")
        let objectiveName = try objectiveField.string()
        let objective: Objective
        let initialScore: Double
        switch objectiveName {
        case "binary:logistic":
            guard baseScore > 0 && baseScore < 1 else {
                throw baseScoreField.error("\(baseScore) is not a probability in (0, 1), as binary:logistic needs")
            }
            objective = .binary
            // XGBoost keeps base_score as a probability and starts margins from its logit.
            initialScore = log(baseScore / (1 - baseScore))
        case "binary:logitraw":
            objective = .binary
            initialScore = baseScore
        case "reg:squarederror", "reg:linear":  // reg:linear is the old name of reg:squarederror
            objective = .regression
            initialScore = baseScore
        default:
            throw objectiveField.error("objective '\(objectiveName)' is not supported; supported: binary:logistic, binary:logitraw, reg:squarederror")
        }

        var featureNames = (0..<featureCount).map { "f\($0)" }
        if let namesField = try learner.optionalField("feature_names") {
            let names = try namesField.strings()
            if !names.isEmpty {
                guard names.count == featureCount else {
                    throw namesField.error("holds \(names.count) names but learner_model_param.num_feature is \(featureCount)")
                }
                featureNames = names
            }
        }

        let booster = try learner.field("gradient_booster")
        let boosterNameField = try booster.field("name")
        switch try boosterNameField.string() {
        case "gbtree":
            break
        case "dart":
            throw boosterNameField.error("the dart booster is not supported (its trees are reweighted by dropout); train with booster='gbtree'")
        case "gblinear":
            throw boosterNameField.error("the gblinear booster is a linear model, not trees; only gbtree models are read")
        case let other:
            throw boosterNameField.error("booster '\(other)' is not supported; only gbtree models are read")
        }
        let model = try booster.field("model")
        let treeFields = try model.field("trees").elements()
        if let countField = try model.optionalField("gbtree_model_param")?.optionalField("num_trees"),
           try countField.integer() != treeFields.count {
            throw countField.error("says \(try countField.integer()) trees but \(model.path).trees holds \(treeFields.count)")
        }
        if let infoField = try model.optionalField("tree_info") {
            let groups = try infoField.integers()
            if let tree = groups.firstIndex(where: { $0 != 0 }) {
                throw infoField.error("tree \(tree) belongs to output group \(groups[tree]); only single-output models are supported")
            }
        }

        var trees: [RegressionTree] = []
        trees.reserveCapacity(treeFields.count)
        for treeField in treeFields {
            trees.append(try convertTree(treeField, featureCount: featureCount))
        }
        let importance = FeatureImportance(trees: trees, featureCount: featureCount)
        return GBDTModel(objective: objective, featureNames: featureNames, initialScore: initialScore, trees: trees,
                         importance: importance, validationLoss: [], trainingLoss: [])
    }

    /// One XGBoost tree (`learner.gradient_booster.model.trees[i]`) as a `RegressionTree`.
    private static func convertTree(_ field: XGBImportValue, featureCount: Int) throws(ScoringError) -> RegressionTree {
        let treeParameters = try field.field("tree_param")
        let nodeCountField = try treeParameters.field("num_nodes")
        let nodeCount = try nodeCountField.integer()
        guard nodeCount >= 1 else { throw nodeCountField.error("a tree needs at least one node, found \(nodeCount)") }
        if let leafSize = try treeParameters.optionalField("size_leaf_vector"), try leafSize.integer() > 1 {
            throw leafSize.error("vector-leaf (multi-target) trees are not supported: the predictor has one output")
        }

        /// An array of the tree's fields, one entry per node.
        func perNode<T>(_ name: String, _ read: (XGBImportValue) throws(ScoringError) -> [T]) throws(ScoringError) -> [T] {
            let arrayField = try field.field(name)
            let values = try read(arrayField)
            guard values.count == nodeCount else {
                throw arrayField.error("holds \(values.count) values but tree_param.num_nodes is \(nodeCount)")
            }
            return values
        }
        let leftField = try field.field("left_children"), rightField = try field.field("right_children")
        let left = try perNode("left_children") { (value) throws(ScoringError) in try value.integers() }
        let right = try perNode("right_children") { (value) throws(ScoringError) in try value.integers() }
        let splitIndex = try perNode("split_indices") { (value) throws(ScoringError) in try value.integers() }
        let conditionField = try field.field("split_conditions")
        let condition = try perNode("split_conditions") { (value) throws(ScoringError) in try value.doubles() }
        let defaultLeft = try perNode("default_left") { (value) throws(ScoringError) in try value.flags() }
        let hessian = try perNode("sum_hessian") { (value) throws(ScoringError) in try value.doubles() }
        let lossChange = try perNode("loss_changes") { (value) throws(ScoringError) in try value.doubles() }
        // Models saved before split_type existed (XGBoost < 1.6) have numerical splits only.
        let splitTypeField = try field.optionalField("split_type")
        let splitType = splitTypeField == nil ? [Int](repeating: 0, count: nodeCount)
            : try perNode("split_type") { (value) throws(ScoringError) in try value.integers() }

        var tree = RegressionTree()
        var reached = [Bool](repeating: false, count: nodeCount)
        // XGBoost nodes whose children are still to be placed, with the index each got here.
        var pending: [(xgboost: Int, ours: Int)] = []

        /// Adds XGBoost node `node` (met as `childField[parent]`) to the tree; returns its encoding as a
        /// child: an internal node index, or `~leaf`.
        func place(_ node: Int, from childField: XGBImportValue, parent: Int) throws(ScoringError) -> Int32 {
            guard node >= 0 && node < nodeCount else {
                throw childField.error("node \(parent) has child \(node), which is not a node of this tree (num_nodes = \(nodeCount))")
            }
            guard !reached[node] else {
                throw childField.error("node \(node) is reached twice (from node \(parent)); a tree's nodes must form a tree")
            }
            reached[node] = true
            if left[node] == -1 {
                tree.leafValue.append(Double(Float(condition[node])))
                tree.leafCover.append(hessian[node])
                return ~Int32(tree.leafValue.count - 1)
            }
            guard right[node] != -1 else {
                throw rightField.error("node \(node) has a left child but no right child")
            }
            guard splitType[node] == 0 else {
                throw splitTypeField!.error("node \(node) is a categorical split (split_type \(splitType[node])); "
                                            + "only numerical splits are supported: train without enable_categorical")
            }
            guard splitIndex[node] >= 0 && splitIndex[node] < featureCount else {
                throw (try field.field("split_indices")).error("node \(node) splits on feature \(splitIndex[node]), "
                                                                + "but the model has \(featureCount) features")
            }
            let threshold = Float(condition[node])
            guard !threshold.isNaN && threshold != -.infinity else {
                throw conditionField.error("node \(node) has split condition \(condition[node]); a split needs a number above -inf")
            }
            // XGBoost: x < threshold goes left. Here: x <= threshold goes left. Over Float values,
            // x < t exactly when x <= t.nextDown (no Float lies strictly between them); +inf becomes
            // the largest finite Float, which still sends +inf right as XGBoost does. -inf has no
            // Float below it and is refused above (XGBoost's cut points are finite).
            let index = tree.splitFeature.count
            tree.splitFeature.append(Int32(splitIndex[node]))
            tree.threshold.append(threshold.nextDown)
            tree.defaultLeft.append(defaultLeft[node])
            tree.leftChild.append(0)
            tree.rightChild.append(0)
            tree.splitGain.append(lossChange[node])
            tree.internalCover.append(hessian[node])
            pending.append((node, index))
            return Int32(index)
        }

        // The root is XGBoost's node 0; as an internal node it becomes node 0 here, which is where
        // prediction starts. A root that is a leaf makes a tree with no splits and one leaf.
        _ = try place(0, from: leftField, parent: 0)
        while let next = pending.popLast() {
            tree.leftChild[next.ours] = try place(left[next.xgboost], from: leftField, parent: next.xgboost)
            tree.rightChild[next.ours] = try place(right[next.xgboost], from: rightField, parent: next.xgboost)
        }
        return tree
    }
}

/// A JSON value with the path it was found at, so that every error says where in the model it was.
private struct XGBImportValue {
    let value: Any
    /// Dotted path from the document's top, e.g. `learner.gradient_booster.model.trees[3].left_children`.
    let path: String
    let source: String

    func error(_ reason: String) -> ScoringError {
        .malformedFile(source: source, line: 0, reason: "\(path.isEmpty ? "top level" : path): \(reason)")
    }

    /// The member `key` of this object; an error when it is absent.
    func field(_ key: String) throws(ScoringError) -> XGBImportValue {
        guard let found = try optionalField(key) else {
            throw XGBImportValue(value: NSNull(), path: childPath(key), source: source).error("missing")
        }
        return found
    }

    /// The member `key` of this object, or nil when it is absent.
    func optionalField(_ key: String) throws(ScoringError) -> XGBImportValue? {
        guard let object = value as? [String: Any] else { throw error("expected an object, found \(Self.describe(value))") }
        return object[key].map { XGBImportValue(value: $0, path: childPath(key), source: source) }
    }

    private func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func string() throws(ScoringError) -> String {
        guard let string = value as? String else { throw error("expected a string, found \(Self.describe(value))") }
        return string
    }

    /// The elements of this array, each with its own path.
    func elements() throws(ScoringError) -> [XGBImportValue] {
        guard let array = value as? [Any] else { throw error("expected an array, found \(Self.describe(value))") }
        return array.enumerated().map { XGBImportValue(value: $0.element, path: "\(path)[\($0.offset)]", source: source) }
    }

    /// An integer written as a JSON number or, as XGBoost writes its parameters, as a string.
    func integer() throws(ScoringError) -> Int {
        if let string = value as? String {
            guard let integer = Int(string.trimmingCharacters(in: .whitespaces)) else { throw error("'\(string)' is not an integer") }
            return integer
        }
        guard let number = value as? NSNumber, let integer = Self.exactInteger(number.doubleValue) else {
            throw error("expected an integer, found \(Self.describe(value))")
        }
        return integer
    }

    /// `base_score`: a string holding a number ("5E-1", XGBoost < 2) or a one-element vector ("[5E-1]",
    /// XGBoost >= 2), or a plain number. XGBoost holds it as a float32, so it is read as one.
    func baseScore() throws(ScoringError) -> Double {
        if let number = value as? NSNumber { return Double(Float(number.doubleValue)) }
        var text = try string().trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("[") && text.hasSuffix("]") {
            text = String(text.dropFirst().dropLast())
            let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count == 1 else {
                throw error("holds \(parts.count) values; only single-output models (one base score) are supported")
            }
        }
        guard let score = Float(text.trimmingCharacters(in: .whitespaces)), score.isFinite else {
            throw error("'\(value)' is not a number")
        }
        return Double(score)
    }

    func strings() throws(ScoringError) -> [String] {
        guard let array = value as? [Any] else { throw error("expected an array of strings, found \(Self.describe(value))") }
        var strings: [String] = []
        strings.reserveCapacity(array.count)
        for (index, element) in array.enumerated() {
            guard let string = element as? String else {
                throw error("element \(index) is \(Self.describe(element)), expected a string")
            }
            strings.append(string)
        }
        return strings
    }

    /// An array of JSON numbers. A float32 written by XGBoost (at most 9 significant digits) reads
    /// back as the nearest Double, which rounds to that same float32.
    func doubles() throws(ScoringError) -> [Double] {
        guard let array = value as? [Any] else { throw error("expected an array of numbers, found \(Self.describe(value))") }
        var numbers: [Double] = []
        numbers.reserveCapacity(array.count)
        for (index, element) in array.enumerated() {
            guard let number = element as? NSNumber else {
                throw error("element \(index) is \(Self.describe(element)), expected a number")
            }
            numbers.append(number.doubleValue)
        }
        return numbers
    }

    func integers() throws(ScoringError) -> [Int] {
        let numbers = try doubles()
        var integers: [Int] = []
        integers.reserveCapacity(numbers.count)
        for (index, number) in numbers.enumerated() {
            guard let integer = Self.exactInteger(number) else { throw error("element \(index) is \(number), expected an integer") }
            integers.append(integer)
        }
        return integers
    }

    /// Booleans written as 0/1 (XGBoost >= 2) or as true/false (older versions).
    func flags() throws(ScoringError) -> [Bool] {
        let numbers = try doubles()
        var flags: [Bool] = []
        flags.reserveCapacity(numbers.count)
        for (index, number) in numbers.enumerated() {
            guard number == 0 || number == 1 else { throw error("element \(index) is \(number), expected 0 or 1") }
            flags.append(number == 1)
        }
        return flags
    }

    private static func exactInteger(_ number: Double) -> Int? {
        guard number.rounded() == number, abs(number) <= 9_007_199_254_740_992 else { return nil }
        return Int(number)
    }

    /// What a JSON value is, for error messages.
    private static func describe(_ value: Any) -> String {
        switch value {
        case is String: "a string"
        case is NSNumber: "a number"
        case is [Any]: "an array"
        case is [String: Any]: "an object"
        case is NSNull: "null"
        default: "\(type(of: value))"
        }
    }
}
