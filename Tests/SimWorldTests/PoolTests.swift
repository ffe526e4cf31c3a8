import RadarCore
import Testing
@testable import SimWorld

@Suite struct PoolTests {
    @Test func amountOutRoundsDownWithTheFee() {
        // 1 WETH into 10 WETH / 1,000,000 tokens: out = 1e18 * 997 * 1e24 / (10e18 * 1000 + 1e18 * 997).
        let out = ConstantProductPool.amountOut(amountIn: 1_000_000_000_000_000_000, reserveIn: 10_000_000_000_000_000_000,
                                                reserveOut: 1_000_000_000_000_000_000_000_000)
        #expect(out == 90_661_089_388_014_913_158_134)
    }

    @Test func squareRootIsExactPastOneHundredTwentyEightBits() {
        let a: UInt128 = 800_000_000_000_000_000_000_000_000_000
        let b: UInt128 = 12_345_678_901_234_567_890_123
        let root = squareRootFullWidth(a.multipliedFullWidth(by: b))
        #expect(!greater(root.multipliedFullWidth(by: root), a.multipliedFullWidth(by: b)))
        #expect(greater((root + 1).multipliedFullWidth(by: root + 1), a.multipliedFullWidth(by: b)))
        #expect(squareRootFullWidth((0, 1_000_000)) == 1000)
    }

    @Test func mintSwapBurnKeepTheBooks() {
        var pool = ConstantProductPool()
        let liquidity = pool.mint(amount0: 5_000_000_000_000_000_000, amount1: 700_000_000_000_000_000_000_000_000)
        #expect(liquidity + ConstantProductPool.minimumLiquidity == pool.totalSupply)
        let before = pool.k
        pool.swap(amountIn: 1_000_000_000_000_000_000, zeroForOne: true)
        #expect(!greater(before, pool.k))
        let (amount0, amount1) = pool.burn(liquidity: liquidity)
        #expect(amount0 > 0 && amount1 > 0)
        #expect(pool.totalSupply == ConstantProductPool.minimumLiquidity)
        #expect(pool.reserve0 > 0 && pool.reserve1 > 0)
    }

    /// Replays the stream: a pool's token and WETH balances from Transfers must equal every Sync (so
    /// reserves never go negative), k must not fall across a swap, no swap empties a side, and no
    /// wallet ever sends more than it holds.
    @Test func theStreamKeepsConstantProductAndBalances() {
        let world = SmallWorld.world
        let weth = world.contracts.weth
        let poolByAddress = Dictionary(uniqueKeysWithValues: world.tokens.map { ($0.pool, $0) })
        var balances = [SimAddress: [SimAddress: UInt128]]()  // token contract -> holder -> balance
        var wethInPool = [SimAddress: UInt128]()
        var lastSync = [SimAddress: (UInt128, UInt128)]()
        var swaps = 0
        var overdrafts = 0
        var mismatches = 0
        var kDrops = 0
        var emptied = 0
        for hour in SmallWorld.hours {
            for (position, log) in hour.logs.enumerated() {
                switch log.event {
                case .transfer(let from, let to, let value) where log.address == weth:
                    // WETH is tracked for pools only: the router's deposits are not simulated.
                    if poolByAddress[from] != nil {
                        let held = wethInPool[from, default: 0]
                        if held < value { overdrafts += 1 } else { wethInPool[from] = held - value }
                    }
                    if poolByAddress[to] != nil { wethInPool[to, default: 0] += value }
                case .transfer(let from, let to, let value):
                    if poolByAddress[log.address] != nil { break }  // LP supply is not tracked
                    if from != .zero {
                        let held = balances[log.address, default: [:]][from, default: 0]
                        if held < value { overdrafts += 1 } else { balances[log.address]![from] = held - value }
                    }
                    balances[log.address, default: [:]][to, default: 0] += value
                case .sync(let reserve0, let reserve1):
                    let token = poolByAddress[log.address]!
                    let held = balances[token.address, default: [:]][token.pool, default: 0]
                    if held != (token.isToken0 ? reserve0 : reserve1) { mismatches += 1 }
                    if wethInPool[token.pool, default: 0] != (token.isToken0 ? reserve1 : reserve0) { mismatches += 1 }
                    var isSwap = false
                    if position + 1 < hour.logs.count, case .swap = hour.logs[position + 1].event { isSwap = true }
                    if isSwap, let (old0, old1) = lastSync[log.address] {
                        swaps += 1
                        if reserve0 == 0 || reserve1 == 0 { emptied += 1 }
                        if greater(old0.multipliedFullWidth(by: old1), reserve0.multipliedFullWidth(by: reserve1)) { kDrops += 1 }
                    }
                    lastSync[log.address] = (reserve0, reserve1)
                default: break
                }
            }
        }
        #expect(swaps > 10_000)
        #expect(overdrafts == 0)
        #expect(mismatches == 0)
        #expect(kDrops == 0)
        #expect(emptied == 0)
    }
}
