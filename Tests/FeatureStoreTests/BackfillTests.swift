import FeatureStore
import Foundation
import RadarCore
import Testing

/// `radar collect --backfill`: history collected after the fact is stamped as a live radar would have
/// seen it, so point-in-time reads of the period it covers see it.
@Suite struct BackfillTests {
    @Test func backdatingMovesEveryRowToItsOwnTimePlusTheLatencyAndNeverLater() {
        // Block 100 happened at t = 1200 and was collected a year later.
        let collected: Int64 = 1200 + 365 * 86_400
        let batch = Make.chainBatch(block: 100, observedAt: collected).backdated(by: .minutes(5))
        #expect(batch.blocks.map(\.observedAt.seconds) == [1500])
        #expect(batch.transfers.map(\.observedAt.seconds) == [1500, 1500, 1500])
        #expect(batch.swaps.map(\.observedAt.seconds) == [1500])
        #expect(batch.reserves.map(\.observedAt.seconds) == [1500])
        #expect(batch.liquidityEvents.map(\.observedAt.seconds) == [1500])
        #expect(batch.ipEvents.map(\.observedAt.seconds) == [1500])
        // Event times are untouched; a row seen within the latency keeps its real observation time.
        #expect(batch.transfers.map(\.eventTime.seconds) == [1200, 1200, 1200])
        let live = Make.chainBatch(block: 100, observedAt: 1230).backdated(by: .minutes(5))
        #expect(live.reserves.map(\.observedAt.seconds) == [1230])
    }

    @Test func aBackfilledStoreIsVisibleAsOfTheEventTimes() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("backfill-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let collected: Int64 = 1200 + 365 * 86_400
        let live = try FeatureStore(path: directory.appendingPathComponent("live.sqlite").path)
        let backfilled = try FeatureStore(path: directory.appendingPathComponent("backfill.sqlite").path, backfillLatency: .minutes(5))
        _ = try live.ingest(Make.chainBatch(block: 100, observedAt: collected))
        _ = try backfilled.ingest(Make.chainBatch(block: 100, observedAt: collected))
        let asOf = Timestamp(seconds: 1200 + 600)
        #expect(try live.asOf(asOf).transfers(of: Make.tokenA, since: Timestamp(seconds: 0)).count == 0)
        #expect(try backfilled.asOf(asOf).transfers(of: Make.tokenA, since: Timestamp(seconds: 0)).count == 3)
        // Not before the latency has passed.
        #expect(try backfilled.asOf(Timestamp(seconds: 1200 + 60)).transfers(of: Make.tokenA, since: Timestamp(seconds: 0)).count == 0)
    }
}
