import FeatureStore
import Foundation
import RadarCore
import Testing

/// Saved carried feature states: newest-at-or-before reads, pruning, and the point-in-time rule that
/// a write touching rows observed at or before a state's time removes that state.
@Suite struct FeatureStatesTests {
    let key = "carried-state/test"

    func state(_ asOf: Int64, _ bytes: [UInt8] = [1, 2, 3], key: String? = nil) -> SavedFeatureState {
        SavedFeatureState(key: key ?? self.key, asOf: Timestamp(seconds: asOf), writtenAt: Timestamp(seconds: 5_000), payload: bytes)
    }

    @Test func savesReadsTheNewestAtOrBeforeAndKeepsTheNewestTwo() throws {
        let fixture = try TemporaryStore()
        defer { fixture.cleanUp() }
        let store = fixture.store
        let since = try store.featureStateGeneration()
        #expect(try store.saveFeatureState(state(100, [1]), readSince: since) == .saved)
        #expect(try store.saveFeatureState(state(200, [2, 2]), readSince: since) == .saved)
        #expect(try store.saveFeatureState(state(300, [3, 3, 3]), readSince: since) == .saved)
        #expect(try store.saveFeatureState(state(150, [9], key: "other"), readSince: since) == .saved)
        // Only the newest two of the key stay; the other key is untouched.
        #expect(try store.featureStateTimes(key: key) == [Timestamp(seconds: 300), Timestamp(seconds: 200)])
        #expect(try store.featureStateTimes(key: "other") == [Timestamp(seconds: 150)])

        let at250 = try store.newestFeatureState(key: key, atOrBefore: Timestamp(seconds: 250)).state
        #expect(at250?.asOf == Timestamp(seconds: 200))
        #expect(at250?.payload == [2, 2])
        #expect(at250?.writtenAt == Timestamp(seconds: 5_000))
        #expect(try store.newestFeatureState(key: key, atOrBefore: Timestamp(seconds: 300)).state?.payload == [3, 3, 3])
        #expect(try store.newestFeatureState(key: key, atOrBefore: Timestamp(seconds: 199)).state == nil)
        // Too old for the caller: nil rather than the state at 200.
        #expect(try store.newestFeatureState(key: key, atOrBefore: Timestamp(seconds: 250), notBefore: Timestamp(seconds: 201)).state == nil)

        // Saving the same time again replaces it.
        #expect(try store.saveFeatureState(state(300, [7]), readSince: since) == .saved)
        #expect(try store.newestFeatureState(key: key, atOrBefore: Timestamp(seconds: 400)).state?.payload == [7])
        #expect(try store.pruneFeatureStates(key: key, keeping: 1) == 1)
        #expect(try store.featureStateTimes(key: key) == [Timestamp(seconds: 300)])
    }

    @Test func ingestedRowsRemoveTheStatesFromTheirObservationOn() throws {
        let fixture = try TemporaryStore()
        defer { fixture.cleanUp() }
        let store = fixture.store
        let since = try store.featureStateGeneration()
        for asOf in [Int64(1_000), 2_000] { try store.saveFeatureState(state(asOf), readSince: since, keeping: 5) }
        // Block 100's rows are observed at 1230: the state at 2000 summarised without them, the one at 1000 still holds.
        try store.ingest(Make.chainBatch(block: 100))
        #expect(try store.featureStateTimes(key: key) == [Timestamp(seconds: 1_000)])

        // Re-delivering the same rows inserts nothing and removes nothing.
        try store.saveFeatureState(state(2_000), readSince: store.featureStateGeneration(), keeping: 5)
        try store.ingest(Make.chainBatch(block: 100))
        #expect(try store.featureStateTimes(key: key) == [Timestamp(seconds: 2_000), Timestamp(seconds: 1_000)])

        // A backfilled row observed in the past (event 900, observed 930) removes both.
        var late = Make.chainBatch(block: 75)
        late.blocks = []
        late.swaps = []
        late.reserves = []
        late.liquidityEvents = []
        late.ipEvents = []
        #expect(late.transfers.allSatisfy { $0.observedAt == Timestamp(seconds: 930) })
        try store.ingest(late)
        #expect(try store.featureStateTimes(key: key).isEmpty)
    }

    @Test func postsAndMentionsRemoveStatesButMarketSnapshotsDoNot() throws {
        let fixture = try TemporaryStore()
        defer { fixture.cleanUp() }
        let store = fixture.store
        try store.saveFeatureState(state(1_000), readSince: store.featureStateGeneration())
        var snapshot = IngestBatch()
        snapshot.marketSnapshots = [MarketSnapshot(source: "dex", token: Make.tokenA, pool: Make.poolA, priceUSD: 1, liquidityUSD: nil,
                                                   volume24hUSD: nil, buys24h: nil, sells24h: nil, fdvUSD: nil,
                                                   eventTime: Timestamp(seconds: 500), observedAt: Timestamp(seconds: 500))]
        try store.ingest(snapshot)
        #expect(try store.featureStateTimes(key: key) == [Timestamp(seconds: 1_000)])

        var social = IngestBatch()
        let seen = Timestamp(seconds: 990)
        social.socialPosts = [SocialPost(source: "x", postID: "1", authorID: "a", authorName: nil, authorFollowers: 10, text: "moon",
                                         likes: 1, reposts: 0, replies: 0, url: nil, eventTime: Timestamp(seconds: 980), observedAt: seen)]
        social.mentions = [Mention(source: "x", postID: "1", token: Make.tokenA, matchedBy: .address, eventTime: Timestamp(seconds: 980),
                                   observedAt: seen)]
        try store.ingest(social)
        #expect(try store.featureStateTimes(key: key).isEmpty)
    }

    @Test func rollbackRemovesStatesThatSawTheBlock() throws {
        let fixture = try TemporaryStore()
        defer { fixture.cleanUp() }
        let store = fixture.store
        try store.ingest(Make.chainBatch(block: 100))  // observed at 1230
        try store.ingest(Make.chainBatch(block: 200))  // observed at 2430
        let since = try store.featureStateGeneration()
        for asOf in [Int64(1_000), 2_000, 3_000] { try store.saveFeatureState(state(asOf), readSince: since, keeping: 5) }
        try store.rollback(chain: 1, number: 200, hash: Make.hash(200))
        #expect(try store.featureStateTimes(key: key) == [Timestamp(seconds: 2_000), Timestamp(seconds: 1_000)])
        try store.rollback(chain: 1, hash: Make.hash(100))
        #expect(try store.featureStateTimes(key: key) == [Timestamp(seconds: 1_000)])
    }

    /// A builder read before a write of rows it should have seen committed: its save must not land.
    @Test func aSaveIsRefusedWhenRowsItSummarisesWereWrittenDuringTheBuild() throws {
        let fixture = try TemporaryStore()
        defer { fixture.cleanUp() }
        let store = fixture.store
        let before = try store.featureStateGeneration()
        try store.ingest(Make.chainBatch(block: 100))  // observed at 1230
        #expect(try store.featureStateGeneration() > before)
        // Later than the state: harmless.
        #expect(try store.saveFeatureState(state(1_000), readSince: before) == .saved)
        let refused = try store.saveFeatureState(state(2_000), readSince: before)
        guard case .refused(let reason) = refused else {
            Issue.record("expected a refusal, got \(refused)")
            return
        }
        #expect(reason.contains("1970-01-01T00:20:30Z"))
        #expect(try store.featureStateTimes(key: key) == [Timestamp(seconds: 1_000)])
        #expect(try store.saveFeatureState(state(2_000), readSince: store.featureStateGeneration()) == .saved)
    }
}
