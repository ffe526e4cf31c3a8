import FeatureStore
import Features
import RadarCore

/// Feature rows over a range of timestamps with each row's label, aligned row by row: what training
/// and the backtest read.
///
/// Labels look past their timestamp by design (see `LabelBuilder`); a row's label is known only once
/// its window `t + lag + H` has passed, and `labelKnownBy(_:)` is how training asks for that.
public struct LabelledHistory: Sendable {
    /// Raw feature rows, by timestamp then token.
    public var frame: FeatureFrame
    /// The same rows as percentile ranks within their timestamp (the models' inputs).
    public var ranked: FeatureFrame
    /// Forward return per row (NaN where unknown).
    public var forwardReturn: [Double]
    /// Alpha per row: forward return minus the cross-sectional median (NaN where unknown).
    public var alpha: [Double]
    /// 1 in the top quantile, 0 below, NaN where unknown.
    public var label: [Float]
    /// The label definition the rows were labelled with.
    public var horizon: Horizon
    /// Where `build` spent its time: feature rows and labels, summed over the timestamps.
    public var buildTimes: [(stage: String, duration: Duration)] = []

    public init(frame: FeatureFrame, forwardReturn: [Double], alpha: [Double], label: [Float], horizon: Horizon) {
        precondition(forwardReturn.count == frame.rowCount && alpha.count == frame.rowCount && label.count == frame.rowCount,
                     "labels must align with the frame's rows")
        self.frame = frame
        self.ranked = frame.percentileRanks()
        self.forwardReturn = forwardReturn
        self.alpha = alpha
        self.label = label
        self.horizon = horizon
    }

    public var rowCount: Int { frame.rowCount }

    /// When the label of a row at `asOf` is fully observed: the end of its forward window.
    public func labelWindowEnd(_ asOf: Timestamp) -> Timestamp { horizon.window(after: asOf).upperBound }

    /// Rows whose label window ended by `cutoff` and whose label is known: the rows a model trained
    /// at `cutoff` may learn from.
    public func labelKnownBy(_ cutoff: Timestamp) -> [Int] {
        (0..<rowCount).filter { !label[$0].isNaN && labelWindowEnd(frame.timestamps[$0]) <= cutoff }
    }

    /// Row ranges per distinct timestamp, in order.
    public var timestampRanges: [(time: Timestamp, rows: Range<Int>)] {
        var result: [(Timestamp, Range<Int>)] = []
        var start = 0
        while start < rowCount {
            var end = start
            while end < rowCount && frame.timestamps[end] == frame.timestamps[start] { end += 1 }
            result.append((frame.timestamps[start], start..<end))
            start = end
        }
        return result
    }

    /// Builds feature rows at every timestamp of `times` (ascending) and labels them.
    ///
    /// `dataEnd` is the last instant the store is complete to: later label windows stay unknown.
    public static func build(store: FeatureStore, times: [Timestamp], labels labelConfig: LabelConfig, dataEnd: Timestamp?,
                             featureSet: FeatureSet = .standard, featureConfig: FeatureConfig = FeatureConfig(),
                             progress: (Int, Int) -> Void = { _, _ in }) throws(PipelineError) -> LabelledHistory {
        var builder = FeatureBuilder(store: store, featureSet: featureSet, config: featureConfig)
        var labeller = LabelBuilder(store: store, config: labelConfig, featureConfig: featureConfig)
        var frame = FeatureFrame(featureSetID: featureSet.id, names: featureSet.names)
        var forward: [Double] = [], alpha: [Double] = [], label: [Float] = []
        let clock = ContinuousClock()
        var featureTime = Duration.zero, labelTime = Duration.zero
        do {
            for (done, time) in times.enumerated() {
                let started = clock.now
                let rows = try builder.rows(asOf: time)
                let featured = clock.now
                featureTime += featured - started
                let labelled = try labeller.labels(asOf: time, dataEnd: dataEnd, universe: builder.universe)
                labelTime += clock.now - featured
                let position = Dictionary(uniqueKeysWithValues: labelled.tokens.enumerated().map { ($0.element, $0.offset) })
                for token in rows.tokens {
                    guard let index = position[token] else {
                        forward.append(.nan); alpha.append(.nan); label.append(.nan)
                        continue
                    }
                    forward.append(labelled.forwardReturn[index])
                    alpha.append(labelled.alpha[index])
                    label.append(labelled.label[index].map(Float.init) ?? .nan)
                }
                frame.append(rows)
                progress(done + 1, times.count)
            }
        } catch {
            throw .features(error)
        }
        var history = LabelledHistory(frame: frame, forwardReturn: forward, alpha: alpha, label: label, horizon: labelConfig.horizon)
        history.buildTimes = [("features", featureTime), ("labels", labelTime)]
        return history
    }
}
