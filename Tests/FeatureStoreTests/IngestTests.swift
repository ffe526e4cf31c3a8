import FeatureStore
import Foundation
import GRDB
import RadarCore
import Testing

/// Every row of every table, in key order, as text: two stores with equal dumps hold the same data.
func dump(_ path: String) throws -> [String: [String]] {
    let queue = try DatabaseQueue(path: path)
    return try queue.read { db in
        var tables: [String: [String]] = [:]
        for table in StoreTable.allCases {
            let columns = try db.columns(in: table.rawValue).map(\.name).filter { $0 != "id" }
            let rows = try Row.fetchAll(db, sql: "SELECT \(columns.joined(separator: ", ")) FROM \(table.rawValue)")
            tables[table.rawValue] = rows.map { row in columns.map { text(row[$0] as DatabaseValue) }.joined(separator: "|") }.sorted()
        }
        return tables
    }
}

/// A stored value as plain text (`NULL` for null).
func text(_ value: DatabaseValue) -> String {
    switch value.storage {
    case .null: "NULL"
    case .int64(let number): String(number)
    case .double(let number): String(number)
    case .string(let string): string
    case .blob(let data): data.map { String(format: "%02x", $0) }.joined()
    }
}

@Suite struct IngestTests {
    func fullBatch() -> IngestBatch {
        var batch = Make.chainBatch(block: 100)
        batch.tokens = [Token(id: Make.tokenA, symbol: "PENGU", name: "Pudgy Penguins", decimals: 18,
                              totalSupply: try! DecimalAmount("88888888880000000000000000000"),
                              firstSeenAt: Timestamp(seconds: 1200), observedAt: Timestamp(seconds: 1230))]
        batch.ipLinks = [IPLink(token: Make.tokenA, registry: "universe", registryID: "pudgy-penguins", category: .brand,
                                ipName: "Pudgy Penguins", source: .declared, observedAt: Timestamp(seconds: 1230))]
        batch.pools = [Make.pool(createdBlock: 100)]
        batch.marketSnapshots = [MarketSnapshot(source: "dexscreener", token: Make.tokenA, pool: Make.poolA, priceUSD: 0.0312,
                                                liquidityUSD: 1_250_000, volume24hUSD: 340_000, buys24h: 812, sells24h: 640,
                                                fdvUSD: 2.7e9, eventTime: Timestamp(seconds: 1300), observedAt: Timestamp(seconds: 1300))]
        batch.socialPosts = [SocialPost(source: "x", postID: "1843", authorID: "u1", authorName: "penguinfan", authorFollowers: 12_000,
                                        text: "$PENGU licensing deal with a toy maker", likes: 40, reposts: 9, replies: 3,
                                        eventTime: Timestamp(seconds: 1290), observedAt: Timestamp(seconds: 1310))]
        batch.mentions = [Mention(source: "x", postID: "1843", token: Make.tokenA, matchedBy: .cashtag,
                                  eventTime: Timestamp(seconds: 1290), observedAt: Timestamp(seconds: 1310))]
        batch.ipEvents.append(IPEvent(key: .offChain(source: "story-api", id: "evt-9"), kind: .royaltyPaid, ipID: "ip-7", token: nil,
                                      amount: 125, counterparty: nil, eventTime: Timestamp(seconds: 1295), observedAt: Timestamp(seconds: 1320)))
        return batch
    }

    @Test func theSameBatchIngestedTwiceLeavesTheSameRows() throws {
        let fixture = try TemporaryStore()
        defer { fixture.cleanUp() }
        let batch = fullBatch()
        let checkpoint = Checkpoint(feed: "world-chain", cursor: "100", updatedAt: Timestamp(seconds: 1330))

        let first = try fixture.store.ingest(batch, checkpoint: checkpoint)
        let afterFirst = try dump(fixture.path)
        let second = try fixture.store.ingest(batch, checkpoint: checkpoint)
        let afterSecond = try dump(fixture.path)

        #expect(afterFirst == afterSecond)
        #expect(first.totalInserted == batch.count)
        #expect(first.totalDuplicates == 0)
        #expect(second.totalInserted == 0)
        #expect(second.totalDuplicates == batch.count)
        #expect(afterFirst["transfers"]?.count == 3)
        #expect(afterFirst["ip_events"]?.count == 2)
        // uint256 amounts survive as exact decimal strings.
        #expect(afterFirst["transfers"]?.contains { $0.contains("|10000000000000000000000000000002|") } == true)
        #expect(afterFirst["tokens"] == ["1|0x00000000000000000000000000000000000000a1|PENGU|Pudgy Penguins|18|88888888880000000000000000000|1200|1230"])
    }

