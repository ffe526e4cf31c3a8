import Foundation

/// Reads a LightGBM text model (`booster.save_model("m.txt")`) into a `GBDTModel`, so a model a quant
/// trained with LightGBM scores, explains (TreeSHAP) and ships through the same predictor as one trained
/// here, with raw scores equal to LightGBM's own, missing values included.
///
/// What is read: single-output GBDT models with numerical splits and the objectives `binary` with
/// `sigmoid:1` (raw scores are log-odds) and `regression` (L2). Anything else (multi-class, other
/// objectives or sigmoids, categorical splits, linear trees, random-forest averaging, nodes that treat
/// zero as missing in a way one threshold cannot express) is refused with an error naming the file, the
/// line and what was found, rather than read into a model that predicts something else. Everything
/// after `end of trees` (`feature_importances:`, `parameters:`, `pandas_categorical:`) is ignored.
///
/// How LightGBM's trees map onto `RegressionTree`:
/// - The node layout is the same: internal nodes by index with the root at 0, children a node index
///   (>= 0) or `~leaf` (< 0). The tree is walked from its root to check that it is one tree (every
///   child in range, every node and leaf reached exactly once) before anything predicts with it.
/// - `leaf_value` already includes the tree's `shrinkage`, and LightGBM folds the starting score
///   ("boost from average") into the first tree, so `initialScore` is 0 and leaf values are used as
///   written. A tree with `num_leaves=1` becomes a tree with no splits and its one leaf.
/// - LightGBM sends `x <= threshold` left, comparing the feature as a Double with a Double threshold;
///   features here are Floats, so the threshold becomes the largest Float not above it (see
///   `floatThreshold`), which decides every Float exactly as LightGBM does.
/// - `decision_type`: bit 0 marks a categorical split (refused), bit 1 "default left", bits 2-3 the
///   missing type. NaN: a missing value goes to the default side. None: LightGBM turns a missing value
///   into 0 before comparing, so it goes where 0 goes, `0 <= threshold`. Zero (`zero_as_missing`): a
///   missing value and every value within LightGBM's zero band (|x| <= 1e-35f) go to the default side;
///   that is exact here only when the threshold already sends the whole band to the default side, and
///   such nodes are read; any other Zero node is refused.
/// - Covers are `internal_count` and `leaf_count`, the row counts LightGBM's own TreeSHAP weighs paths
///   by, so `TreeSHAP.contributions` gives LightGBM's `pred_contrib`. A file without `leaf_count`
///   gives every leaf a cover of 1; without either count, an internal node covers the sum of its
///   children, so covers stay consistent.
/// - Importance counts each feature's splits and sums their `split_gain` (LightGBM's "gain"
///   importance). There is no training or validation loss history.
public enum LightGBMModel {
    /// Reads the LightGBM text model file at `path`.
    public static func read(path: String) throws(ScoringError) -> GBDTModel {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .io(path: path, reason: "cannot read: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .malformedFile(source: path, line: 1, reason: "not UTF-8 text; a LightGBM model is read from the text file "
                                 + "that booster.save_model(\"m.txt\") writes")
        }
        return try parse(text, source: path)
    }

    /// Converts a LightGBM text model held in memory; `source` names it in errors.
    public static func parse(_ text: String, source: String) throws(ScoringError) -> GBDTModel {
        let lines = lgbImportLines(text)
        var index = 0
        while index < lines.count && lines[index].isEmpty { index += 1 }
        guard index < lines.count, lines[index] == "tree" else {
            let shown = index < lines.count ? "'\(lines[index].prefix(40))'" : "nothing"
            throw .malformedFile(source: source, line: min(index, max(lines.count - 1, 0)) + 1,
                                 reason: "not a LightGBM text model: found \(shown) where the first line should be 'tree' "
                                 + "(a model is read from the text file booster.save_model(\"m.txt\") writes, not a JSON dump_model)")
        }

        // The header: key=value lines up to the first tree.
        var header = LGBImportSection(source: source, name: "the header", line: index + 1)
        index += 1
        while index < lines.count && !lines[index].hasPrefix("Tree=") && lines[index] != "end of trees" {
            try header.add(lines[index], line: index + 1)
            index += 1
        }

        // The trees: a `Tree=N` line, then its key=value lines, up to `end of trees`.
        var treeSections: [LGBImportSection] = []
        var endLine: Int?
        while index < lines.count {
            let line = lines[index]
            if line == "end of trees" {
                endLine = index + 1
                break
            }
            if line.hasPrefix("Tree=") {
                guard let number = Int(line.dropFirst(5)), number == treeSections.count else {
                    throw .malformedFile(source: source, line: index + 1,
                                         reason: "'\(line)': expected Tree=\(treeSections.count) (trees are numbered from 0 in order)")
                }
                treeSections.append(LGBImportSection(source: source, name: "Tree=\(number)", line: index + 1))
            } else {
                try treeSections[treeSections.count - 1].add(line, line: index + 1)
            }
            index += 1
        }
        guard endLine != nil else {
            throw .malformedFile(source: source, line: (lines.lastIndex { !$0.isEmpty } ?? 0) + 1,
                                 reason: "no 'end of trees' line: the file ends early (cut short while being written or copied?)")
        }
        guard !treeSections.isEmpty else {
            throw .malformedFile(source: source, line: endLine!, reason: "the model holds no trees (no Tree= section before 'end of trees')")
        }

        if let average = header.bareLines.first(where: { $0.text == "average_output" }) {
            throw header.error(average.line, "average_output: a random-forest model (boosting=rf) averages its trees; "
                               + "only boosted models (boosting=gbdt), whose trees add up, are supported")
        }
        if let classes = try header.optionalInteger("num_class"), classes != 1 {
            throw header.error(header.entries["num_class"]!.line,
                               "num_class=\(classes): a multi-class model is not supported; the predictor has one output")
        }
        if let perIteration = try header.optionalInteger("num_tree_per_iteration"), perIteration != 1 {
            throw header.error(header.entries["num_tree_per_iteration"]!.line,
                               "num_tree_per_iteration=\(perIteration): only single-output models (one tree per iteration) are supported")
        }
        let objective = try objective(header)

        let maxFeatureIndex = try header.integer("max_feature_idx")
        guard maxFeatureIndex >= 0 && maxFeatureIndex < Int(Int32.max) else {
            throw header.error(header.entries["max_feature_idx"]!.line, "max_feature_idx=\(maxFeatureIndex) is not a feature index")
        }
        let featureCount = maxFeatureIndex + 1
        let namesEntry = try header.required("feature_names")
        let featureNames = namesEntry.value.split(separator: " ").map(String.init)
        guard featureNames.count == featureCount else {
            throw header.error(namesEntry.line, "feature_names holds \(featureNames.count) names but max_feature_idx=\(maxFeatureIndex) "
                               + "means \(featureCount) features")
        }

        var trees: [RegressionTree] = []
        trees.reserveCapacity(treeSections.count)
        for section in treeSections {
            trees.append(try convertTree(section, featureCount: featureCount))
        }
        let importance = FeatureImportance(trees: trees, featureCount: featureCount)
        return GBDTModel(objective: objective, featureNames: featureNames, initialScore: 0, trees: trees,
                         importance: importance, validationLoss: [], trainingLoss: [])
    }

    /// The threshold to compare Float features with, for LightGBM's Double `threshold`: the largest
    /// Float not greater than it.
    ///
    /// LightGBM sends `x <= threshold` left with both sides Doubles (a Float feature widened exactly).
    /// With `f` the largest Float such that `Double(f) <= threshold`, every Float `x` has
    /// `x <= f` ⟺ `Double(x) <= threshold`: if `x <= f` then `Double(x) <= Double(f) <= threshold`;
    /// if `x > f` then `Double(x) > threshold`, or `x` would be a larger Float not above the threshold.
    /// Rounding to the nearest Float instead would move values between the Double threshold and a
    /// Float above it (e.g. `Float(0.1)` against 0.1) to the wrong side. `Float(threshold)` is the
    /// nearest Float, so it is either `f` or the Float just above `f`; beyond the Float range it is an
    /// infinity and the same step gives the largest finite Float (or -inf) as required.
    static func floatThreshold(_ threshold: Double) -> Float {
        let nearest = Float(threshold)
        return Double(nearest) <= threshold ? nearest : nearest.nextDown
    }

    /// LightGBM's zero band for `zero_as_missing`: |x| <= kZeroThreshold (1e-35f) counts as zero.
    static let zeroBand: Float = 1e-35

    /// The header's `objective=` line as an `Objective`, or an error saying why it is not supported.
    private static func objective(_ header: LGBImportSection) throws(ScoringError) -> Objective {
        let entry = try header.required("objective")
        let tokens = entry.value.split(separator: " ")
        let name = tokens.first.map(String.init) ?? ""
        let supported = "supported: 'binary sigmoid:1' and 'regression' (L2)"
        switch name {
        case "binary":
            var sigmoid: (text: Substring, value: Double)?
            for token in tokens.dropFirst() {
                guard token.hasPrefix("sigmoid:") else {
                    throw header.error(entry.line, "objective option '\(token)' is not supported; \(supported)")
                }
                let text = token.dropFirst("sigmoid:".count)
                guard let value = Double(text), value.isFinite else {
                    throw header.error(entry.line, "'\(token)': the sigmoid is not a number")
                }
                sigmoid = (text, value)
            }
            guard let sigmoid else {
                throw header.error(entry.line, "objective 'binary' without sigmoid: the raw scores' scale is unknown; \(supported)")
            }
            guard sigmoid.value == 1 else {
                throw header.error(entry.line, "objective 'binary' with sigmoid:\(sigmoid.text) is not supported: its probability is "
                                   + "1/(1+exp(-sigmoid*raw)), here raw scores are log-odds; train with sigmoid=1")
            }
            return .binary
        case "regression", "regression_l2":
            if let option = tokens.dropFirst().first {
                let why = option == "sqrt" ? " (reg_sqrt=true: its raw scores predict the square root of the label)" : ""
                throw header.error(entry.line, "objective option '\(option)' of '\(name)' is not supported\(why); \(supported)")
            }
            return .regression
        case "multiclass", "multiclassova":
            throw header.error(entry.line, "objective '\(name)': a multi-class model is not supported, the predictor has one output; \(supported)")
        default:
            throw header.error(entry.line, "objective '\(entry.value)' is not supported; \(supported)")
        }
    }

    /// One `Tree=N` section as a `RegressionTree`.
    private static func convertTree(_ section: LGBImportSection, featureCount: Int) throws(ScoringError) -> RegressionTree {
        let leafCount = try section.integer("num_leaves")
        guard leafCount >= 1 && leafCount < Int(Int32.max) else {
            throw section.error(section.entries["num_leaves"]!.line, "num_leaves=\(leafCount): a tree needs at least one leaf")
        }
        if let categories = try section.optionalInteger("num_cat"), categories != 0 {
            throw section.error(section.entries["num_cat"]!.line, "num_cat=\(categories): categorical splits are not supported; "
                                + "train with numerical features only (no categorical_feature)")
        }
        if let linear = section.entries["is_linear"], linear.value != "0" {
            throw section.error(linear.line, "is_linear=\(linear.value): linear trees (linear_tree=true) are not supported, "
                                + "their leaves are linear models")
        }

        var tree = RegressionTree()
        tree.leafValue = try section.numbers("leaf_value", count: leafCount, requirement: .finite)
        let leafCovers = try section.optionalNumbers("leaf_count", count: leafCount, requirement: .nonNegative)
        tree.leafCover = leafCovers ?? Array(repeating: 1, count: leafCount)
        guard leafCount > 1 else { return tree }

        let nodeCount = leafCount - 1
        let features = try section.integers("split_feature", count: nodeCount)
        let thresholds = try section.numbers("threshold", count: nodeCount, requirement: .notNaN)
        let decisionTypes = try section.integers("decision_type", count: nodeCount)
        let left = try section.integers("left_child", count: nodeCount)
        let right = try section.integers("right_child", count: nodeCount)
        let gains = try section.optionalNumbers("split_gain", count: nodeCount, requirement: .notNaN)
            ?? Array(repeating: 0, count: nodeCount)
        let internalCovers = leafCovers == nil ? nil
            : try section.optionalNumbers("internal_count", count: nodeCount, requirement: .nonNegative)

        // Check that the children make one tree rooted at node 0; `order` lists nodes parents first.
        var nodeReached = [Bool](repeating: false, count: nodeCount)
        var leafReached = [Bool](repeating: false, count: leafCount)
        var order: [Int] = []
        order.reserveCapacity(nodeCount)
        var stack = [0]
        nodeReached[0] = true
        while let node = stack.popLast() {
            order.append(node)
            for (key, child) in [("left_child", left[node]), ("right_child", right[node])] {
                let line = section.entries[key]!.line
                if child >= 0 {
                    guard child < nodeCount else {
                        throw section.error(line, "node \(node) has child \(child), but num_leaves=\(leafCount) gives nodes 0...\(nodeCount - 1)")
                    }
                    guard !nodeReached[child] else {
                        throw section.error(line, "node \(child) is reached twice (again from node \(node)); the nodes must form a tree")
                    }
                    nodeReached[child] = true
                    stack.append(child)
                } else {
                    let leaf = ~child
                    guard leaf < leafCount else {
                        throw section.error(line, "node \(node) has child \(child) (leaf \(leaf)), but num_leaves=\(leafCount) "
                                            + "gives leaves 0...\(leafCount - 1)")
                    }
                    guard !leafReached[leaf] else {
                        throw section.error(line, "leaf \(leaf) is reached twice (again from node \(node)); the nodes must form a tree")
                    }
                    leafReached[leaf] = true
                }
            }
        }
        if let unreached = nodeReached.firstIndex(of: false) {
            throw section.error(section.entries["left_child"]!.line, "node \(unreached) is not reachable from the root (node 0)")
        }
        // Every node reached once: its 2 * nodeCount child slots hold the nodeCount - 1 other nodes and
        // so nodeCount + 1 = leafCount distinct leaves, all of them.

        tree.splitFeature.reserveCapacity(nodeCount)
        for node in 0..<nodeCount {
            let feature = features[node]
            guard feature >= 0 && feature < featureCount else {
                throw section.error(section.entries["split_feature"]!.line,
                                    "node \(node) splits on feature \(feature), but the model has \(featureCount) features")
            }
            let decisionType = decisionTypes[node]
            let decisionLine = section.entries["decision_type"]!.line
            guard decisionType >= 0 && decisionType < 16 else {
                throw section.error(decisionLine, "node \(node) has decision_type \(decisionType); only bits 0-3 have a meaning")
            }
            guard decisionType & 1 == 0 else {
                throw section.error(decisionLine, "node \(node) is a categorical split (decision_type \(decisionType)); "
                                    + "only numerical splits are supported: train without categorical_feature")
            }
            let defaultLeft = decisionType & 2 != 0
            let threshold = floatThreshold(thresholds[node])
            let missingGoesLeft: Bool
            switch decisionType >> 2 {
            case 0:
                // None: LightGBM compares 0 in place of a missing value.
                missingGoesLeft = 0 <= threshold
            case 1:
                // Zero: NaN and the zero band [-1e-35f, 1e-35f] go to the default side. Exact only when
                // the threshold sends the whole band there too: band left needs its top <= threshold,
                // band right needs its bottom > threshold.
                guard defaultLeft ? zeroBand <= threshold : -zeroBand > threshold else {
                    throw section.error(section.entries["threshold"]!.line,
                                        "node \(node) treats zero as missing (zero_as_missing=true, decision_type \(decisionType)) "
                                        + "with threshold \(thresholds[node]) but sends zero \(defaultLeft ? "left" : "right"), "
                                        + "against the threshold; one threshold cannot express that: train with zero_as_missing=false")
                }
                missingGoesLeft = defaultLeft
            case 2:
                // NaN: a missing value goes to the default side.
                missingGoesLeft = defaultLeft
            default:
                throw section.error(decisionLine, "node \(node) has decision_type \(decisionType) with missing type 3, which LightGBM does not define")
            }
            tree.splitFeature.append(Int32(feature))
            tree.threshold.append(threshold)
            tree.defaultLeft.append(missingGoesLeft)
            tree.leftChild.append(Int32(left[node]))
            tree.rightChild.append(Int32(right[node]))
            tree.splitGain.append(gains[node])
        }

        if let internalCovers {
            tree.internalCover = internalCovers
        } else {
            // No counts in the file: a node covers what its children cover, children before parents.
            var covers = [Double](repeating: 0, count: nodeCount)
            for node in order.reversed() {
                let children = [left[node], right[node]].map { $0 >= 0 ? covers[$0] : tree.leafCover[~$0] }
                covers[node] = children[0] + children[1]
            }
            tree.internalCover = covers
        }
        return tree
    }

    /// The text's lines, trimmed of surrounding blanks (and the `\r` of CRLF files); line n is at n - 1.
    private static func lgbImportLines(_ text: String) -> [Substring] {
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { bytes in
            var bytes = bytes
            let blank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
            while let first = bytes.first, blank(first) { bytes = bytes.dropFirst() }
            while let last = bytes.last, blank(last) { bytes = bytes.dropLast() }
            // Cut at ASCII bytes only (newline, blanks), so the slice starts and ends on characters.
            return Substring(bytes)
        }
    }
}

