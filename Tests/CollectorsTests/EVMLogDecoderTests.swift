import BigInt
@testable import Collectors
import EVMWire
import PropertyBased
import RadarCore
import Testing

/// The tracked events to store rows: each event's fields, the ERC-721 skip, V3's signed deltas split
/// into in/out, and errors that name the event, field, value and log.
@Suite struct EVMLogDecoderTests {
    private let decoder = EVMLogDecoder(chain: 1)

    private func decode(_ log: RawLog) throws(LogDecodingError) -> DecodedLog {
        try decoder.decode(log, blockTime: TestLogs.blockTime, observedAt: TestLogs.observedAt)
    }

    private var position: LogPosition {
        LogPosition(chain: 1, blockNumber: 19_000_000, blockHash: TestLogs.blockHash, logIndex: 7,
                    transactionHash: TestLogs.transactionHash)
    }

    @Test func erc20TransferAtUInt256Max() throws {
        let token = TestLogs.address(0x70)
        let log = try TestLogs.log(.erc20Transfer, [.address(.zero), .address(TestLogs.alice), .uint(TestLogs.uint256Max)], emitter: token)
        #expect(try decode(log) == .transfer(Transfer(
            position: position, token: token, from: .zero, to: TestLogs.alice,
            amount: try DecimalAmount("115792089237316195423570985008687907853269984665640564039457584007913129639935"),
            eventTime: TestLogs.blockTime, observedAt: TestLogs.observedAt)))
    }

    @Test func erc721TransferIsRecognisedAndSkipped() throws {
        let erc721 = try EventSignature("Transfer(address indexed from, address indexed to, uint256 indexed tokenId)")
        #expect(erc721.topic0 == TrackedEvent.erc20Transfer.topic0)
        let log = try TestLogs.log(erc721, [.address(TestLogs.alice), .address(TestLogs.bob), .uint(8817)])
        #expect(log.topics.count == 4 && log.data.isEmpty)
        #expect(try decode(log) == .skipped(.nonFungibleTransfer))
    }

    @Test func removedAndUntrackedLogsAreSkipped() throws {
        var log = try TestLogs.log(.uniswapV2Sync, [.uint(1), .uint(2)])
        log.removed = true
        #expect(try decode(log) == .skipped(.removed))
        let approval = try EventSignature("Approval(address indexed owner, address indexed spender, uint256 value)")
        #expect(try decode(try TestLogs.log(approval, [.address(TestLogs.alice), .address(TestLogs.bob), .uint(1)])) == .skipped(.untrackedEvent))
        log.removed = false
        log.topics = []
        #expect(try decode(log) == .skipped(.untrackedEvent))
    }

    @Test func uniswapV2Events() throws {
        let swap = try TestLogs.log(.uniswapV2Swap, [.address(TestLogs.alice), .uint(0), .uint(BigUInt(10).power(18)),
                                                     .uint(3_412_550_113), .uint(0), .address(TestLogs.bob)])
        #expect(try decode(swap) == .swap(Swap(
            position: position, pool: TestLogs.pool, sender: TestLogs.alice, recipient: TestLogs.bob,
            amount0In: 0, amount1In: try DecimalAmount("1000000000000000000"), amount0Out: 3_412_550_113, amount1Out: 0,
            eventTime: TestLogs.blockTime, observedAt: TestLogs.observedAt)))

        let maxReserve = (BigUInt(1) << 112) - 1
        let sync = try TestLogs.log(.uniswapV2Sync, [.uint(maxReserve), .uint(42)])
        #expect(try decode(sync) == .reserves(ReserveUpdate(
            position: position, pool: TestLogs.pool, reserve0: try DecimalAmount(maxReserve.description), reserve1: 42,
            eventTime: TestLogs.blockTime, observedAt: TestLogs.observedAt)))

        let mint = try TestLogs.log(.uniswapV2Mint, [.address(TestLogs.alice), .uint(10), .uint(20)])
        #expect(try decode(mint) == .liquidity(LiquidityEvent(
            position: position, pool: TestLogs.pool, change: .mint, sender: TestLogs.alice, amount0: 10, amount1: 20,
            eventTime: TestLogs.blockTime, observedAt: TestLogs.observedAt)))

        let burn = try TestLogs.log(.uniswapV2Burn, [.address(TestLogs.alice), .uint(5), .uint(6), .address(TestLogs.bob)])
        #expect(try decode(burn) == .liquidity(LiquidityEvent(
            position: position, pool: TestLogs.pool, change: .burn, sender: TestLogs.alice, amount0: 5, amount1: 6,
            eventTime: TestLogs.blockTime, observedAt: TestLogs.observedAt)))

        let factory = TestLogs.address(0xFA), pair = TestLogs.address(0x02)
        let created = try TestLogs.log(.uniswapV2PairCreated, [.address(TestLogs.alice), .address(TestLogs.bob), .address(pair), .uint(290_521)],
                                       emitter: factory)
        #expect(try decode(created) == .pool(Pool(
            chain: 1, address: pair, dex: .uniswapV2, factory: factory, token0: TestLogs.alice, token1: TestLogs.bob, fee: nil,
            created: position, createdAt: TestLogs.blockTime, observedAt: TestLogs.observedAt)))
    }

    @Test func uniswapV3PoolCreated() throws {
        let factory = TestLogs.address(0xFB), pool = TestLogs.address(0x03)
        let log = try TestLogs.log(.uniswapV3PoolCreated, [.address(TestLogs.alice), .address(TestLogs.bob), .uint(3000), .int(60), .address(pool)],
                                   emitter: factory)
        #expect(try decode(log) == .pool(Pool(
            chain: 1, address: pool, dex: .uniswapV3, factory: factory, token0: TestLogs.alice, token1: TestLogs.bob, fee: 3000,
            created: position, createdAt: TestLogs.blockTime, observedAt: TestLogs.observedAt)))
    }

    /// Signed deltas from the pool's side: a positive amount is paid in, a negative one paid out.
    @Test func uniswapV3SwapsSplitSignedDeltas() async throws {
        let int256 = zip(Gen.uint64().array(of: 4), Gen.int(in: 1...256), Gen.bool).map { limbs, width, negative -> BigInt in
            let magnitude = BigUInt(words: limbs.map { UInt($0) }) >> (257 - width)  // below 2^255
            return negative ? -BigInt(magnitude) : BigInt(magnitude)
        }
        let uint160 = Gen.uint64().array(of: 3).map { BigUInt(words: $0.map { UInt($0) }) >> 32 }
        await propertyCheck(count: 200, input: int256, int256, uint160, Gen.uint128(), Gen.int(in: -887_272...887_272)) { amount0, amount1, price, liquidity, tick in
            let log = try TestLogs.log(.uniswapV3Swap, [.address(TestLogs.alice), .address(TestLogs.bob), .int(amount0), .int(amount1),
                                                        .uint(price), .uint(BigUInt(liquidity)), .int(BigInt(tick))])
            guard case .swap(let swap) = try decode(log) else {
                Issue.record("not a swap")
                return
            }
            func parts(_ delta: BigInt) -> (String, String) {
                delta.sign == .minus && !delta.isZero ? ("0", delta.magnitude.description) : (delta.description, "0")
            }
            #expect((swap.amount0In.digits, swap.amount0Out.digits) == parts(amount0))
            #expect((swap.amount1In.digits, swap.amount1Out.digits) == parts(amount1))
            #expect(swap.sqrtPriceX96?.digits == price.description)
            #expect(swap.liquidity?.digits == String(liquidity))
            #expect(swap.tick == Int64(tick))
            #expect(swap.sender == TestLogs.alice && swap.recipient == TestLogs.bob && swap.pool == TestLogs.pool)
        }
    }

    @Test func uniswapV3SwapAtInt256Minimum() throws {
        let minimum = -(BigInt(1) << 255)
        let log = try TestLogs.log(.uniswapV3Swap, [.address(TestLogs.alice), .address(TestLogs.bob), .int(minimum), .int(1),
                                                    .uint(1), .uint(0), .int(-887_272)])
        guard case .swap(let swap) = try decode(log) else { Issue.record("not a swap"); return }
        #expect(swap.amount0Out.digits == "57896044618658097711785492504343953926634992332820282019728792003956564819968")
        #expect(swap.amount0In == .zero && swap.amount1In == 1 && swap.tick == -887_272)
    }

    private func failure(_ log: RawLog) -> LogDecodingError? {
        do {
            _ = try decode(log)
            return nil
        } catch {
            return error
        }
    }

    @Test func wrongDataLengthNamesEventFieldValueAndPosition() throws {
        var log = try TestLogs.log(.erc20Transfer, [.address(TestLogs.alice), .address(TestLogs.bob), .uint(1)])
        log.data.removeLast()
        let error = try #require(failure(log))
        #expect(error.event == "ERC-20 Transfer(address,address,uint256)")
        #expect(error.field == "data" && error.value == "31 bytes")
        #expect(error.description == "cannot decode ERC-20 Transfer(address,address,uint256) log at block 19000000, tx \(TestLogs.transactionHash.hex), "
                + "log index 7 (contract \(TestLogs.pool.hex)): data = 31 bytes: expected 32 bytes (1 words)")
    }

    @Test func badAddressPaddingNamesTheTopic() throws {
        var log = try TestLogs.log(.uniswapV2Swap, [.address(TestLogs.alice), .uint(1), .uint(2), .uint(3), .uint(4), .address(TestLogs.bob)])
        var topic = log.topics[2].bytes
        topic[0] = 0x01
        log.topics[2] = EVMHash(bytes: topic)
        let error = try #require(failure(log))
        #expect(error.event == "Uniswap V2 Swap(address,uint256,uint256,uint256,uint256,address)")
        #expect(error.field == "to (topic 2)")
        #expect(error.value == log.topics[2].hex)
        #expect(error.reason == "not an address: the upper 12 bytes must be zero")
    }

    @Test func reserveBeyondUInt112IsBadPadding() throws {
        var log = try TestLogs.log(.uniswapV2Sync, [.uint(1), .uint(2)])
        log.data[32 + 13] = 0x01  // bit 144 of reserve1
        let error = try #require(failure(log))
        #expect(error.field == "reserve1 (data word 1)" && error.reason == "does not fit uint112: bad padding")
    }

    @Test func transferWithTwoTopicsIsAnError() throws {
        var log = try TestLogs.log(.erc20Transfer, [.address(TestLogs.alice), .address(TestLogs.bob), .uint(1)])
        log.topics.removeLast()
        let error = try #require(failure(log))
        #expect(error.field == "topics" && error.value == "2 topics")
    }

    @Test func batchesCollectRowsSkipsAndFailures() throws {
        var broken = try TestLogs.log(.uniswapV2Sync, [.uint(1), .uint(2)])
        broken.data.removeLast(32)
        var later = try TestLogs.log(.uniswapV2Sync, [.uint(3), .uint(4)])
        later.blockNumber += 1
        let logs = [
            try TestLogs.log(.erc20Transfer, [.address(TestLogs.alice), .address(TestLogs.bob), .uint(1)]),
            try TestLogs.log(.uniswapV2Sync, [.uint(1), .uint(2)]),
            broken, later,
            try TestLogs.log(try EventSignature("Transfer(address indexed, address indexed, uint256 indexed)"),
                             [.address(TestLogs.alice), .address(TestLogs.bob), .uint(1)]),
        ]
        let decoded = decoder.decode(logs, observedAt: TestLogs.observedAt) { $0 == 19_000_000 ? TestLogs.blockTime : nil }
        #expect(decoded.transfers.count == 1 && decoded.reserves.count == 1)
        #expect(decoded.skipped == [.nonFungibleTransfer: 1])
        #expect(decoded.failures.count == 2)
        #expect(decoded.failures.map(\.field) == ["data", "blockNumber"])
        #expect(decoded.failures[1].reason.contains("no block timestamp"))
        #expect(decoded.ingestBatch.count == 2)
    }
}
