import FeatureStore
@testable import Features
import RadarCore
import SimWorld
import Testing

/// A builder that resumes from a saved carried state gives the rows a fresh builder gives, bit for
/// bit; a write of rows the state summarises removes it; the payload round-trips exactly.
@Suite struct CarriedStateTests {
    @Test(arguments: ["radar@1", "radar@2"])
    func resumedRowsAreBitIdenticalToAFreshBuild(setID: String) throws {
        let set = try #require(FeatureSet.named(setID))
        let fixture = try SimWorldStore(world: SimWorldStore.smallWorld())
        defer { fixture.cleanUp() }
        let t1 = fixture.time(endOfHour: 300), t2 = fixture.time(endOfHour: 303)
        var saving = FeatureBuilder(store: fixture.store, featureSet: set)
        let atT1 = try saving.rows(asOf: t1)
        #expect(try saving.saveState() == .saved)
        #expect(try fixture.store.featureStateTimes(key: saving.stateKey) == [t1])

        // At the saved time itself: no store read of the carried tables, the same rows.
        var again = FeatureBuilder(store: fixture.store, featureSet: set)
        #expect(try again.resume(atOrBefore: t1) == t1)
        #expect(again.timings.stages.map { $0.name }
                == ["read state", "decode state", "decode address table", "decode string table", "decode ledger", "decode pool swaps",
                    "decode pool reserves", "decode mention tape"])
        let parts = try #require(again.resumedState?.parts)
        #expect(parts.map(\.part) == ["address table", "string table", "ledger", "pool swaps", "pool reserves", "mention tape"])
        #expect(parts.allSatisfy { $0.bytes > 0 })
        // The header: magic, version, three times, six lengths.
        #expect(parts.reduce(0) { $0 + $1.bytes } + 4 + 2 + 3 * 8 + 6 * 8 == again.resumedState?.payloadBytes)
        #expect(try again.rows(asOf: t1).isBitIdentical(to: atT1))

        // Three hours on, with rows that arrived late in between: the same rows as a fresh build.
        var resumed = FeatureBuilder(store: fixture.store, featureSet: set)
        #expect(try resumed.resume(atOrBefore: t2) == t1)
        let resumedRows = try resumed.rows(asOf: t2)
        var fresh = FeatureBuilder(store: fixture.store, featureSet: set)
        let freshRows = try fresh.rows(asOf: t2)
        #expect(freshRows.rowCount > 20)
        #expect(freshRows.values.filter { !$0.isNaN }.count > freshRows.values.count / 2)
        #expect(resumedRows.isBitIdentical(to: freshRows))
        #expect(!freshRows.isBitIdentical(to: atT1))

        // Nothing at or before an earlier time, nothing more than 7 days back.
        var early = FeatureBuilder(store: fixture.store, featureSet: set)
        #expect(try early.resume(atOrBefore: t1 - .seconds(1)) == nil)
        #expect(try early.resume(atOrBefore: t1 + .days(7) + .seconds(1)) == nil)
        #expect(try early.resume(atOrBefore: t1 + .days(7)) == t1)