    @Test func aRedeliveryObservedLaterKeepsTheFirstObservation() throws {
        let fixture = try TemporaryStore()
        defer { fixture.cleanUp() }
        try fixture.store.ingest(Make.chainBatch(block: 7, observedAt: 200))
        let report = try fixture.store.ingest(Make.chainBatch(block: 7, observedAt: 9_000))
        #expect(report.totalInserted == 0)
        let transfers = try fixture.store.asOf(Timestamp(seconds: 200)).transfers(of: Make.tokenA, since: Timestamp(seconds: 0))
        #expect(transfers.count == 3)
        #expect(transfers.allSatisfy { $0.observedAt == Timestamp(seconds: 200) })
    }

    @Test func laterMetadataFillsOnlyMissingTokenFields() throws {
        let fixture = try TemporaryStore()
        defer { fixture.cleanUp() }
        let seen = Timestamp(seconds: 500)
        try fixture.store.ingest(IngestBatch(tokens: [Token(id: Make.tokenA, symbol: "PENGU", name: nil, decimals: nil, totalSupply: nil,
                                                            firstSeenAt: seen, observedAt: seen)]))
        let report = try fixture.store.ingest(IngestBatch(tokens: [Token(id: Make.tokenA, symbol: "OTHER", name: "Pudgy Penguins",
                                                                         decimals: 18, totalSupply: nil, firstSeenAt: seen,
                                                                         observedAt: Timestamp(seconds: 900))]))
        #expect(report.inserted[.tokens] == 1)
        let token = try #require(try fixture.store.asOf(Timestamp(seconds: 1000)).tokens().first)
        #expect(token.symbol == "PENGU")
        #expect(token.name == "Pudgy Penguins")
        #expect(token.decimals == 18)
        #expect(token.observedAt == seen)
    }

    @Test func aFailureMidwayThroughABatchLeavesDataAndCheckpointAsTheyWere() throws {
        let fixture = try TemporaryStore()
        defer { fixture.cleanUp() }
        try fixture.store.ingest(Make.chainBatch(block: 1), checkpoint: Checkpoint(feed: "f", cursor: "1", updatedAt: Timestamp(seconds: 1)))
        let before = try dump(fixture.path)
        // SQLite itself refuses the mentions, which are written after every on-chain table of the batch.
        let queue = try DatabaseQueue(path: fixture.path)
        try queue.write { db in
            try db.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON mentions BEGIN SELECT RAISE(ABORT, 'refused by test'); END")
        }
        var batch = Make.chainBatch(block: 2)
        batch.mentions = [Mention(source: "x", postID: "1", token: Make.tokenA, matchedBy: .alias, eventTime: Timestamp(seconds: 30),
                                  observedAt: Timestamp(seconds: 31))]
        #expect(throws: StoreError.self) {
            try fixture.store.ingest(batch, checkpoint: Checkpoint(feed: "f", cursor: "2", updatedAt: Timestamp(seconds: 2)))
        }
        #expect(try dump(fixture.path) == before)
        #expect(try fixture.store.checkpoint(feed: "f")?.cursor == "1")
    }

    @Test func reopeningAStoreKeepsItsDataAndSchema() throws {
        let fixture = try TemporaryStore()
        defer { fixture.cleanUp() }
        try fixture.store.ingest(fullBatch())
        let reopened = try FeatureStore(path: fixture.path)
        #expect(try reopened.appliedMigrations() == ["v1-core-tables", "v2-transfers-by-observed", "v3-pool-windows", "v4-mention-windows",
                                                   "v5-feature-state", "v6-ip-events-by-observed"])
        #expect(try dump(reopened.path) == dump(fixture.path))
        let stats = try reopened.stats()
        #expect(stats.tables[.transfers] == 3)
        #expect(stats.tables[.outbox] == 0)
        #expect(stats.sizeBytes > 0)
    }
}
