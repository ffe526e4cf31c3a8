import FeatureStore
import Foundation
import RadarCore
import Testing

@Suite struct PointInTimeTests {
    /// Blocks 10 and 20 happen at 120 s and 240 s and are observed 30 s later; block 30 happens at
    /// 360 s but is only observed (backfilled) at 10,000 s.
    func seededStore() throws -> TemporaryStore {
        let fixture = try TemporaryStore()
        try fixture.store.ingest(IngestBatch(pools: [Make.pool(createdBlock: 5)]))
        try fixture.store.ingest(Make.chainBatch(block: 10))
        try fixture.store.ingest(Make.chainBatch(block: 20))
        try fixture.store.ingest(Make.chainBatch(block: 30, observedAt: 10_000))
        try fixture.store.ingest(IngestBatch(
            tokens: [Token(id: Make.tokenA, symbol: "A", name: nil, decimals: 18, totalSupply: nil,
                           firstSeenAt: Timestamp(seconds: 60), observedAt: Timestamp(seconds: 90)),
                     Token(id: Make.tokenB, symbol: "B", name: nil, decimals: 18, totalSupply: nil,
                           firstSeenAt: Timestamp(seconds: 60), observedAt: Timestamp(seconds: 5_000))],
            marketSnapshots: [MarketSnapshot(source: "dexscreener", token: Make.tokenA, priceUSD: 1, liquidityUSD: 10, volume24hUSD: 5,
                                             buys24h: 1, sells24h: 1, fdvUSD: nil, eventTime: Timestamp(seconds: 150),
                                             observedAt: Timestamp(seconds: 150)),
                              MarketSnapshot(source: "dexscreener", token: Make.tokenA, priceUSD: 2, liquidityUSD: 10, volume24hUSD: 5,
                                             buys24h: 1, sells24h: 1, fdvUSD: nil, eventTime: Timestamp(seconds: 400),
                                             observedAt: Timestamp(seconds: 400))],
            socialPosts: [SocialPost(source: "x", postID: "1", authorID: nil, authorName: nil, authorFollowers: 10, text: "$A",
                                     eventTime: Timestamp(seconds: 100), observedAt: Timestamp(seconds: 130)),
                          SocialPost(source: "x", postID: "2", authorID: nil, authorName: nil, authorFollowers: 10, text: "$A again",
                                     eventTime: Timestamp(seconds: 100), observedAt: Timestamp(seconds: 700))],
            mentions: [Mention(source: "x", postID: "1", token: Make.tokenA, matchedBy: .cashtag, eventTime: Timestamp(seconds: 100),
                               observedAt: Timestamp(seconds: 130)),
                       Mention(source: "x", postID: "2", token: Make.tokenA, matchedBy: .cashtag, eventTime: Timestamp(seconds: 100),
                               observedAt: Timestamp(seconds: 700))]))
        return fixture
    }

    @Test func aRowObservedAfterTIsInvisibleAsOfT() throws {
        let fixture = try seededStore()
        defer { fixture.cleanUp() }
        let store = fixture.store
        let origin = Timestamp(seconds: 0)

        // Block 30 happened at 360 s but was observed at 10,000 s: invisible at 400 s, visible at 10,000 s.
        let early = store.asOf(Timestamp(seconds: 400))
        #expect(try early.transfers(of: Make.tokenA, since: origin).map(\.position.blockNumber) == [10, 10, 10, 20, 20, 20])
        #expect(try early.swaps(chain: 1, pool: Make.poolA, since: origin).map(\.position.blockNumber) == [10, 20])
        #expect(try early.latestReserves(chain: 1, pool: Make.poolA)?.position.blockNumber == 20)
        #expect(try early.ipEvents(since: origin).count == 2)
        let late = store.asOf(Timestamp(seconds: 10_000))
        #expect(try late.transfers(of: Make.tokenA, since: origin).count == 9)
        #expect(try late.latestReserves(chain: 1, pool: Make.poolA)?.position.blockNumber == 30)

        // A token, a post and its mention observed after t are invisible at t.
        #expect(try early.tokens().map(\.id) == [Make.tokenA])
        #expect(try store.asOf(Timestamp(seconds: 5_000)).tokens().map(\.id) == [Make.tokenA, Make.tokenB])
        #expect(try early.mentions(of: Make.tokenA, since: origin).map(\.post.postID) == ["1"])
        #expect(try early.socialPosts(since: origin).map(\.postID) == ["1"])
        #expect(try store.asOf(Timestamp(seconds: 700)).mentions(of: Make.tokenA, since: origin).map(\.post.postID) == ["1", "2"])
    }

    @Test func aRowThatHappensAfterTIsInvisibleAsOfT() throws {
        let fixture = try seededStore()
        defer { fixture.cleanUp() }
        // Observed at 400 s and happened at 400 s: invisible at 399 s, visible at 400 s.
        let before = try fixture.store.asOf(Timestamp(seconds: 399)).marketSnapshots(of: Make.tokenA, since: Timestamp(seconds: 0))
        let at = try fixture.store.asOf(Timestamp(seconds: 400)).marketSnapshots(of: Make.tokenA, since: Timestamp(seconds: 0))
        #expect(before.map(\.priceUSD) == [1])
        #expect(at.map(\.priceUSD) == [1, 2])
        // The pool exists from block 5 (60 s): not before.
        #expect(try fixture.store.asOf(Timestamp(seconds: 59)).pools().isEmpty)
        #expect(try fixture.store.asOf(Timestamp(seconds: 90)).pools(of: Make.tokenA).map(\.address) == [Make.poolA])
    }

    @Test func windowsAreOpenAtTheStartAndClosedAtTheEnd() throws {
        let fixture = try seededStore()
        defer { fixture.cleanUp() }
        let reader = fixture.store.asOf(Timestamp(seconds: 400))
        // Block 10 is at exactly 120 s: excluded from (120, 400], included in (119, 400].
        #expect(try reader.swaps(chain: 1, pool: Make.poolA, since: Timestamp(seconds: 120)).map(\.position.blockNumber) == [20])
        #expect(try reader.swaps(chain: 1, pool: Make.poolA, since: Timestamp(seconds: 119)).map(\.position.blockNumber) == [10, 20])
        let byToken = try reader.swaps(of: [Make.tokenA, Make.tokenB], since: Timestamp(seconds: 0))
        #expect(byToken[Make.tokenA]?.count == 2)
        #expect(byToken[Make.tokenB] == [])
    }

    @Test func changingRowsObservedAfterTChangesNothingReadAsOfT() throws {
        let fixture = try seededStore()
        defer { fixture.cleanUp() }
        let t = Timestamp(seconds: 400)
        func snapshot() throws -> String {
            let reader = fixture.store.asOf(t)
            let origin = Timestamp(seconds: 0)
            return "\(try reader.tokens())\(try reader.transfers(of: Make.tokenA, since: origin))\(try reader.swaps(chain: 1, pool: Make.poolA, since: origin))"
                + "\(try reader.mentions(of: Make.tokenA, since: origin).map(\.post))\(try reader.marketSnapshots(of: Make.tokenA, since: origin))"
        }
        let before = try snapshot()
        try fixture.store.ingest(Make.chainBatch(block: 25, eventTime: 300, observedAt: 401))
        try fixture.store.ingest(Make.chainBatch(block: 40, eventTime: 480, observedAt: 500))
        try fixture.store.rollback(chain: 1, number: 30, hash: Make.hash(30))
        #expect(try snapshot() == before)
    }
}