/// The `key=value` lines of one part of a LightGBM model (the header, or one `Tree=N`), each with its
/// line number, so that every error names the line it is about.
private struct LGBImportSection {
    let source: String
    /// "the header" or "Tree=N", the start of every error's reason.
    let name: String
    /// The section's first line, named when a key is missing.
    let line: Int
    var entries: [String: (line: Int, value: Substring)] = [:]
    /// Lines without `=` (such as `average_output`).
    var bareLines: [(line: Int, text: Substring)] = []

    init(source: String, name: String, line: Int) {
        self.source = source
        self.name = name
        self.line = line
    }

    func error(_ line: Int, _ reason: String) -> ScoringError {
        .malformedFile(source: source, line: line, reason: "\(name): \(reason)")
    }

    mutating func add(_ text: Substring, line: Int) throws(ScoringError) {
        guard !text.isEmpty else { return }
        guard let equals = text.firstIndex(of: "=") else {
            bareLines.append((line, text))
            return
        }
        let key = String(text[..<equals])
        if let earlier = entries[key] {
            throw error(line, "\(key)= appears twice (first on line \(earlier.line))")
        }
        entries[key] = (line, text[text.index(after: equals)...])
    }

    func required(_ key: String) throws(ScoringError) -> (line: Int, value: Substring) {
        guard let entry = entries[key] else {
            throw error(line, "no \(key)= line" + (name == "the header" ? "" : " in this tree, which starts here"))
        }
        return entry
    }

