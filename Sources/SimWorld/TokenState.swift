import Foundation

/// The moving parts of one launched token, carried from hour to hour: latent processes, the pool,
/// who holds what, and the rolling counters market snapshots are read from.
struct TokenState: Sendable {
    var quality: Double
    /// Quality trailed by the royalty lag: what IP activity responds to.
    var trailingQuality: Double
    var hype: Double
    /// Log fundamental value (price in raw WETH per raw token).
    var value: Double
    var status: SimStatus = .alive
    var pool = ConstantProductPool()
    /// The deployer's LP tokens (the only LP in this world).
    var deployerLiquidity: UInt128 = 0
    /// Token balances by holder slot; slot 0 is the deployer.
    var balances: [UInt128]
    /// For each slot, the smart wallet that owns it, or -1 for an ordinary wallet.
    var slotOwner: [Int32]
    /// Smart wallet id to slot.
    var smartSlots: [Int32: Int32] = [:]
    /// Slots with a positive balance.
    var holders = 0
    /// Hourly WETH volume (raw wei as Double) and trade counts for the last 24 hours, by hour % 24.
    var volume = [Double](repeating: 0, count: 24)
    var buys = [Int32](repeating: 0, count: 24)
    var sells = [Int32](repeating: 0, count: 24)
    var licenseTokensMinted: UInt64 = 0
    var derivatives: UInt64 = 0

    init(quality: Double, hype: Double) {
        self.quality = quality
        trailingQuality = quality
        self.hype = hype
        value = 0
        balances = [0]
        slotOwner = [-1]
    }

    /// Pool price in raw WETH per raw token.
    func rawPrice(isToken0: Bool) -> Double {
        let (tokenReserve, wethReserve) = isToken0 ? (pool.reserve0, pool.reserve1) : (pool.reserve1, pool.reserve0)
        guard tokenReserve > 0 else { return 0 }
        return wethReserve.approximate / tokenReserve.approximate
    }

    func reserves(isToken0: Bool) -> (token: UInt128, weth: UInt128) {
        isToken0 ? (pool.reserve0, pool.reserve1) : (pool.reserve1, pool.reserve0)
    }

    mutating func credit(slot: Int, _ amount: UInt128) {
        if balances[slot] == 0 && amount > 0 { holders += 1 }
        balances[slot] += amount
    }

    mutating func debit(slot: Int, _ amount: UInt128) {
        balances[slot] -= amount
        if balances[slot] == 0 && amount > 0 { holders -= 1 }
    }

    /// A new ordinary holder slot.
    mutating func newSlot() -> Int {
        balances.append(0)
        slotOwner.append(-1)
        return balances.count - 1
    }

    /// The slot of smart wallet `wallet`, created on its first buy.
    mutating func slot(ofSmartWallet wallet: Int32) -> Int {
        if let slot = smartSlots[wallet] { return Int(slot) }
        let slot = newSlot()
        slotOwner[slot] = wallet
        smartSlots[wallet] = Int32(slot)
        return slot
    }

    /// A random slot other than the deployer's that holds tokens, if a few draws find one.
    func randomHolder(_ random: inout SimRandom) -> Int? {
        guard balances.count > 1, holders > (balances[0] > 0 ? 1 : 0) else { return nil }
        for _ in 0..<12 {
            let slot = 1 + random.below(balances.count - 1)
            if balances[slot] > 0 { return slot }
        }
        return nil
    }
}
