import Foundation

/// What every token's hour reads and nobody writes: seed, dynamics, chain, contracts, the ETH price
/// path and the oracle. A class so that tens of thousands of token-hours share one copy.
final class SimWorldContext: Sendable {
    let seed: UInt64
    let dynamics: SimDynamics
    let chain: SimChain
    let contracts: SimContracts
    /// USD per ETH at each hour's end.
    let ethUSD: [Double]
    let oracle: SimOracle

    init(config: SimWorldConfig, chain: SimChain, contracts: SimContracts) {
        seed = config.seed
        dynamics = config.dynamics
        self.chain = chain
        self.contracts = contracts
        var random = SimRandom(seed: config.seed, 0xE7E7)
        var logPrice = Foundation.log(3300.0)
        ethUSD = (0..<config.hours).map { _ in
            logPrice += 0.006 * random.normal()
            return Foundation.exp(logPrice)
        }
        oracle = SimOracle(dynamics: config.dynamics, horizonBars: config.horizon.bars,
                           lagBars: Int(config.horizon.executionLag.seconds / 3600))
    }

    /// The wallet in `slot` of `token`'s holders: the deployer, a smart wallet, or an ordinary wallet.
    @inline(__always)
    func holderAddress(token: Int, slot: Int, owner: Int32, deployer: SimAddress) -> SimAddress {
        if slot == 0 { return deployer }
        if owner >= 0 { return SimAddress.derived(seed: seed, kind: .smartWallet, index: UInt64(owner)) }
        return SimAddress.derived(seed: seed, kind: .holder, index: UInt64(token) << 32 | UInt64(slot))
    }

    /// One of the world's 100,000 outside parties (licensees, royalty payers).
    func counterparty(_ draw: UInt64) -> SimAddress {
        SimAddress.derived(seed: seed, kind: .liquidityProvider, index: draw % 100_000)
    }

    /// An author's follower count: heavy-tailed, larger for the credible first tenth.
    func followers(author: Int) -> Int64 {
        var random = SimRandom(seed: seed, 0xA070, UInt64(author))
        let credible = author < TokenHour.authors / 10
        let count = random.pareto(minimum: credible ? 20_000 : 100, alpha: credible ? 1.2 : 1.1)
        return Int64(min(count, 20_000_000))
    }

    /// An author's handle, without `@`.
    func handle(author: Int) -> String {
        SimNames.properName(index: 13_000 + author).lowercased() + "_" + String(author % 97)
    }
}
