import FeatureStore
import Foundation
import RadarCore

/// Builds feature rows for the whole universe as of a timestamp, or for a range of timestamps.
///
/// Each timestamp reads its cross-sections through `store.asOf(t)` (one windowed read per table for
/// every token at once). The big tables' state is carried from one timestamp to the next: holder
/// balances in a ledger that adds the transfers that became visible since the previous timestamp,
/// the pools' 7-day swaps and reserve updates and every token's 7-day mentions in tapes that add the
/// new rows and drop the expired ones, and the IP events in a list that only grows; so a range costs
/// one pass over those tables, and each step reads only its new rows.
///
/// The carried state (ledger and tapes; the IP events are read afresh) can be saved in the store
/// (`saveState()`) and a new builder can start from it (`resume(atOrBefore:)`) instead of reading the
/// whole history; its rows are bit-identical to a fresh build's.
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
    /// Every IP event visible at the last timestamp built; carried like the ledger.
    private(set) var ipTape = IPEventTape()
    /// Where the last timestamp's build (or the last resume) spent its time.
    public private(set) var timings = BuildTimings()
    /// The universe of the last timestamp built (what labels at that timestamp are taken over).
    public private(set) var universe: Universe?
    /// The store's write-log position when the carried state began (its first read, or the resume that
    /// loaded it): a save is refused if a write since then touched rows the state summarises.
    private var readSince: FeatureStateGeneration?
    /// What the last successful `resume` loaded.
    public private(set) var resumedState: ResumedState?

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
            if readSince == nil { readSince = try store.featureStateGeneration() }
            try advanceCarriedState(to: reader, timings: &timings)
            universe = nil
            section = try CrossSection(reader: reader, config: config, ledger: ledger, tape: &tape, mentionTape: mentionTape,
                                       ipTape: ipTape, timings: &timings)
            universe = section.universe
        } catch {
            throw .store(asOf: asOf, error)
        }
        // The families only read the section: computed at once, merged in a fixed order.
        let families: [(name: String, compute: @Sendable (CrossSection) -> Columns)] = [
            ("market features", MarketFeatures.compute), ("holder features", HolderFeatures.compute),
            ("social features", SocialFeatures.compute), ("ip features", IPFeatures.compute), ("risk features", RiskFeatures.compute),
        ]
        let computed = Concurrent.perform(families.map { family in
            { @Sendable () -> (Columns, Duration) in
                let start = ContinuousClock.now
                let columns = family.compute(section)
                return (columns, ContinuousClock.now - start)
            }
        })
        var columns = Columns(count: section.universe.members.count)
        for (family, result) in zip(families, computed) {
            columns.merge(result.0)
            timings.add(family.name, result.1)
        }
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

    /// The store key this builder's carried state is saved under: it names the codec version, the
    /// windows and the sentiment lexicon, everything that shapes the state's contents.
    public var stateKey: String { CarriedState.key(lexicon: config.lexicon) }

    /// Replaces the carried state with the newest one saved at or before `t` and no more than 7 days
    /// older (from further back, stepping costs as much as a fresh read), and returns its time; nil,
    /// with the state unchanged, when there is none. `rows(asOf:)` for any time from then on is
    /// bit-identical to a fresh builder's. `timings` gets the read and decode stages.
    public mutating func resume(atOrBefore t: Timestamp) throws(FeatureError) -> Timestamp? {
        var timings = BuildTimings()
        defer { self.timings = timings }
        let key = stateKey, store = store
        let found: (state: SavedFeatureState?, generation: FeatureStateGeneration)
        do {
            found = try timings.measure("read state") { () throws(StoreError) in
                try store.newestFeatureState(key: key, atOrBefore: t, notBefore: t - CrossSection.longWindow)
            }
        } catch {
            throw .store(asOf: t, error)
        }
        guard let saved = found.state else { return nil }
        let state: CarriedState
        do {
            state = try timings.measure("decode state") { () throws(CarriedStateDecodingError) in
                try CarriedState(decoding: saved.payload, asOf: saved.asOf)
            }
        } catch {
            throw .unreadableState(key: saved.key, asOf: saved.asOf, reason: error.description)
        }
        for part in state.decodingProfile { timings.add("decode \(part.part)", part.duration) }
        resumedState = ResumedState(asOf: saved.asOf, payloadBytes: saved.payload.count,
                                    parts: state.decodingProfile.map { (part: $0.part, bytes: $0.bytes) })
        ledger = state.ledger
        tape = state.tape
        mentionTape = state.mentionTape
        readSince = found.generation
        return saved.asOf
    }

    /// Saves the carried state (as of the last timestamp built) under `stateKey`, keeping the newest
    /// `keeping` states. Refused, not thrown, when nothing was built yet or the store took rows the
    /// state summarises while it was built: the caller's result stands either way.
    public func saveState(keeping: Int = 2) throws(FeatureError) -> FeatureStateSave {
        guard let readSince, ledger.asOf == tape.asOf, ledger.asOf == mentionTape.asOf, ledger.asOf != HolderLedger().asOf else {
            return .refused(reason: "no timestamp has been built")
        }
        let payload = CarriedState(ledger: ledger, tape: tape, mentionTape: mentionTape).encoded()
        let state = SavedFeatureState(key: stateKey, asOf: ledger.asOf, writtenAt: Timestamp(flooring: Date()), payload: payload)
        do throws(StoreError) {
            return try store.saveFeatureState(state, readSince: readSince, keeping: keeping)
        } catch {
            throw .store(asOf: ledger.asOf, error)
        }
    }

    /// Steps the holder ledger, the pool tape and the mention tape to the reader's timestamp, at once
    /// (each reads its own table). Each state moves into a box for the step so it is changed in place.
    private mutating func advanceCarriedState(to reader: PointInTimeReader, timings: inout BuildTimings) throws(StoreError) {
        let ledgerBox = CarriedBox(ledger), tapeBox = CarriedBox(tape), mentionBox = CarriedBox(mentionTape), ipBox = CarriedBox(ipTape)
        ledger = HolderLedger()
        tape = PoolTape(window: CrossSection.longWindow)
        mentionTape = MentionTape(window: CrossSection.longWindow)
        ipTape = IPEventTape()
        let lexicon = config.lexicon
        let jobs: [@Sendable () -> (StoreError?, Duration)] = [
            { Self.timed { () throws(StoreError) in try ledgerBox.state.advance(to: reader) } },
            { Self.timed { () throws(StoreError) in try tapeBox.state.advance(to: reader) } },
            { Self.timed { () throws(StoreError) in try mentionBox.state.advance(to: reader, lexicon: lexicon) } },
            { Self.timed { () throws(StoreError) in try ipBox.state.advance(to: reader) } },
        ]
        let results = Concurrent.perform(jobs)
        ledger = ledgerBox.state
        tape = tapeBox.state
        mentionTape = mentionBox.state
        ipTape = ipBox.state
        for (name, result) in zip(["holder ledger", "pool tape", "mention tape", "ip event tape"], results) { timings.add(name, result.1) }
        if let error = results.compactMap(\.0).first { throw error }
    }

    private static func timed(_ body: () throws(StoreError) -> Void) -> (StoreError?, Duration) {
        let start = ContinuousClock.now
        do {
            try body()
            return (nil, ContinuousClock.now - start)
        } catch {
            return (error, ContinuousClock.now - start)
        }
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

/// The saved state a builder resumed from: its time and how its payload's bytes divide (the address
/// and string tables, then the holder ledger, pool swaps, pool reserves and mention tape), for benchmarks and logs.
public struct ResumedState: Sendable {
    public var asOf: Timestamp
    public var payloadBytes: Int
    public var parts: [(part: String, bytes: Int)]
}

/// What went wrong building features or labels.
public enum FeatureError: Error, Sendable, CustomStringConvertible {
    /// A store read failed while building the timestamp.
    case store(asOf: Timestamp, StoreError)
    /// The feature set names a feature no family computes.
    case unknownFeature(name: String, featureSet: String)
    /// A saved carried state could not be decoded (`resume` leaves the builder as it was).
    case unreadableState(key: String, asOf: Timestamp, reason: String)

    public var description: String {
        switch self {
        case .store(let asOf, let error): "building features as of \(asOf): \(error)"
        case .unknownFeature(let name, let set): "feature set \(set) names '\(name)', which no feature family computes; check the set's definitions"
        case .unreadableState(let key, let asOf, let reason):
            "saved feature state \(key) as of \(asOf) is unreadable: \(reason); it is skipped (a cold build reads the history)"
        }
    }
}
