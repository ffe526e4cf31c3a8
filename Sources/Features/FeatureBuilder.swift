import FeatureStore
import RadarCore

/// Builds feature rows for the whole universe as of a timestamp, or for a range of timestamps.
///
/// Each timestamp reads its cross-sections through `store.asOf(t)` (one windowed read per table for
/// every token at once). The two big tables' state is carried from one timestamp to the next: holder
/// balances in a ledger that adds the transfers that became visible since the previous timestamp, and
/// the pools' 7-day swaps and reserve updates in a tape that adds the new rows and drops the expired
/// ones; so a range costs one pass over those tables, and each step reads only its new rows.
public struct FeatureBuilder: Sendable {
    public let store: FeatureStore
    public let featureSet: FeatureSet
    public let config: FeatureConfig
    /// Holder balances as of the last timestamp built; carried so the next one only adds new transfers.
    public private(set) var ledger = HolderLedger()
    /// Pools' swaps and reserves over the 7 days to the last timestamp built; carried like the ledger.
    private(set) var tape = PoolTape(window: CrossSection.longWindow)
    /// Every token's mentions over the 7 days to the last timestamp built; carried like the ledger.
    private(set) var mentionTape = MentionTape(window: CrossSection.longWindow)
    /// Where the last timestamp's build spent its time.
    public private(set) var timings = BuildTimings()

    public init(store: FeatureStore, featureSet: FeatureSet = .standard, config: FeatureConfig = FeatureConfig()) {
        self.store = store
        self.featureSet = featureSet
        self.config = config
    }

    /// Feature rows for every token of the universe at `asOf`, in token order.
    public mutating func rows(asOf: Timestamp) throws(FeatureError) -> FeatureFrame {
        let reader = store.asOf(asOf)
        let section: CrossSection
        var timings = BuildTimings()
        defer { self.timings = timings }
        do {
            try timings.measure("holder ledger") { () throws(StoreError) in try ledger.advance(to: reader) }
            try timings.measure("pool tape") { () throws(StoreError) in try tape.advance(to: reader) }
            try timings.measure("mention tape") { () throws(StoreError) in try mentionTape.advance(to: reader, lexicon: config.lexicon) }
            section = try CrossSection(reader: reader, config: config, ledger: ledger, tape: &tape, mentionTape: mentionTape,
                                       timings: &timings)
        } catch {
            throw .store(asOf: asOf, error)
        }
        var columns = timings.measure("market features") { MarketFeatures.compute(section) }
        columns.merge(timings.measure("holder features") { HolderFeatures.compute(section) })
        columns.merge(timings.measure("social features") { SocialFeatures.compute(section) })
        columns.merge(timings.measure("ip features") { IPFeatures.compute(section) })
        columns.merge(timings.measure("risk features") { RiskFeatures.compute(section) })
        columns.merge(timings.measure("rank features") { RankFeatures.compute(columns) })
        let frameStarted = ContinuousClock.now
        defer { timings.record("frame", since: frameStarted) }
        var selected: [[Float]] = []
        for name in featureSet.names {
            guard let column = columns.values[name] else { throw .unknownFeature(name: name, featureSet: featureSet.id) }
            selected.append(column)
        }
        let members = section.universe.members
        var values = [Float](repeating: .nan, count: members.count * selected.count)
        for row in members.indices {
            for (column, data) in selected.enumerated() { values[row * selected.count + column] = data[row] }
        }
        return FeatureFrame(featureSetID: featureSet.id, names: featureSet.names,
                            timestamps: Array(repeating: asOf, count: members.count), tokens: members.map(\.token), values: values)
    }

    /// Feature rows at `from`, `from + step`, ... up to and including `to`.
    public mutating func rows(from: Timestamp, to: Timestamp, step: RadarDuration,
                              progress: (Timestamp) -> Void = { _ in }) throws(FeatureError) -> FeatureFrame {
        var frame = FeatureFrame(featureSetID: featureSet.id, names: featureSet.names)
        for time in Self.timestamps(from: from, to: to, step: step) {
            frame.append(try rows(asOf: time))
            progress(time)
        }
        return frame
    }

    /// `from`, `from + step`, ... up to `to` inclusive (empty when `to < from`).
    public static func timestamps(from: Timestamp, to: Timestamp, step: RadarDuration) -> [Timestamp] {
        precondition(step.seconds > 0, "step must be positive")
        return stride(from: from.seconds, through: to.seconds, by: Int(step.seconds)).map { (seconds: Int64) in Timestamp(seconds: seconds) }
    }
}

/// What went wrong building features or labels.
public enum FeatureError: Error, Sendable, CustomStringConvertible {
    /// A store read failed while building the timestamp.
    case store(asOf: Timestamp, StoreError)
    /// The feature set names a feature no family computes.
    case unknownFeature(name: String, featureSet: String)

    public var description: String {
        switch self {
        case .store(let asOf, let error): "building features as of \(asOf): \(error)"
        case .unknownFeature(let name, let set): "feature set \(set) names '\(name)', which no feature family computes; check the set's definitions"
        }
    }
}
