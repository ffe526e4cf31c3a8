import FeatureStore
import Features
import RadarCore
import SimWorld
import Testing

/// Nothing observed after t may change a feature at t.
@Suite struct LookAheadTests {
    /// Two stores from one world: one intact, one where rows observed after t are altered or
    /// dropped at random (a different draw per seed). Every feature row at t must be bit-identical.
    @Test(arguments: [UInt64(1), 2, 3])
    func rowsObservedAfterTChangeNoFeatureAtT(seed: UInt64) throws {
        let world = try SimWorldStore.smallWorld()
        let hour = [200, 300, 400][Int(seed - 1)]
        let intact = try SimWorldStore(world: world)
        defer { intact.cleanUp() }
        let t = intact.time(endOfHour: hour)
        let tampered = try SimWorldStore(world: world, tamper: .after(t, seed: seed))
        defer { tampered.cleanUp() }
        #expect(try intact.store.stats().tables != tampered.store.stats().tables, "tampering should change the store")

        // radar@2 holds every radar@1 column and more.
        var original = FeatureBuilder(store: intact.store, featureSet: .radarV2)
        var altered = FeatureBuilder(store: tampered.store, featureSet: .radarV2)
        let a = try original.rows(asOf: t)
        let b = try altered.rows(asOf: t)
        #expect(a.rowCount > 20)
        #expect(a.isBitIdentical(to: b))
    }

    /// Stepping the holder ledger through a range gives the same rows as a fresh build at the end.
    @Test func incrementalRangeMatchesAFreshBuild() throws {
        let world = try SimWorldStore.smallWorld()
        let fixture = try SimWorldStore(world: world)
        defer { fixture.cleanUp() }
        let from = fixture.time(endOfHour: 250), to = fixture.time(endOfHour: 262)
        var stepping = FeatureBuilder(store: fixture.store, featureSet: .radarV2)
        let range = try stepping.rows(from: from, to: to, step: .hours(3))
        #expect(range.distinctTimestamps.count == 5)
        var fresh = FeatureBuilder(store: fixture.store, featureSet: .radarV2)
        let last = try fresh.rows(asOf: to)
        let tail = (0..<range.rowCount).filter { range.timestamps[$0] == to }
        #expect(tail.count == last.rowCount)
        let tailValues = tail.flatMap { Array(range.row($0)) }
        #expect(tailValues.map(\.bitPattern) == last.values.map(\.bitPattern))
        #expect(tail.map { range.tokens[$0] } == last.tokens)
    }
}
