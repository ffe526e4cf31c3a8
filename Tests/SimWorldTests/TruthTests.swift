import Foundation
import RadarCore
import Testing
@testable import SimWorld

@Suite struct TruthTests {
    @Test func alphaIsForwardReturnLessTheMedian() {
        let byHour = Dictionary(grouping: SmallWorld.truth.filter { $0.forwardAlpha != nil }, by: \.hour)
        #expect(byHour.count == 30 * 24 - 169)
        for (_, rows) in byHour {
            let alphas = rows.compactMap(\.forwardAlpha).sorted()
            let middle = alphas.count / 2
            let median = alphas.count % 2 == 1 ? alphas[middle] : (alphas[middle - 1] + alphas[middle]) / 2
            #expect(abs(median) < 1e-12)
            #expect(rows.allSatisfy { $0.status == .alive })
            #expect(rows.filter(\.honeypot).allSatisfy { $0.forwardReturn == -1 })
        }
    }

    @Test func forwardReturnIsThePoolPriceOverTheLaggedWindow() {
        let byKey = Dictionary(uniqueKeysWithValues: SmallWorld.truth.map { (Int($0.token) << 16 | Int($0.hour), $0) })
        var checked = 0
        for row in SmallWorld.truth where row.status == .alive && !row.honeypot {
            guard let forward = row.forwardReturn, forward > -1 else { continue }
            let entry = byKey[Int(row.token) << 16 | Int(row.hour + 1)]!
            let exit = byKey[Int(row.token) << 16 | Int(row.hour + 1 + 168)]!
            #expect(exit.status == .alive)
            #expect(abs(forward - (exit.priceUSD / entry.priceUSD - 1)) < 1e-12)
            checked += 1
        }
        #expect(checked > 10_000)
    }

    @Test func csvHasAHeaderAndARowPerLaunchedTokenHour() throws {
        let world = try SimWorld(config: SimWorldConfig(seed: 5, tokens: 20, days: 9))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("simworld-truth-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try SimWorldTruth(world: world).write(csv: url)
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "hour,time,chain,address,symbol,quality,hype,status,honeypot,price_usd,expected_return,forward_return,forward_alpha")
        let expected = world.tokens.map { max(0, world.config.hours - $0.launchHour) }.reduce(0, +)
        #expect(lines.count == expected + 1)
        #expect(lines.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 13 })
        #expect(lines.contains { $0.hasSuffix(",") == false && $0.contains(",alive,") })
    }
}
