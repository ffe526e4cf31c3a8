import Pipeline
import RadarCore
import Testing

/// The top-k book over two rebalances, worked out by hand.
@Suite struct TopKPortfolioTests {
    static func token(_ n: UInt8) -> TokenID {
        try! TokenID(chain: 1, address: "0x" + String(repeating: "0", count: 38) + String(format: "%02x", n))
    }

    @Test func twoRebalancesWithFeesAndSlippage() {
        let (a, b, c, d) = (Self.token(1), Self.token(2), Self.token(3), Self.token(4))
        let first = PortfolioCrossSection(time: Timestamp(seconds: 0), tokens: [a, b, c, d], scores: [4, 3, 2, 1],
                                          forwardReturn: [0.10, 0.20, 0.0, -0.1], liquidityUSD: [10_000, 10_000, 10_000, 10_000])
        let second = PortfolioCrossSection(time: Timestamp(seconds: 3600), tokens: [a, b, c, d], scores: [1, 4, 3, 2],
                                           forwardReturn: [0, -0.2, 0.1, 0.3], liquidityUSD: [10_000, 10_000, 5_000, 10_000])
        let periods = TopKPortfolio(topK: 2, feeBps: 100, capitalUSD: 1_000).run([first, second])
        #expect(periods.count == 2)
        // Buy A and B from cash: each 0.5 x (1% fee + $500 / $10,000 impact) = 0.03.
        #expect(periods[0].holdings == [a, b])
        #expect(abs(periods[0].cost - 0.06) < 1e-12)
        #expect(abs(periods[0].grossReturn - 0.15) < 1e-12)
        #expect(abs(periods[0].benchmarkReturn - 0.05) < 1e-12)
        #expect(abs(periods[0].excessReturn - 0.04) < 1e-12)
        #expect(periods[0].turnover == 0.5)
        // Sell A (0.03), buy C into $5,000 of liquidity: 0.5 x (1% + 10%) = 0.055.
        #expect(periods[1].holdings == [b, c])
        #expect(abs(periods[1].cost - 0.085) < 1e-12)
        #expect(abs(periods[1].netReturn - (-0.135)) < 1e-12)
        #expect(abs(periods[1].excessReturn - (-0.185)) < 1e-12)
        #expect(abs(periods[1].equity - 1.09 * 0.865) < 1e-12)
        #expect(abs(periods[1].benchmarkEquity - 1.05 * 1.05) < 1e-12)
        #expect(abs(FactorMetrics.maxDrawdown([1] + periods.map(\.equity)) - (1 - 0.865)) < 1e-12)
    }

    @Test func tokensWithoutAForwardReturnAreNotHeld() {
        let (a, b) = (Self.token(1), Self.token(2))
        let section = PortfolioCrossSection(time: Timestamp(seconds: 0), tokens: [a, b], scores: [9, 1],
                                            forwardReturn: [.nan, 0.1], liquidityUSD: [.nan, .nan])
        let periods = TopKPortfolio(topK: 1, feeBps: 0, capitalUSD: 1).run([section])
        #expect(periods.first?.holdings == [b])
        #expect(periods.first?.netReturn == 0.1)
    }
}
