import FeatureStore
import Foundation
import RadarCore

/// A fresh store in its own temporary directory; the directory is removed by `cleanUp`.
struct TemporaryStore {
    let directory: URL
    let store: FeatureStore

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("radar-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try FeatureStore(path: directory.appendingPathComponent("radar.sqlite").path)
    }

    var path: String { store.path }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }
}

/// Deterministic test values: addresses and hashes built from small numbers.
enum Make {
    static func address(_ number: Int) -> EVMAddress {
        let digits = String(number, radix: 16)
        return try! EVMAddress("0x" + String(repeating: "0", count: 40 - digits.count) + digits)
    }

    static func hash(_ number: Int, prefix: String = "b") -> EVMHash {
        let digits = String(number, radix: 16)
        return try! EVMHash("0x" + prefix + String(repeating: "0", count: 63 - digits.count) + digits)
    }

    static func position(block: Int64, log: Int64, hashSeed: Int? = nil) -> LogPosition {
        LogPosition(chain: 1, blockNumber: block, blockHash: hash(hashSeed ?? Int(block)), logIndex: log,
                    transactionHash: hash(Int(block) * 10_000 + Int(log), prefix: "7"))
    }

    static func block(_ number: Int64, hashSeed: Int? = nil, observedAt: Int64? = nil) -> ObservedBlock {
        ObservedBlock(chain: 1, number: number, hash: hash(hashSeed ?? Int(number)), parentHash: hash(Int(number) - 1),
                      timestamp: Timestamp(seconds: number * 12), observedAt: Timestamp(seconds: observedAt ?? number * 12 + 30))
    }

    static let tokenA = TokenID(chain: 1, address: address(0xA1))
    static let tokenB = TokenID(chain: 1, address: address(0xB2))
    static let weth = address(0xE7)
    static let poolA = address(0x1A)

    /// One block's worth of every on-chain row kind for `tokenA` and its pool.
    static func chainBatch(block: Int64, hashSeed: Int? = nil, eventTime: Int64? = nil, observedAt: Int64? = nil) -> IngestBatch {
        let event = Timestamp(seconds: eventTime ?? block * 12)
        let seen = Timestamp(seconds: observedAt ?? (eventTime ?? block * 12) + 30)
        var batch = IngestBatch()
        batch.blocks = [Make.block(block, hashSeed: hashSeed, observedAt: seen.seconds)]
        batch.transfers = (0..<3).map { log in
            Transfer(position: position(block: block, log: log, hashSeed: hashSeed), token: tokenA.address, from: address(100 + Int(log)),
                     to: address(200 + Int(log)), amount: try! DecimalAmount("1000000000000000000000000000000\(log)"),
                     eventTime: event, observedAt: seen)
        }
        batch.swaps = [Swap(position: position(block: block, log: 3, hashSeed: hashSeed), pool: poolA, sender: address(300),
                            recipient: address(301), amount0In: 5_000, amount1In: 0, amount0Out: 0, amount1Out: 4_900,
                            eventTime: event, observedAt: seen)]
        batch.reserves = [ReserveUpdate(position: position(block: block, log: 4, hashSeed: hashSeed), pool: poolA,
                                        reserve0: DecimalAmount(1_000_000 + block), reserve1: DecimalAmount(2_000_000 - block),
                                        eventTime: event, observedAt: seen)]
        batch.liquidityEvents = [LiquidityEvent(position: position(block: block, log: 5, hashSeed: hashSeed), pool: poolA, change: .mint,
                                                sender: address(400), amount0: 10, amount1: 20, eventTime: event, observedAt: seen)]
        batch.ipEvents = [IPEvent(key: .onChain(position(block: block, log: 6, hashSeed: hashSeed)), kind: .licenceMinted, ipID: "ip-7",
                                  token: tokenA, amount: 3, counterparty: "0xlicensee", eventTime: event, observedAt: seen)]
        return batch
    }

    static func pool(createdBlock: Int64, hashSeed: Int? = nil, token: TokenID = tokenA, address poolAddress: EVMAddress = poolA) -> Pool {
        Pool(chain: 1, address: poolAddress, dex: .uniswapV2, factory: address(0xFAC), token0: token.address, token1: weth, fee: nil,
             created: position(block: createdBlock, log: 0, hashSeed: hashSeed), createdAt: Timestamp(seconds: createdBlock * 12),
             observedAt: Timestamp(seconds: createdBlock * 12 + 30))
    }
}
