import RadarCore
@testable import SimWorld

/// One small world generated once and shared by the tests that only read it.
enum SmallWorld {
    static let config = SimWorldConfig(seed: 42, tokens: 200, days: 30)
    static let world = try! SimWorld(config: config)
    static let hours: [SimHour] = Array(world.hours())
    static let truth: [SimTruthRow] = SimWorldTruth(world: world).rows()
}

/// A stable 64-bit digest (FNV-1a) of a world's event stream, the same in every process.
struct StreamDigest {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    mutating func add(_ word: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) {
            value = (value ^ ((word >> UInt64(shift)) & 0xFF)) &* 0x0000_0100_0000_01B3
        }
    }

    mutating func add(_ value: UInt128) {
        add(UInt64(truncatingIfNeeded: value))
        add(UInt64(truncatingIfNeeded: value >> 64))
    }

    mutating func add(_ address: SimAddress) {
        add(address.high)
        add(address.middle)
        add(UInt64(address.low))
    }

    mutating func add(_ text: String) {
        for byte in text.utf8 { add(UInt64(byte)) }
    }

    mutating func add(_ log: SimLog) {
        add(UInt64(bitPattern: log.blockNumber))
        add(UInt64(log.transactionIndex) << 32 | UInt64(log.logIndex))
        add(log.transactionHash.words.0)
        add(log.address)
        switch log.event {
        case .pairCreated(let token0, let token1, let pair, let count):
            add(UInt64(1)); add(token0); add(token1); add(pair); add(count)
        case .transfer(let from, let to, let value):
            add(UInt64(2)); add(from); add(to); add(value)
        case .swap(let sender, let a0in, let a1in, let a0out, let a1out, let to):
            add(UInt64(3)); add(sender); add(a0in); add(a1in); add(a0out); add(a1out); add(to)
        case .sync(let r0, let r1):
            add(UInt64(4)); add(r0); add(r1)
        case .mint(let sender, let a0, let a1):
            add(UInt64(5)); add(sender); add(a0); add(a1)
        case .burn(let sender, let a0, let a1, let to):
            add(UInt64(6)); add(sender); add(a0); add(a1); add(to)
        case .ipRegistered(let ip, let chain, let contract, let nft, let date):
            add(UInt64(7)); add(ip); add(chain); add(contract); add(nft); add(date)
        case .licenseTokensMinted(let caller, let licensor, let template, let terms, let amount, let receiver, let start):
            add(UInt64(8)); add(caller); add(licensor); add(template); add(terms); add(amount); add(receiver); add(start)
        case .derivativeRegistered(let caller, let child, let licence, let parent, let terms, let template):
            add(UInt64(9)); add(caller); add(child); add(licence); add(parent); add(terms); add(template)
        case .royaltyPaid(let receiver, let payer, let sender, let currency, let amount, let after):
            add(UInt64(10)); add(receiver); add(payer); add(sender); add(currency); add(amount); add(after)
        }
    }

    mutating func add(_ hour: SimHour) {
        for log in hour.logs { add(log) }
        for failed in hour.failedTransactions { add(UInt64(bitPattern: failed.blockNumber)); add(failed.from) }
        for snapshot in hour.snapshots { add(snapshot.priceUSD.bitPattern); add(snapshot.volumeH24USD.bitPattern) }
        for post in hour.posts { add(post.id); add(post.text); add(UInt64(bitPattern: post.likes)) }
    }
}
