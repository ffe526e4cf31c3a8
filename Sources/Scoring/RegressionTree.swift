/// One boosted tree as flat arrays: internal nodes by index, leaves by index, children encoded as
/// a node index (>= 0) or a leaf index `~leaf` (< 0), as in LightGBM's model format.
///
/// Thresholds are raw feature values (a bin's upper bound): `value <= threshold` goes left, a missing
/// value goes to the `defaultLeft` side. Covers (how much data reached each node) are kept for TreeSHAP.
public struct RegressionTree: Sendable, Codable, Equatable {
    public var splitFeature: [Int32] = []
    public var threshold: [Float] = []
    public var defaultLeft: [Bool] = []
    public var leftChild: [Int32] = []
    public var rightChild: [Int32] = []
    public var splitGain: [Double] = []
    /// How much training data reached each internal node: rows for trees grown here, the hessian sum
    /// ("cover") for imported XGBoost trees. TreeSHAP weighs paths by it.
    public var internalCover: [Double] = []
    /// Leaf outputs, learning rate included.
    public var leafValue: [Double] = []
    /// How much training data reached each leaf, in the same unit as `internalCover`.
    public var leafCover: [Double] = []

    public init() {}

    /// The raw output for one row of raw feature values.
    @inline(__always)
    public func predict(_ row: UnsafePointer<Float>) -> Double {
        guard !splitFeature.isEmpty else { return leafValue.first ?? 0 }
        var node: Int32 = 0
        while node >= 0 {
            let index = Int(node)
            let value = row[Int(splitFeature[index])]
            let goLeft = value.isNaN ? defaultLeft[index] : value <= threshold[index]
            node = goLeft ? leftChild[index] : rightChild[index]
        }
        return leafValue[Int(~node)]
    }
}
