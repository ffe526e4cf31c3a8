import FeatureStore
import Foundation
import RadarCore
import Testing

@Suite struct ReorgTests {
    @Test func rollbackRemovesExactlyTheRowsOfTheReplacedBlock() throws {
        let fixture = try TemporaryStore()
        defer { fixture.cleanUp() }
        var first = Make.chainBatch(block: 100)
        first.pools = [Make.pool(createdBlock: 100)]
        try fixture.store.ingest(first)
        try fixture.store.ingest(Make.chainBatch(block: 101))
        try fixture.store.ingest(Make.chainBatch(block: 102))
        let before = try dump(fixture.path)

        let report = try fixture.store.rollback(chain: 1, number: 101, hash: Make.hash(101),
                                                checkpoint: Checkpoint(feed: "world-chain", cursor: "100", updatedAt: Timestamp(seconds: 5)))
        #expect(report.removed[.transfers] == 3)
        #expect(report.removed[.swaps] == 1)
        #expect(report.removed[.reserves] == 1)
        #expect(report.removed[.liquidityEvents] == 1)
        #expect(report.removed[.ipEvents] == 1)
        #expect(report.removed[.blocks] == 1)
        #expect(report.removed[.pools] == 0)

        // Exactly the block's rows went: every other table row is as it was.
        let after = try dump(fixture.path)
        let blockKey = "1|101|\(Make.hash(101).hex)|"
        for (table, rows) in before where table != "checkpoints" {
            #expect(after[table] == rows.filter { !$0.contains(blockKey) }, "table \(table)")
        }
        #expect(before.values.joined().filter { $0.contains(blockKey) }.count == 8)
        #expect(try fixture.store.knownBlock(chain: 1, number: 101) == nil)
        #expect(try fixture.store.latestBlock(chain: 1)?.number == 102)
        #expect(try fixture.store.latestBlock(chain: 8453) == nil)
        #expect(try fixture.store.checkpoint(feed: "world-chain")?.cursor == "100")

        // The replacement block lands beside its neighbours.
        let replacement = try fixture.store.ingest(Make.chainBatch(block: 101, hashSeed: 0x5101))
        #expect(replacement.inserted[.transfers] == 3)
        #expect(try fixture.store.knownBlock(chain: 1, number: 101)?.hash == Make.hash(0x5101))
    }

    @Test func aBlockCanBeRolledBackByItsHashAlone() throws {
        let fixture = try TemporaryStore()
        defer { fixture.cleanUp() }
        try fixture.store.ingest(Make.chainBatch(block: 7))
        var unrecorded = Make.chainBatch(block: 8)
        unrecorded.blocks = []
        try fixture.store.ingest(unrecorded)
        try fixture.store.ingest(Make.chainBatch(block: 9))

        let recorded = try fixture.store.rollback(chain: 1, hash: Make.hash(7))
        #expect(recorded.totalRemoved == 8)
        let found = try fixture.store.rollback(chain: 1, hash: Make.hash(8))
        #expect(found.totalRemoved == 7)
        let remaining = try fixture.store.asOf(Timestamp(seconds: 1_000_000)).transfers(of: Make.tokenA, since: Timestamp(seconds: 0))
        #expect(Set(remaining.map(\.position.blockNumber)) == [9])
    }

    @Test func rollingBackTheBlockThatCreatedAPoolRemovesThePool() throws {
        let fixture = try TemporaryStore()
        defer { fixture.cleanUp() }
        var batch = Make.chainBatch(block: 100)
        batch.pools = [Make.pool(createdBlock: 100)]
        try fixture.store.ingest(batch)
        let report = try fixture.store.rollback(chain: 1, number: 100, hash: Make.hash(100))
        #expect(report.removed[.pools] == 1)
        #expect(try fixture.store.asOf(Timestamp(seconds: 100_000)).pools().isEmpty)
    }

    @Test func aKnownHeightArrivingUnderANewHashIsRefusedUntilRolledBack() throws {
        let fixture = try TemporaryStore()
        defer { fixture.cleanUp() }
        try fixture.store.ingest(Make.chainBatch(block: 50), checkpoint: Checkpoint(feed: "c", cursor: "50", updatedAt: Timestamp(seconds: 1)))
        let before = try dump(fixture.path)
        do {
            try fixture.store.ingest(Make.chainBatch(block: 50, hashSeed: 0x9950), checkpoint: Checkpoint(feed: "c", cursor: "51", updatedAt: Timestamp(seconds: 2)))
            Issue.record("a conflicting block hash must be refused")
        } catch StoreError.reorgDetected(let chain, let number, let stored, let new) {
            #expect(chain == 1)
            #expect(number == 50)
            #expect(stored == Make.hash(50).hex)
            #expect(new == Make.hash(0x9950).hex)
        }
        #expect(try dump(fixture.path) == before)
    }
}