        // Saving again keeps the newest two.
        #expect(try resumed.saveState() == .saved)
        #expect(try fresh.rows(asOf: t2 + .hours(1)).rowCount > 20)
        #expect(try fresh.saveState() == .saved)
        #expect(try fixture.store.featureStateTimes(key: saving.stateKey) == [t2 + .hours(1), t2])
    }

    @Test func aRowObservedByTheSavedTimeRemovesTheStateAndALaterOneDoesNot() throws {
        let fixture = try SimWorldStore(world: SimWorldStore.smallWorld())
        defer { fixture.cleanUp() }
        let t1 = fixture.time(endOfHour: 300), t2 = fixture.time(endOfHour: 302)
        var saving = FeatureBuilder(store: fixture.store)
        let before = try saving.rows(asOf: t1)
        #expect(try saving.saveState() == .saved)
        let token = before.tokens[0]
        let holder = try EVMAddress("0x00000000000000000000000000000000000c0ffe")
        let beforeAtT2 = try saving.fresh(asOf: t2)
        let position = try #require(beforeAtT2.tokens.firstIndex(of: token))

        // A mint observed after t1 (event before t1: a late arrival) leaves the state as it was.
        try fixture.store.ingest(mint(token, to: holder, block: 900_001, event: t1 - .hours(3), observed: t1 + .minutes(30)))
        #expect(try fixture.store.featureStateTimes(key: saving.stateKey) == [t1])
        var resumed = FeatureBuilder(store: fixture.store)
        #expect(try resumed.resume(atOrBefore: t2) == t1)
        var fresh = FeatureBuilder(store: fixture.store)
        let freshAtT2 = try fresh.rows(asOf: t2)
        #expect(try resumed.rows(asOf: t2).isBitIdentical(to: freshAtT2))
        // The late mint is counted: one more holder than before it arrived.
        #expect(freshAtT2.tokens == beforeAtT2.tokens)
        #expect(freshAtT2.column("holder_count")?[position] == (beforeAtT2.column("holder_count")?[position] ?? .nan) + 1)

        // A mint observed at t1 - 1h (a backfill) changes what t1 saw: the state goes.
        try fixture.store.ingest(mint(token, to: holder, block: 900_002, event: t1 - .hours(2), observed: t1 - .hours(1)))
        #expect(try fixture.store.featureStateTimes(key: saving.stateKey).isEmpty)
        var cold = FeatureBuilder(store: fixture.store)
        #expect(try cold.resume(atOrBefore: t2) == nil)
        var after = FeatureBuilder(store: fixture.store)
        let afterAtT1 = try after.rows(asOf: t1)
        #expect(!afterAtT1.isBitIdentical(to: before))
        #expect(try cold.rows(asOf: t2).isBitIdentical(to: try FeatureBuilder(store: fixture.store).fresh(asOf: t2)))
    }

    @Test func payloadRoundTripsExactly() throws {
        let t = Timestamp(seconds: 1_700_000_000)
        let token = ContractKey(chain: 1, address: PackedAddress(address(0xA1)))
        let other = ContractKey(chain: 8453, address: PackedAddress(address(0xB2)))
        let zero = PackedAddress(.zero), rich = PackedAddress(address(0xFFFF_FFFF)), poor = PackedAddress(address(0x1234))
        var ledger = HolderLedger()
        ledger.apply([
            TransferFlow(token: token, from: zero, to: rich, amount: .max, eventTime: t - .hours(30)),
            TransferFlow(token: token, from: zero, to: poor, amount: 1, eventTime: t - .hours(2)),
            TransferFlow(token: other, from: poor, to: rich, amount: .min, eventTime: t - .seconds(1)),
        ])
        ledger.asOf = t
        ledger.recent[token] = [TransferFlow(token: token, from: zero, to: poor, amount: 1, eventTime: t - .hours(2))]
        ledger.recent[other] = [TransferFlow(token: other, from: poor, to: rich, amount: .min, eventTime: t - .seconds(1))]

        var tape = PoolTape(window: CrossSection.longWindow)
        tape.asOf = t
        let pool = ContractKey(chain: 1, address: PackedAddress(address(0x1A)))
        tape.swaps[pool] = [
            SwapFlow(chain: 1, pool: pool.address, blockNumber: 10, logIndex: 3, eventTime: t - .days(6), recipient: rich,
                     amount0In: 1.5, amount1In: -0.0, amount0Out: .infinity, amount1Out: .nan),
            SwapFlow(chain: 1, pool: pool.address, blockNumber: 9, logIndex: 0, eventTime: t - .days(7) + .seconds(1), recipient: poor,
                     amount0In: .leastNonzeroMagnitude, amount1In: .greatestFiniteMagnitude, amount0Out: 0, amount1Out: 1e300),
        ]
        tape.reserves[pool] = [ReservePoint(chain: 1, pool: pool.address, blockNumber: Int64.max, logIndex: 0, eventTime: t,
                                            reserve0: 3, reserve1: 4)]
        tape.openings[pool] = ReservePoint(chain: 1, pool: pool.address, blockNumber: 1, logIndex: -1, eventTime: Timestamp(seconds: -5),
                                           reserve0: 1, reserve1: 2)
        tape.resolved = [pool, ContractKey(chain: 1, address: PackedAddress(address(0x2B)))]

        var mentions = MentionTape(window: CrossSection.longWindow)
        mentions.asOf = t
        let mentioned = TokenID(chain: 1, address: address(0xA1))
        mentions.mentions[mentioned] = [
            MentionRecord(mentionTime: t - .hours(1), postTime: t - .hours(2), source: "x", postID: "42", author: "alice",
                          followers: 1_000, engagement: 7, sentiment: -0.5),
            MentionRecord(mentionTime: t, postTime: t, source: "farcaster", postID: "ü-🚀", author: "", followers: 0, engagement: 0,
                          sentiment: 1),
        ]

        let state = CarriedState(ledger: ledger, tape: tape, mentionTape: mentions)
        let payload = state.encoded()
        let decoded = try CarriedState(decoding: payload, asOf: t)
        #expect(decoded.encoded() == payload)
        #expect(decoded.ledger.asOf == t && decoded.tape.asOf == t && decoded.mentionTape.asOf == t)
        #expect(decoded.ledger.balances[token]?[rich] == .max)
        #expect(decoded.ledger.balances[token]?[poor] == 1)
        #expect(decoded.ledger.balances[token]?[zero] == (0 &- Int128.max) &- 1)
        #expect(decoded.ledger.balances[other]?[rich] == .min)
        #expect(decoded.ledger.balances[other]?[poor] == 0 &- Int128.min)
        #expect(decoded.ledger.recentTransfers(of: other).map(\.amount) == [.min])
        let swaps = try #require(decoded.tape.swaps[pool])
        #expect(swaps.map(\.blockNumber) == [10, 9])
        #expect(swaps.map(\.recipient) == [rich, poor])
        #expect(swaps.map(\.amount1In.bitPattern) == [(-0.0).bitPattern, Double.greatestFiniteMagnitude.bitPattern])
        #expect(swaps[0].amount1Out.isNaN && swaps[0].amount0Out == .infinity && swaps[1].amount0In == .leastNonzeroMagnitude)
        #expect(swaps.allSatisfy { $0.chain == 1 && $0.pool == pool.address })
        #expect(decoded.tape.reserves[pool]?.first?.blockNumber == Int64.max)
        #expect(decoded.tape.openings[pool]?.logIndex == -1 && decoded.tape.openings[pool]?.eventTime == Timestamp(seconds: -5))
        #expect(decoded.tape.resolved == tape.resolved)
        let records = try #require(decoded.mentionTape.mentions[mentioned])
        #expect(records.map(\.postID) == ["42", "ü-🚀"])
        #expect(records.map(\.author) == ["alice", ""])
        #expect(records.map(\.sentiment) == [-0.5, 1])
        #expect(records.map(\.followers) == [1_000, 0])

        // Empty states round-trip too.
        var emptyLedger = HolderLedger(), emptyTape = PoolTape(window: CrossSection.longWindow), emptyMentions = MentionTape(window: CrossSection.longWindow)
        emptyLedger.asOf = t
        emptyTape.asOf = t
        emptyMentions.asOf = t
        let empty = CarriedState(ledger: emptyLedger, tape: emptyTape, mentionTape: emptyMentions).encoded()
        let emptyDecoded = try CarriedState(decoding: empty, asOf: t)
        #expect(emptyDecoded.ledger.balances.isEmpty && emptyDecoded.tape.swaps.isEmpty && emptyDecoded.tape.resolved.isEmpty)
        #expect(emptyDecoded.mentionTape.mentions.isEmpty && emptyDecoded.encoded() == empty)
    }

    @Test func damagedPayloadsAreRefusedWithWhereAndWhat() throws {
        let t = Timestamp(seconds: 1_700_000_000)
        var ledger = HolderLedger()
        let token = ContractKey(chain: 1, address: PackedAddress(address(0xA1)))
        ledger.apply([TransferFlow(token: token, from: PackedAddress(.zero), to: PackedAddress(address(7)), amount: 5, eventTime: t)])
        ledger.asOf = t
        var tape = PoolTape(window: CrossSection.longWindow), mentions = MentionTape(window: CrossSection.longWindow)
        tape.asOf = t
        mentions.asOf = t
        let payload = CarriedState(ledger: ledger, tape: tape, mentionTape: mentions).encoded()

        func failure(_ bytes: [UInt8], asOf: Timestamp = t) -> String {
            do {
                _ = try CarriedState(decoding: bytes, asOf: asOf)
                return "decoded"
            } catch {
                return error.description
            }
        }
        #expect(failure(Array(payload.dropLast())).contains("parts end at byte"))
        #expect(failure(payload, asOf: t + .hours(1)).contains("its row says"))
        var version = payload
        version[4] = 99
        #expect(failure(version).contains("codec version 99"))
        #expect(failure([0x52, 0x43]).contains("magic runs past the end"))
        var magic = payload
        magic[0] = 0
        #expect(failure(magic).contains("not a carried feature state"))
    }

    private func address(_ number: Int) -> EVMAddress {
        let digits = String(number, radix: 16)
        return try! EVMAddress("0x" + String(repeating: "0", count: 40 - digits.count) + digits)
    }

    /// A batch with one mint of `token` to `holder` in a block of its own.
    private func mint(_ token: TokenID, to holder: EVMAddress, block: Int64, event: Timestamp, observed: Timestamp) throws -> IngestBatch {
        let hash = try EVMHash("0x" + String(repeating: "0", count: 56) + String(UInt32(truncatingIfNeeded: block), radix: 16).leftPadded(8))
        var batch = IngestBatch()
        batch.transfers = [Transfer(position: LogPosition(chain: token.chain, blockNumber: block, blockHash: hash, logIndex: 0, transactionHash: hash),
                                    token: token.address, from: .zero, to: holder, amount: DecimalAmount(1_000_000_000_000),
                                    eventTime: event, observedAt: observed)]
        return batch
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

private extension FeatureBuilder {
    /// Rows from a fresh builder (the reference every resumed build is held to).
    func fresh(asOf t: Timestamp) throws -> FeatureFrame {
        var builder = FeatureBuilder(store: store, featureSet: featureSet, config: config)
        return try builder.rows(asOf: t)
    }
}
