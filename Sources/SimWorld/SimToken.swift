import Foundation
import RadarCore

/// An IP a token is tied to, as a Story-Protocol-style registry knows it.
public struct SimIP: Hashable, Sendable {
    public var category: IPCategory
    /// The IP's human name, e.g. "Zorvana Records".
    public var name: String
    /// Shorter names posts use for it (its proper name alone).
    public var aliases: [String]
    /// The IP account address the registry assigns.
    public var ipID: SimAddress
    /// The id of the NFT the IP was registered from.
    public var nftTokenID: UInt64
}

/// A token's fate, fixed at creation and hidden from the observables.
public enum SimFate: String, Hashable, Sendable, CaseIterable {
    /// Trades and lives (or fades) by its quality and hype.
    case normal
    /// Its deployer pulls the liquidity at `rugHour`.
    case rug
    /// Its contract makes every sell revert; its deployer drains the pool later (`rugHour`).
    case honeypot
}

/// One simulated token: the static facts (metadata, IP, pool, launch) and its hidden traits.
public struct SimToken: Hashable, Sendable {
    /// Position in the world's catalogue.
    public var index: Int
    public var address: SimAddress
    public var symbol: String
    public var name: String
    public var decimals: Int
    /// Total supply in raw units, minted to the deployer at deployment.
    public var totalSupply: UInt128
    public var deployer: SimAddress
    public var ip: SimIP
    /// The hour the token is deployed and its pool created and funded.
    public var launchHour: Int
    /// The Uniswap-V2-style pair against WETH.
    public var pool: SimAddress
    /// Whether the token sorts before WETH (token0 in the pair).
    public var isToken0: Bool
    /// The pair's index in the factory's `allPairs`.
    public var pairIndex: Int
    /// Hidden: the long-run mean of the token's quality.
    public var qualityMean: Double
    /// Hidden: normal, rug or honeypot.
    public var fate: SimFate
    /// Hidden: the hour the deployer pulls all liquidity (rugs and honeypots; may fall past the world's end).
    public var rugHour: Int?
    /// Share of supply placed in the pool at launch; the deployer keeps the rest.
    public var poolShare: Double
    /// WETH (raw wei) placed in the pool at launch.
    public var launchWETH: UInt128

    /// The pair's token0 and token1, ordered by address as V2 does.
    public func pairTokens(weth: SimAddress) -> (token0: SimAddress, token1: SimAddress) {
        isToken0 ? (address, weth) : (weth, address)
    }
}

/// Creates the world's tokens: deterministic from the seed, one independent stream per token.
enum SimCatalogue {
    static func tokens(config: SimWorldConfig, contracts: SimContracts) -> [SimToken] {
        let dynamics = config.dynamics
        let hours = config.hours
        var tokens = (0..<config.tokens).map { index in
            makeToken(index: index, seed: config.seed, hours: hours, dynamics: dynamics, weth: contracts.weth)
        }
        // The factory numbers pairs in creation order.
        let order = tokens.indices.sorted { (tokens[$0].launchHour, $0) < (tokens[$1].launchHour, $1) }
        for (pairIndex, tokenIndex) in order.enumerated() { tokens[tokenIndex].pairIndex = pairIndex }
        return tokens
    }

    static func makeToken(index: Int, seed: UInt64, hours: Int, dynamics: SimDynamics, weth: SimAddress) -> SimToken {
        var random = SimRandom(seed: seed, 0x70C0, UInt64(index))
        let category = IPCategory.allCases[random.below(IPCategory.allCases.count)]
        let proper = SimNames.properName(index: index)
        let suffix = random.pick(SimNames.categorySuffix[category]!)
        let ipName = "\(proper) \(suffix)"
        var symbol = String(proper.uppercased().filter(\.isLetter).prefix(3 + random.below(2)))
        if random.chance(0.15) { symbol += random.pick(["AI", "X", "INU", "FI"]) }
        let name = random.chance(0.5) ? ipName : "\(proper) \(random.pick(["Token", "Coin", "Protocol"]))"
        let decimalsDraw = random.uniform()
        let decimals = decimalsDraw < 0.8 ? 18 : (decimalsDraw < 0.95 ? 9 : 6)
        var totalSupply = UInt128(1)
        for _ in 0..<(9 + random.below(4) + decimals) { totalSupply *= 10 }

        let fateDraw = random.uniform()
        let fate: SimFate = fateDraw < dynamics.honeypotShare ? .honeypot
            : (fateDraw < dynamics.honeypotShare + dynamics.rugShare ? .rug : .normal)
        let qualityMean = dynamics.qSpread * random.normal() - (fate == .normal ? 0 : 0.3)
        let launchHour = random.chance(0.2) ? random.below(24) : 24 + random.below(max(1, Int(Double(hours) * 0.8) - 24))
        // Rugs pull within days; honeypots are drained too, later, once buyers stop coming.
        let rugHour: Int? = switch fate {
        case .rug: launchHour + 6 + Int(random.exponential(mean: dynamics.rugMeanHours))
        case .honeypot: launchHour + 24 + Int(random.exponential(mean: 2 * dynamics.rugMeanHours))
        case .normal: nil
        }
        let poolShare = fate == .normal ? 0.5 + 0.45 * random.uniform() : 0.4 + 0.3 * random.uniform()
        let ethInPool = random.logNormal(mu: Foundation.log(5.0) + 0.2 * qualityMean, sigma: 0.8)
        let launchWETH = UInt128(approximating: ethInPool * 1e9) * 1_000_000_000

        let address = SimAddress.derived(seed: seed, kind: .token, index: UInt64(index))
        return SimToken(
            index: index, address: address, symbol: symbol, name: name, decimals: decimals, totalSupply: totalSupply,
            deployer: .derived(seed: seed, kind: .deployer, index: UInt64(index)),
            ip: SimIP(category: category, name: ipName, aliases: [proper],
                      ipID: .derived(seed: seed, kind: .ipAccount, index: UInt64(index)), nftTokenID: UInt64(1 + random.below(10_000))),
            launchHour: launchHour, pool: .derived(seed: seed, kind: .pool, index: UInt64(index)),
            isToken0: address < weth, pairIndex: 0, qualityMean: qualityMean, fate: fate, rugHour: rugHour,
            poolShare: poolShare, launchWETH: launchWETH)
    }
}
