import FeatureStore
import RadarCore

/// The feature builder's carried state (holder ledger, pool tape, mention tape) as one compact,
/// versioned little-endian payload: what `FeatureBuilder.saveState()` stores and `resume(atOrBefore:)`
/// loads, so a cold builder starts from a saved timestamp instead of reading every transfer since
/// genesis and a week of swaps, reserves and mentions (25 s at 10,000 tokens).
///
/// Layout: magic "RCST", codec version (UInt16), the state's time and both windows (Int64 seconds),
/// the byte lengths of the six parts that follow (address table, string table, then the sections:
/// holder ledger, pool swaps, pool reserves with openings, mention tape) and the parts themselves: the
/// address table decodes first, then the string table with the mention tape, the ledger and the pool
/// tape's two halves at once. Doubles are kept as bit patterns and every array keeps its order, so a
/// resumed build is bit-identical to a fresh one.
struct CarriedState: Sendable {
    var ledger: HolderLedger
    var tape: PoolTape
    var mentionTape: MentionTape
    /// After decoding: each part of the payload (the two tables, then the four sections), its size in bytes
    /// and the time it took to decode (the sections decode at once, so their times overlap).
    var decodingProfile: [(part: String, bytes: Int, duration: Duration)] = []

    /// Bump on any change of layout or of what the states hold: it is part of the store key.
    static let codecVersion: UInt16 = 2
    static let magic: UInt32 = 0x5453_4352  // "RCST" in little-endian bytes

    /// The store key for states built with `lexicon`: it names everything that shapes their contents
    /// (codec version, the 7-day and 24-hour windows, the lexicon the mention tape scored posts with),
    /// so a builder never resumes from a state another configuration made.
    static func key(lexicon: SentimentLexicon) -> String {
        "carried-state/v\(codecVersion)/window-\(CrossSection.longWindow.seconds)s/recent-\(HolderLedger.recentWindow.seconds)s"
            + "/lexicon-\(fingerprint(lexicon))"
    }

