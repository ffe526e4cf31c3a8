/// Exact TreeSHAP (Lundberg, Erion & Lee, "Consistent Individualized Feature Attribution for Tree
/// Ensembles", Algorithm 2): each feature's Shapley contribution to one prediction, in polynomial
/// time, with a tree's expectations weighted by how many training rows reached each node.
///
/// The contributions of all features plus the bias (the ensemble's expected raw score) add up to the
/// row's raw score; they are what "top drivers" of an alpha score are made of.
public enum TreeSHAP {
    /// One element of the path from the root to the current node.
    private struct PathElement {
        var feature: Int
        /// Fraction of "zero" paths (feature absent) that flow through this element.
        var zeroFraction: Double
        /// Fraction of "one" paths (feature present, following the row) that flow through.
        var oneFraction: Double
        var weight: Double
    }

    /// Contributions per feature, then the bias last (`featureNames.count + 1` values), for one row.
    public static func contributions(_ model: GBDTModel, row: [Float]) throws(ScoringError) -> [Double] {
        guard row.count == model.featureNames.count else {
            throw .shapeMismatch("a row of \(row.count) values for a model of \(model.featureNames.count) features")
        }
        var phi = [Double](repeating: 0, count: row.count + 1)
        phi[row.count] = model.initialScore
        for tree in model.trees {
            if tree.splitFeature.isEmpty {
                phi[row.count] += tree.leafValue.first ?? 0
                continue
            }
            phi[row.count] += expectedValue(tree, node: 0)
            recurse(tree, row: row, node: 0, path: [], zeroFraction: 1, oneFraction: 1, feature: -1, phi: &phi)
        }
        return phi
    }

    /// Rows that reached a node (internal or `~leaf`).
    private static func cover(_ tree: RegressionTree, _ node: Int32) -> Double {
        node >= 0 ? tree.internalCover[Int(node)] : tree.leafCover[Int(~node)]
    }

    /// The tree's mean output over its training rows, below `node`.
    private static func expectedValue(_ tree: RegressionTree, node: Int32) -> Double {
        guard node >= 0 else { return tree.leafValue[Int(~node)] }
        let index = Int(node)
        let total = cover(tree, node)
        guard total > 0 else { return 0 }
        let left = tree.leftChild[index], right = tree.rightChild[index]
        return (cover(tree, left) * expectedValue(tree, node: left) + cover(tree, right) * expectedValue(tree, node: right)) / total
    }

    private static func recurse(_ tree: RegressionTree, row: [Float], node: Int32, path: [PathElement], zeroFraction: Double,
                                oneFraction: Double, feature: Int, phi: inout [Double]) {
        var path = path
        extend(&path, zeroFraction: zeroFraction, oneFraction: oneFraction, feature: feature)
        guard node >= 0 else {
            let value = tree.leafValue[Int(~node)]
            for index in 1..<path.count {
                let weight = unwoundSum(path, index)
                phi[path[index].feature] += weight * (path[index].oneFraction - path[index].zeroFraction) * value
            }
            return
        }
        let index = Int(node)
        let splitFeature = Int(tree.splitFeature[index])
        let value = row[splitFeature]
        let goLeft = value.isNaN ? tree.defaultLeft[index] : value <= tree.threshold[index]
        let hot = goLeft ? tree.leftChild[index] : tree.rightChild[index]
        let cold = goLeft ? tree.rightChild[index] : tree.leftChild[index]
        // A feature met again on the path is unwound first, so it counts once with both fractions.
        var incomingZero = 1.0, incomingOne = 1.0
        if let previous = path.indices.dropFirst().first(where: { path[$0].feature == splitFeature }) {
            incomingZero = path[previous].zeroFraction
            incomingOne = path[previous].oneFraction
            unwind(&path, previous)
        }
        let total = cover(tree, node)
        recurse(tree, row: row, node: hot, path: path, zeroFraction: incomingZero * cover(tree, hot) / total,
                oneFraction: incomingOne, feature: splitFeature, phi: &phi)
        recurse(tree, row: row, node: cold, path: path, zeroFraction: incomingZero * cover(tree, cold) / total,
                oneFraction: 0, feature: splitFeature, phi: &phi)
    }

    /// Adds a feature to the path, updating the weights of every subset size.
    private static func extend(_ path: inout [PathElement], zeroFraction: Double, oneFraction: Double, feature: Int) {
        let length = path.count
        path.append(PathElement(feature: feature, zeroFraction: zeroFraction, oneFraction: oneFraction, weight: length == 0 ? 1 : 0))
        guard length > 0 else { return }
        for i in stride(from: length - 1, through: 0, by: -1) {
            path[i + 1].weight += oneFraction * path[i].weight * Double(i + 1) / Double(length + 1)
            path[i].weight = zeroFraction * path[i].weight * Double(length - i) / Double(length + 1)
        }
    }

    /// Removes the element at `index` from the path, undoing its `extend`.
    private static func unwind(_ path: inout [PathElement], _ index: Int) {
        let last = path.count - 1
        let one = path[index].oneFraction, zero = path[index].zeroFraction
        var next = path[last].weight
        for j in stride(from: last - 1, through: 0, by: -1) {
            if one != 0 {
                let previous = path[j].weight
                path[j].weight = next * Double(last + 1) / (Double(j + 1) * one)
                next = previous - path[j].weight * zero * Double(last - j) / Double(last + 1)
            } else {
                path[j].weight = path[j].weight * Double(last + 1) / (zero * Double(last - j))
            }
        }
        for j in index..<last {
            path[j].feature = path[j + 1].feature
            path[j].zeroFraction = path[j + 1].zeroFraction
            path[j].oneFraction = path[j + 1].oneFraction
        }
        path.removeLast()
    }

    /// The total weight the path would have with the element at `index` unwound, without unwinding it.
    private static func unwoundSum(_ path: [PathElement], _ index: Int) -> Double {
        var copy = path
        unwind(&copy, index)
        return copy.reduce(0) { $0 + $1.weight }
    }
}
