import Collectors
import EVMWire
import Testing

/// The built-in events' topic0 values, computed from their declarations.
@Suite struct TrackedEventTests {
    /// Every built-in event's topic0, computed from its declaration, against the published hashes.
    @Test(arguments: [
        (TrackedEvent.erc20Transfer, "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"),
        (.uniswapV2PairCreated, "0x0d3648bd0f6ba80134a33ba9275ac585d9d315f0ad8355cddefde31afa28d0e9"),
        (.uniswapV2Swap, "0xd78ad95fa46c994b6551d0da85fc275fe613ce37657fb8d5e3d130840159d822"),
        (.uniswapV2Sync, "0x1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1"),
        (.uniswapV2Mint, "0x4c209b5fc8ad50758f13e2e1088ba56a560dff690a1c6fef26394f4c03821c4f"),
        (.uniswapV2Burn, "0xdccd412f0b1252819cb1fd330b93224ca42612892bb3f4f789976e6d81936496"),
        (.uniswapV3PoolCreated, "0x783cca1c0412dd0d695e784568c96da2e9c22ff989357a2e8b1d9b2b4e6b7118"),
        (.uniswapV3Swap, "0xc42079f94a6350d7e6235f29174924f928cc2ac818eb64fed8004e115fbcca67"),
    ])
    func trackedEventTopics(event: TrackedEvent, expected: String) {
        #expect(event.topic0.hex == expected)
        #expect(TrackedEvent(topic0: event.topic0) == event)
    }
}
