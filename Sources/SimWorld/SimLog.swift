/// One on-chain log of the world, placed exactly as a node would report it.
///
/// Amounts are raw integers (`UInt128`: reserves are uint112 on chain and every supply here fits);
/// the server ABI-encodes them as uint256 words.
public struct SimLog: Hashable, Sendable {
    public var blockNumber: Int64
    /// The transaction's index in its block.
    public var transactionIndex: Int32
    /// The log's index in its block (not in its transaction), as mainnet numbers logs.
    public var logIndex: Int32
    public var transactionHash: SimHash
    /// The emitting contract.
    public var address: SimAddress
    /// Which simulated token the log concerns (-1 for none); ground truth, not on the wire.
    public var token: Int32
    public var event: SimLogEvent
}

/// What a log says: the events of ERC-20 tokens, the V2 factory and pairs, and the IP registry.
public enum SimLogEvent: Hashable, Sendable {
    /// Factory: `PairCreated(address indexed token0, address indexed token1, address pair, uint)`.
    case pairCreated(token0: SimAddress, token1: SimAddress, pair: SimAddress, pairCount: UInt64)
    /// ERC-20: `Transfer(address indexed from, address indexed to, uint256 value)` (3 topics).
    case transfer(from: SimAddress, to: SimAddress, value: UInt128)
    /// Pair: `Swap(address indexed sender, uint amount0In, uint amount1In, uint amount0Out, uint amount1Out, address indexed to)`.
    case swap(sender: SimAddress, amount0In: UInt128, amount1In: UInt128, amount0Out: UInt128, amount1Out: UInt128, to: SimAddress)
    /// Pair: `Sync(uint112 reserve0, uint112 reserve1)`.
    case sync(reserve0: UInt128, reserve1: UInt128)
    /// Pair: `Mint(address indexed sender, uint amount0, uint amount1)`.
    case mint(sender: SimAddress, amount0: UInt128, amount1: UInt128)
    /// Pair: `Burn(address indexed sender, uint amount0, uint amount1, address indexed to)`.
    case burn(sender: SimAddress, amount0: UInt128, amount1: UInt128, to: SimAddress)
    /// IP asset registry: `IPRegistered(address ipId, uint256 indexed chainId, address indexed tokenContract,
    /// uint256 indexed tokenId, string name, string uri, uint256 registrationDate)`.
    case ipRegistered(ipID: SimAddress, chainID: UInt64, tokenContract: SimAddress, nftTokenID: UInt64, registrationDate: UInt64)
    /// Licensing module: `LicenseTokensMinted(address indexed caller, address indexed licensorIpId,
    /// address licenseTemplate, uint256 indexed licenseTermsId, uint256 amount, address receiver, uint256 startLicenseTokenId)`.
    case licenseTokensMinted(caller: SimAddress, licensorIpID: SimAddress, licenseTemplate: SimAddress, licenseTermsID: UInt64,
                             amount: UInt64, receiver: SimAddress, startLicenseTokenID: UInt64)
    /// Licensing module: `DerivativeRegistered(address indexed caller, address indexed childIpId, uint256[] licenseTokenIds,
    /// address[] parentIpIds, uint256[] licenseTermsIds, address licenseTemplate)`, with one parent here.
    case derivativeRegistered(caller: SimAddress, childIpID: SimAddress, licenseTokenID: UInt64, parentIpID: SimAddress,
                              licenseTermsID: UInt64, licenseTemplate: SimAddress)
    /// Royalty module: `RoyaltyPaid(address receiverIpId, address payerIpId, address sender, address token,
    /// uint256 amount, uint256 amountAfterFee)`.
    case royaltyPaid(receiverIpID: SimAddress, payerIpID: SimAddress, sender: SimAddress, currency: SimAddress,
                     amount: UInt128, amountAfterFee: UInt128)
}

/// A transaction that reverted: it sits in its block and costs gas but emits no logs (a honeypot's
/// sells). Servers expose it through blocks and receipts with status 0.
public struct SimFailedTransaction: Hashable, Sendable {
    public var blockNumber: Int64
    public var transactionIndex: Int32
    public var transactionHash: SimHash
    public var from: SimAddress
    /// The contract called (the router).
    public var to: SimAddress
    public var token: Int32
}
