/// The world's shared contracts: the WETH-like quote token, the V2 factory and router, and the
/// Story-Protocol-style registry contracts that emit IP events.
///
/// The factory and the registry modules sit at fixed addresses (mainnet Uniswap V2's factory and
/// Story's IP asset registry, licensing and royalty modules), so one config (`Feeds/radar.yaml`)
/// reads the world of any seed; the quote token, router and template are derived from the seed.
public struct SimContracts: Hashable, Sendable {
    public var weth: SimAddress
    public var factory: SimAddress
    public var router: SimAddress
    public var ipAssetRegistry: SimAddress
    public var licensingModule: SimAddress
    public var royaltyModule: SimAddress
    /// The licence template licence terms refer to (PIL-like).
    public var licenseTemplate: SimAddress

    /// Uniswap V2's factory on mainnet.
    public static let uniswapV2Factory = SimAddress(high: 0x5C69_bEe7_01ef_814a, middle: 0x2B6a_3EDD_4B16_52CB, low: 0x9cc5_aA6f)
    /// Story's IP asset registry.
    public static let storyIPAssetRegistry = SimAddress(high: 0x7731_9B40_31e6_eF12, middle: 0x5090_7aa0_0018_B8B1, low: 0xc67a_244b)
    /// Story's licensing module.
    public static let storyLicensingModule = SimAddress(high: 0x04fb_d8a2_e56d_d85C, middle: 0xFD55_00A4_A4Df_A955, low: 0xB9f1_dE6f)
    /// Story's royalty module.
    public static let storyRoyaltyModule = SimAddress(high: 0xD2f6_0c40_fEbc_cf63, middle: 0x11f8_B47c_4f2E_c6b0, low: 0x4040_0086)

    public init(seed: UInt64) {
        func contract(_ index: UInt64) -> SimAddress { .derived(seed: seed, kind: .contract, index: index) }
        weth = contract(0)
        factory = Self.uniswapV2Factory
        router = contract(2)
        ipAssetRegistry = Self.storyIPAssetRegistry
        licensingModule = Self.storyLicensingModule
        royaltyModule = Self.storyRoyaltyModule
        licenseTemplate = contract(6)
    }
}