    /// FNV-1a (64-bit) over the sorted word lists: stable across processes, unlike `Hasher`.
    static func fingerprint(_ lexicon: SentimentLexicon) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ text: String) {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
            hash ^= 0xFF
            hash = hash &* 0x0000_0100_0000_01B3
        }
        mix("+")
        for word in lexicon.positive.sorted() { mix(word) }
        mix("-")
        for word in lexicon.negative.sorted() { mix(word) }
        let text = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }

    /// The time all three states are at.
    var asOf: Timestamp { ledger.asOf }

    // MARK: Encoding

    /// The payload. Keys, holders and pools are written in sorted order, so a state encodes to the
    /// same bytes however its dictionaries happen to be laid out.
    func encoded() -> [UInt8] {
        precondition(ledger.asOf == tape.asOf && ledger.asOf == mentionTape.asOf, "the carried states must be at one timestamp")
        var tables = PayloadTables()
        let sections = [encodeLedger(&tables), encodeSwaps(&tables), encodeReserves(&tables), encodeMentions(&tables)]
        var addressTable = PayloadWriter(), stringTable = PayloadWriter()
        tables.writeAddresses(into: &addressTable)
        tables.writeStrings(into: &stringTable)
        let parts = [addressTable, stringTable] + sections
        var payload = PayloadWriter()
        payload.fixed32(Self.magic)
        payload.fixed16(Self.codecVersion)
        payload.int64(asOf.seconds)
        payload.int64(tape.window.seconds)
        payload.int64(HolderLedger.recentWindow.seconds)
        for part in parts { payload.fixed64(UInt64(part.bytes.count)) }
        payload.bytes.reserveCapacity(payload.bytes.count + parts.reduce(0) { $0 + $1.bytes.count })
        for part in parts { payload.append(part) }
        return payload.bytes
    }

    private static func write(_ key: ContractKey, _ out: inout PayloadWriter, _ tables: inout PayloadTables) {
        out.signed(key.chain)
        out.count(tables.address(key.address))
    }

    private func encodeLedger(_ tables: inout PayloadTables) -> PayloadWriter {
        var out = PayloadWriter()
        let tokens = ledger.balances.keys.sorted(by: Self.precedes)
        out.count(tokens.count)
        for token in tokens {
            Self.write(token, &out, &tables)
            let holders = ledger.balances[token]!.sorted { $0.key < $1.key }
            out.count(holders.count)
            for (holder, balance) in holders {
                out.count(tables.address(holder))
                out.int128(balance)
            }
        }
        let recentTokens = ledger.recent.keys.sorted(by: Self.precedes)
        out.count(recentTokens.count)
        for token in recentTokens {
            Self.write(token, &out, &tables)
            let flows = ledger.recent[token]!
            out.count(flows.count)
            for flow in flows {
                out.count(tables.address(flow.from))
                out.count(tables.address(flow.to))
                out.int128(flow.amount)
                out.signed(flow.eventTime.seconds)
            }
        }
        return out
    }

    private func encodeSwaps(_ tables: inout PayloadTables) -> PayloadWriter {
        var out = PayloadWriter()
        let swapPools = tape.swaps.keys.sorted(by: Self.precedes)
        out.count(swapPools.count)
        for pool in swapPools {
            Self.write(pool, &out, &tables)
            let swaps = tape.swaps[pool]!
            out.count(swaps.count)
            var block: Int64 = 0, time: Int64 = 0
            for swap in swaps {
                // In chain order, so block and time deltas are small.
                out.signed(swap.blockNumber &- block)
                out.signed(swap.logIndex)
                out.signed(swap.eventTime.seconds &- time)
                out.count(tables.address(swap.recipient))
                // A swap moves one side in and the other out: two of its four amounts are zero, and
                // a flag byte says which are written (+0.0 only is skipped, so bits come back exact).
                let amounts = [swap.amount0In, swap.amount1In, swap.amount0Out, swap.amount1Out]
                var written: UInt8 = 0
                for (bit, amount) in amounts.enumerated() where amount.bitPattern != 0 { written |= 1 << bit }
                out.bytes.append(written)
                for amount in amounts where amount.bitPattern != 0 { out.double(amount) }
                block = swap.blockNumber
                time = swap.eventTime.seconds
            }
        }
        return out
    }

    private func encodeReserves(_ tables: inout PayloadTables) -> PayloadWriter {
        var out = PayloadWriter()
        let reservePools = tape.reserves.keys.sorted(by: Self.precedes)
        out.count(reservePools.count)
        for pool in reservePools {
            Self.write(pool, &out, &tables)
            let points = tape.reserves[pool]!
            out.count(points.count)
            var block: Int64 = 0, time: Int64 = 0
            for point in points {
                out.signed(point.blockNumber &- block)
                out.signed(point.logIndex)
                out.signed(point.eventTime.seconds &- time)
                out.double(point.reserve0)
                out.double(point.reserve1)
                block = point.blockNumber
                time = point.eventTime.seconds
            }
        }
        let openingPools = tape.openings.keys.sorted(by: Self.precedes)
        out.count(openingPools.count)
        for pool in openingPools {
            Self.write(pool, &out, &tables)
            let point = tape.openings[pool]!
            out.signed(point.blockNumber)
            out.signed(point.logIndex)
            out.signed(point.eventTime.seconds)
            out.double(point.reserve0)
            out.double(point.reserve1)
        }
        let resolved = tape.resolved.sorted(by: Self.precedes)
        out.count(resolved.count)
        for pool in resolved { Self.write(pool, &out, &tables) }
        return out
    }

    private func encodeMentions(_ tables: inout PayloadTables) -> PayloadWriter {
        var out = PayloadWriter()
        let tokens = mentionTape.mentions.keys.sorted()
        out.count(tokens.count)
        for token in tokens {
            Self.write(ContractKey(token), &out, &tables)
            let records = mentionTape.mentions[token]!
            out.count(records.count)
            for record in records {
                out.signed(record.mentionTime.seconds)
                out.signed(record.postTime.seconds)
                out.count(tables.string(record.source))
                out.count(tables.string(record.postID))
                out.count(tables.string(record.author))
                out.double(record.followers)
                out.double(record.engagement)
                out.double(record.sentiment)
            }
        }
        return out
    }

    private static func precedes(_ a: ContractKey, _ b: ContractKey) -> Bool { (a.chain, a.address) < (b.chain, b.address) }

    // MARK: Decoding

    /// The payload's parts after the header, in order.
    static let partNames = ["address table", "string table", "ledger", "pool swaps", "pool reserves", "mention tape"]

    /// Reads a payload saved as of `asOf`: the address table, then the string table with the mention
    /// tape, the ledger and the two halves of the pool tape at once.
    init(decoding payload: [UInt8], asOf expected: Timestamp) throws(CarriedStateDecodingError) {
        let ranges = try payload.withUnsafeBytes { bytes in
            Result { () throws(CarriedStateDecodingError) in try Self.readHeader(bytes, expected: expected) }
        }.get()
        // The address table first: every part refers to it, and it is small (14 ms at 10,000 tokens).
        // Then four jobs at once, the longest chain first: the string table and the mention tape that
        // needs it, the ledger, the pool swaps, the pool reserves. (Decoding the string table at the
        // same time as the address table held the ledger and pool tape back behind it.)
        let (addressResult, addressTime) = Self.decode(payload, ranges[0]) { reader throws(CarriedStateDecodingError) in
            .addresses(try PayloadTables.readAddresses(&reader))
        }
        var profile: [(part: String, bytes: Int, duration: Duration)] = [(Self.partNames[0], ranges[0].count, addressTime)]
        let addresses: [PackedAddress]
        switch addressResult {
        case .success(.addresses(let value)): addresses = value
        case .success: preconditionFailure("the address job returns the address table")
        case .failure(let error): throw error
        }
        let time = expected
        typealias Decoded = [(part: Int, result: Result<Section, CarriedStateDecodingError>, duration: Duration)]
        let jobs: [@Sendable () -> Decoded] = [
            {
                let (stringResult, stringTime) = Self.decode(payload, ranges[1]) { reader throws(CarriedStateDecodingError) in
                    .strings(try PayloadTables.readStrings(&reader))
                }
                guard case .success(.strings(let strings)) = stringResult else { return [(1, stringResult, stringTime)] }
                let (result, duration) = Self.decode(payload, ranges[5]) { reader throws(CarriedStateDecodingError) in
                    .mentions(try Self.decodeMentions(&reader, addresses: addresses, strings: strings, asOf: time))
                }
                return [(1, stringResult, stringTime), (5, result, duration)]
            },
            {
                let (result, duration) = Self.decode(payload, ranges[2]) { reader throws(CarriedStateDecodingError) in
                    .ledger(try Self.decodeLedger(&reader, addresses, asOf: time))
                }
                return [(2, result, duration)]
            },
            {
                let (result, duration) = Self.decode(payload, ranges[3]) { reader throws(CarriedStateDecodingError) in
                    .tape(try Self.decodeSwaps(&reader, addresses, asOf: time))
                }
                return [(3, result, duration)]
            },
            {
                let (result, duration) = Self.decode(payload, ranges[4]) { reader throws(CarriedStateDecodingError) in
                    .tape(try Self.decodeReserves(&reader, addresses, asOf: time))
                }
                return [(4, result, duration)]
            },
        ]
        var ledger: HolderLedger?, swaps: PoolTape?, reserves: PoolTape?, mentionTape: MentionTape?
        for (part, result, duration) in Concurrent.perform(jobs).flatMap({ $0 }).sorted(by: { $0.part < $1.part }) {
            profile.append((Self.partNames[part], ranges[part].count, duration))
            switch result {
            case .success(.strings): break
            case .success(.ledger(let value)): ledger = value
            case .success(.tape(let value)) where part == 3: swaps = value
            case .success(.tape(let value)): reserves = value
            case .success(.mentions(let value)): mentionTape = value
            case .success: preconditionFailure("a section job returns its section")
            case .failure(let error): throw error
            }
        }
        var tape = reserves!
        tape.swaps = swaps!.swaps
        self.init(ledger: ledger!, tape: tape, mentionTape: mentionTape!)
        decodingProfile = profile
    }

    /// Checks the header against this build and returns the byte ranges of the six parts.
    private static func readHeader(_ bytes: UnsafeRawBufferPointer, expected: Timestamp) throws(CarriedStateDecodingError) -> [Range<Int>] {
        var reader = PayloadReader(bytes, from: 0, to: bytes.count)
        let magic = try reader.fixed32("magic")
        guard magic == Self.magic else {
            throw CarriedStateDecodingError(reason: "not a carried feature state (magic \(String(magic, radix: 16)))", offset: 0)
        }
        let version = try reader.fixed16("codec version")
        guard version == Self.codecVersion else {
            throw CarriedStateDecodingError(reason: "codec version \(version), this build reads \(Self.codecVersion)", offset: 4)
        }
        let asOf = try reader.int64("as-of time")
        guard asOf == expected.seconds else {
            throw CarriedStateDecodingError(reason: "state is as of \(Timestamp(seconds: asOf)), its row says \(expected)", offset: 6)
        }
        let window = try reader.int64("window"), recent = try reader.int64("recent window")
        guard window == CrossSection.longWindow.seconds, recent == HolderLedger.recentWindow.seconds else {
            throw CarriedStateDecodingError(reason: "windows \(window) s and \(recent) s, this build carries "
                                            + "\(CrossSection.longWindow.seconds) s and \(HolderLedger.recentWindow.seconds) s", offset: 14)
        }
        var lengths: [Int] = []
        for name in partNames {
            let length = try reader.fixed64("\(name) length")
            guard length <= UInt64(bytes.count) else {
                throw CarriedStateDecodingError(reason: "\(name) length \(length) exceeds the payload", offset: reader.offset - 8)
            }
            lengths.append(Int(length))
        }
        var ranges: [Range<Int>] = []
        var start = reader.offset
        for length in lengths {
            ranges.append(start..<start + length)
            start += length
        }
        guard start == bytes.count else {
            throw CarriedStateDecodingError(reason: "parts end at byte \(start) of a \(bytes.count)-byte payload", offset: reader.offset)
        }
        return ranges
    }

    init(ledger: HolderLedger, tape: PoolTape, mentionTape: MentionTape) {
        self.ledger = ledger
        self.tape = tape
        self.mentionTape = mentionTape
    }

    private enum Section: Sendable {
        case addresses([PackedAddress]), strings([String]), ledger(HolderLedger), tape(PoolTape), mentions(MentionTape)
    }

    /// Runs one section's decoder over its byte range, which it must use up exactly.
    private static func decode(_ payload: [UInt8], _ range: Range<Int>, _ body: (inout PayloadReader) throws(CarriedStateDecodingError) -> Section)
        -> (Result<Section, CarriedStateDecodingError>, Duration) {
        let started = ContinuousClock.now
        let result = payload.withUnsafeBytes { bytes -> Result<Section, CarriedStateDecodingError> in
            var reader = PayloadReader(bytes, from: range.lowerBound, to: range.upperBound)
            do throws(CarriedStateDecodingError) {
                let section = try body(&reader)
                guard reader.isAtEnd else {
                    return .failure(CarriedStateDecodingError(reason: "section has \(range.upperBound - reader.offset) bytes left over",
                                                              offset: reader.offset))
                }
                return .success(section)
            } catch {
                return .failure(error)
            }
        }
        return (result, ContinuousClock.now - started)
    }

    /// Capacity for `count` entries and the next steps' appends: at exactly `count`, the first step
    /// after a resume would copy every array it appends to (measured: +0.5 s at 10,000 tokens).
    private static func withRoom(_ count: Int) -> Int { count + count / 8 + 4 }

    private static func key(_ reader: inout PayloadReader, _ addresses: [PackedAddress], _ what: String) throws(CarriedStateDecodingError) -> ContractKey {
        let chain = try reader.signed("\(what) chain")
        return ContractKey(chain: chain, address: addresses[try reader.index("\(what) address", below: addresses.count)])
    }

    private static func decodeLedger(_ reader: inout PayloadReader, _ addresses: [PackedAddress],
                                     asOf: Timestamp) throws(CarriedStateDecodingError) -> HolderLedger {
        var ledger = HolderLedger()
        ledger.asOf = asOf
        let tokenCount = try reader.count("ledger token count", minimumSize: 3)
        ledger.balances.reserveCapacity(tokenCount)
        for _ in 0..<tokenCount {
            let token = try key(&reader, addresses, "ledger token")
            let holderCount = try reader.count("holder count", minimumSize: 17)
            var balances = [PackedAddress: Int128](minimumCapacity: holderCount)
            for _ in 0..<holderCount {
                let holder = addresses[try reader.index("holder", below: addresses.count)]
                balances[holder] = try reader.int128("balance")
            }
            ledger.balances[token] = balances
        }
        let recentCount = try reader.count("recent token count", minimumSize: 3)
        ledger.recent.reserveCapacity(recentCount)
        for _ in 0..<recentCount {
            let token = try key(&reader, addresses, "recent token")
            let flowCount = try reader.count("recent transfer count", minimumSize: 19)
            var flows: [TransferFlow] = []
            flows.reserveCapacity(Self.withRoom(flowCount))
            for _ in 0..<flowCount {
                let from = addresses[try reader.index("transfer sender", below: addresses.count)]
                let to = addresses[try reader.index("transfer recipient", below: addresses.count)]
                let amount = try reader.int128("transfer amount")
                let time = Timestamp(seconds: try reader.signed("transfer time"))
                flows.append(TransferFlow(token: token, from: from, to: to, amount: amount, eventTime: time))
            }
            ledger.recent[token] = flows
        }
        return ledger
    }

    /// The pool tape's swaps (the rest of the tape is empty).
    private static func decodeSwaps(_ reader: inout PayloadReader, _ addresses: [PackedAddress],
                                    asOf: Timestamp) throws(CarriedStateDecodingError) -> PoolTape {
        var tape = PoolTape(window: CrossSection.longWindow)
        tape.asOf = asOf
        let swapPools = try reader.count("swap pool count", minimumSize: 3)
        tape.swaps.reserveCapacity(swapPools)
        for _ in 0..<swapPools {
            let pool = try key(&reader, addresses, "swap pool")
            let count = try reader.count("swap count", minimumSize: 5)
            var swaps: [SwapFlow] = []
            swaps.reserveCapacity(Self.withRoom(count))
            var block: Int64 = 0, time: Int64 = 0
            for _ in 0..<count {
                block &+= try reader.signed("swap block")
                let logIndex = try reader.signed("swap log index")
                time &+= try reader.signed("swap time")
                let recipient = addresses[try reader.index("swap recipient", below: addresses.count)]
                let written = try reader.byte("swap amounts written")
                let in0 = written & 1 == 0 ? 0 : try reader.double("amount0In")
                let in1 = written & 2 == 0 ? 0 : try reader.double("amount1In")
                let out0 = written & 4 == 0 ? 0 : try reader.double("amount0Out")
                let out1 = written & 8 == 0 ? 0 : try reader.double("amount1Out")
                swaps.append(SwapFlow(chain: pool.chain, pool: pool.address, blockNumber: block, logIndex: logIndex,
                                      eventTime: Timestamp(seconds: time), recipient: recipient,
                                      amount0In: in0, amount1In: in1, amount0Out: out0, amount1Out: out1))
            }
            tape.swaps[pool] = swaps
        }
        return tape
    }

    /// The pool tape's reserve updates, openings and resolved pools (no swaps).
    private static func decodeReserves(_ reader: inout PayloadReader, _ addresses: [PackedAddress],
                                       asOf: Timestamp) throws(CarriedStateDecodingError) -> PoolTape {
        var tape = PoolTape(window: CrossSection.longWindow)
        tape.asOf = asOf
        let reservePools = try reader.count("reserve pool count", minimumSize: 3)
        tape.reserves.reserveCapacity(reservePools)
        for _ in 0..<reservePools {
            let pool = try key(&reader, addresses, "reserve pool")
            let count = try reader.count("reserve update count", minimumSize: 19)
            var points: [ReservePoint] = []
            points.reserveCapacity(Self.withRoom(count))
            var block: Int64 = 0, time: Int64 = 0
            for _ in 0..<count {
                block &+= try reader.signed("reserve block")
                let logIndex = try reader.signed("reserve log index")
                time &+= try reader.signed("reserve time")
                let reserve0 = try reader.double("reserve0"), reserve1 = try reader.double("reserve1")
                points.append(ReservePoint(chain: pool.chain, pool: pool.address, blockNumber: block, logIndex: logIndex,
                                           eventTime: Timestamp(seconds: time), reserve0: reserve0, reserve1: reserve1))
            }
            tape.reserves[pool] = points
        }
        let openingCount = try reader.count("opening count", minimumSize: 21)
        tape.openings.reserveCapacity(openingCount)
        for _ in 0..<openingCount {
            let pool = try key(&reader, addresses, "opening pool")
            let block = try reader.signed("opening block"), logIndex = try reader.signed("opening log index")
            let time = try reader.signed("opening time")
            let reserve0 = try reader.double("opening reserve0"), reserve1 = try reader.double("opening reserve1")
            tape.openings[pool] = ReservePoint(chain: pool.chain, pool: pool.address, blockNumber: block, logIndex: logIndex,
                                               eventTime: Timestamp(seconds: time), reserve0: reserve0, reserve1: reserve1)
        }
        let resolvedCount = try reader.count("resolved pool count", minimumSize: 2)
        tape.resolved.reserveCapacity(resolvedCount)
        for _ in 0..<resolvedCount { tape.resolved.insert(try key(&reader, addresses, "resolved pool")) }
        return tape
    }

    private static func decodeMentions(_ reader: inout PayloadReader, addresses: [PackedAddress], strings: [String],
                                       asOf: Timestamp) throws(CarriedStateDecodingError) -> MentionTape {
        var tape = MentionTape(window: CrossSection.longWindow)
        tape.asOf = asOf
        let tokenCount = try reader.count("mentioned token count", minimumSize: 3)
        tape.mentions.reserveCapacity(tokenCount)
        for _ in 0..<tokenCount {
            let key = try key(&reader, addresses, "mentioned token")
            let token = TokenID(chain: key.chain, address: key.address.address)
            let count = try reader.count("mention count", minimumSize: 29)
            var records: [MentionRecord] = []
            records.reserveCapacity(Self.withRoom(count))
            for _ in 0..<count {
                let mentionTime = Timestamp(seconds: try reader.signed("mention time"))
                let postTime = Timestamp(seconds: try reader.signed("post time"))
                let source = strings[try reader.index("post source", below: strings.count)]
                let postID = strings[try reader.index("post id", below: strings.count)]
                let author = strings[try reader.index("post author", below: strings.count)]
                let followers = try reader.double("author followers"), engagement = try reader.double("engagement")
                let sentiment = try reader.double("sentiment")
                records.append(MentionRecord(mentionTime: mentionTime, postTime: postTime, source: source, postID: postID, author: author,
                                             followers: followers, engagement: engagement, sentiment: sentiment))
            }
            tape.mentions[token] = records
        }
        return tape
    }
}
