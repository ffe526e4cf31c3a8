/// The world's shared contracts: the WETH-like quote token, the V2 factory and router, and the
/// Story-Protocol-style registry contracts that emit IP events.
public struct SimContracts: Hashable, Sendable {
    public var weth: SimAddress
    public var factory: SimAddress
    public var router: SimAddress
    public var ipAssetRegistry: SimAddress
    public var licensingModule: SimAddress
    public var royaltyModule: SimAddress
    /// The licence template licence terms refer to (PIL-like).
    public var licenseTemplate: SimAddress

    public init(seed: UInt64) {
        func contract(_ index: UInt64) -> SimAddress { .derived(seed: seed, kind: .contract, index: index) }
        weth = contract(0)
        factory = contract(1)
        router = contract(2)
        ipAssetRegistry = contract(3)
        licensingModule = contract(4)
        royaltyModule = contract(5)
        licenseTemplate = contract(6)
    }
}