    func integer(_ key: String) throws(ScoringError) -> Int {
        let entry = try required(key)
        guard let value = Int(entry.value) else { throw error(entry.line, "\(key)='\(entry.value)' is not an integer") }
        return value
    }

    func optionalInteger(_ key: String) throws(ScoringError) -> Int? {
        guard entries[key] != nil else { return nil }
        return try integer(key)
    }

    /// The space-separated elements of `key`, exactly `count` of them.
    private func elements(_ key: String, count: Int) throws(ScoringError) -> (line: Int, values: [Substring]) {
        let entry = try required(key)
        let values = entry.value.split(separator: " ")
        guard values.count == count else {
            throw error(entry.line, "\(key) holds \(values.count) values, but num_leaves means \(count)")
        }
        return (entry.line, values)
    }

    func integers(_ key: String, count: Int) throws(ScoringError) -> [Int] {
        let (line, texts) = try elements(key, count: count)
        var values: [Int] = []
        values.reserveCapacity(count)
        for (index, text) in texts.enumerated() {
            guard let value = Int(text), abs(value) < Int(Int32.max) else {
                throw error(line, "\(key): element \(index) is '\(text)', not an integer")
            }
            values.append(value)
        }
        return values
    }

    /// What a number read from the model must be.
    enum Requirement {
        case notNaN, finite, nonNegative
    }

    /// Doubles written by LightGBM (17 significant digits) read back exactly.
    func numbers(_ key: String, count: Int, requirement: Requirement) throws(ScoringError) -> [Double] {
        let (line, texts) = try elements(key, count: count)
        var values: [Double] = []
        values.reserveCapacity(count)
        for (index, text) in texts.enumerated() {
            guard let value = Double(text) else { throw error(line, "\(key): element \(index) is '\(text)', not a number") }
            let ok = switch requirement {
            case .notNaN: !value.isNaN
            case .finite: value.isFinite
            case .nonNegative: value.isFinite && value >= 0
            }
            guard ok else {
                let needed = switch requirement {
                case .notNaN: "a number"
                case .finite: "a finite number"
                case .nonNegative: "a count (finite, not negative)"
                }
                throw error(line, "\(key): element \(index) is '\(text)', expected \(needed)")
            }
            values.append(value)
        }
        return values
    }

    func optionalNumbers(_ key: String, count: Int, requirement: Requirement) throws(ScoringError) -> [Double]? {
        guard entries[key] != nil else { return nil }
        return try numbers(key, count: count, requirement: requirement)
    }
}
