import EVMWire
import RadarCore

/// The on-chain events the radar turns into store rows: ERC-20 transfers and the Uniswap V2 and V3
/// pool lifecycle. Each one's signature is written out as Solidity declares it, and its topic0 is
/// computed from that text by `Keccak256`, so a typo shows up as a test failure, not as silently
/// missing rows.
public enum TrackedEvent: String, CaseIterable, Hashable, Sendable {
    case erc20Transfer
    case uniswapV2PairCreated
    case uniswapV2Swap
    case uniswapV2Sync
    case uniswapV2Mint
    case uniswapV2Burn
    case uniswapV3PoolCreated
    case uniswapV3Swap

    /// The declaration, as in the contracts' source.
    public var declaration: String {
        switch self {
        case .erc20Transfer: "Transfer(address indexed from, address indexed to, uint256 value)"
        case .uniswapV2PairCreated: "PairCreated(address indexed token0, address indexed token1, address pair, uint)"
        case .uniswapV2Swap: "Swap(address indexed sender, uint amount0In, uint amount1In, uint amount0Out, uint amount1Out, address indexed to)"
        case .uniswapV2Sync: "Sync(uint112 reserve0, uint112 reserve1)"
        case .uniswapV2Mint: "Mint(address indexed sender, uint amount0, uint amount1)"
        case .uniswapV2Burn: "Burn(address indexed sender, uint amount0, uint amount1, address indexed to)"
        case .uniswapV3PoolCreated: "PoolCreated(address indexed token0, address indexed token1, uint24 indexed fee, int24 tickSpacing, address pool)"
        case .uniswapV3Swap: "Swap(address indexed sender, address indexed recipient, int256 amount0, int256 amount1, uint160 sqrtPriceX96, uint128 liquidity, int24 tick)"
        }
    }

    /// Who emits it, for error messages and logs.
    public var family: String {
        switch self {
        case .erc20Transfer: "ERC-20"
        case .uniswapV2PairCreated, .uniswapV2Swap, .uniswapV2Sync, .uniswapV2Mint, .uniswapV2Burn: "Uniswap V2"
        case .uniswapV3PoolCreated, .uniswapV3Swap: "Uniswap V3"
        }
    }

    /// The parsed signature (parsed once per process).
    public var signature: EventSignature { Self.signatures[self]! }

    /// keccak256 of the canonical signature: what `eth_getLogs` filters on.
    public var topic0: EVMHash { signature.topic0 }

    /// The event whose topic0 is `topic0`, if the radar tracks it.
    public init?(topic0: EVMHash) {
        guard let event = Self.byTopic0[topic0] else { return nil }
        self = event
    }

    /// `Uniswap V2 Sync(uint112,uint112)`: names the event in errors.
    var label: String { "\(family) \(signature.canonical)" }

    private static let signatures: [TrackedEvent: EventSignature] = Dictionary(uniqueKeysWithValues: allCases.map { event in
        do {
            return (event, try EventSignature(event.declaration))
        } catch {
            fatalError("the built-in declaration of \(event) does not parse: \(error)")
        }
    })

    private static let byTopic0: [EVMHash: TrackedEvent] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.topic0, $0) })
}

extension TrackedEvent: LogEventNaming {
    package var logEventName: String { label }
}
