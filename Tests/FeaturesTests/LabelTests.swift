import FeatureStore
import Features
import RadarCore
import SimWorld
import Testing

/// Labels against SimWorld's ground truth, and feature sanity against forward alpha.
@Suite struct LabelTests {
    @Test func labelsFollowTheWorldsForwardAlpha() throws {
        let world = try SimWorldStore.smallWorld()
        let fixture = try SimWorldStore(world: world)
        defer { fixture.cleanUp() }
        var truthByHour: [Int: [SimTruthRow]] = [:]
        let hours = [150, 220, 290]
        SimWorldTruth(world: world).forEachHour { rows in
            if let hour = rows.first.map({ Int($0.hour) }), hours.contains(hour) { truthByHour[hour] = rows }
        }
        var labels = LabelBuilder(store: fixture.store)
        for hour in hours {
            let rows = try labels.labels(asOf: fixture.time(endOfHour: hour))
            let position = Dictionary(uniqueKeysWithValues: rows.tokens.enumerated().map { ($0.element, $0.offset) })
            var ours: [Double] = [], truth: [Double] = []
            var deadInTruth = 0, deadInBoth = 0
            for row in truthByHour[hour] ?? [] {
                guard let forward = row.forwardReturn,
                      let index = position[TokenID(chain: world.config.chainID, address: world.tokens[Int(row.token)].address.evm)]
                else { continue }
                ours.append(rows.forwardReturn[index])
                truth.append(forward)
                if forward == -1 {
                    deadInTruth += 1
                    if rows.forwardReturn[index] == -1 { deadInBoth += 1 }
                }
            }
            #expect(ours.count > 25)
            let correlation = rankCorrelation(ours, truth)
            #expect(correlation > 0.9, "hour \(hour): rank correlation \(correlation) over \(ours.count) tokens")
            #expect(deadInBoth == deadInTruth, "hour \(hour): \(deadInBoth) of \(deadInTruth) dead tokens at -100%")
            let labelled = rows.label.compactMap { $0 }
            #expect(labelled.filter { $0 == 1 }.count == Int((0.2 * Double(labelled.count)).rounded(.up)))
        }
    }

    @Test func bestFeaturesHavePositiveRankICAgainstForwardAlpha() throws {
        let world = try SimWorldStore.smallWorld()
        let fixture = try SimWorldStore(world: world)
        defer { fixture.cleanUp() }
        var builder = FeatureBuilder(store: fixture.store)
        var labels = LabelBuilder(store: fixture.store)
        var icByFeature: [String: [Double]] = [:]
        for hour in stride(from: 180, through: 300, by: 24) {
            let t = fixture.time(endOfHour: hour)
            let frame = try builder.rows(asOf: t)
            let label = try labels.labels(asOf: t)
            let alphaByToken = Dictionary(uniqueKeysWithValues: zip(label.tokens, label.alpha))
            let alpha = frame.tokens.map { alphaByToken[$0] ?? .nan }
            for (column, name) in frame.names.enumerated() {
                let values = (0..<frame.rowCount).map { Double(frame[$0, column]) }
                let ic = rankCorrelation(values, alpha)
                if !ic.isNaN { icByFeature[name, default: []].append(ic) }
            }
        }
        let mean = icByFeature.mapValues { $0.reduce(0, +) / Double($0.count) }
        let best = mean.sorted { $0.value > $1.value }.prefix(5)
        print("best rank IC:", best.map { "\($0.key)=\(String(format: "%.3f", $0.value))" }.joined(separator: ", "))
        #expect((best.first?.value ?? 0) > 0.1)
        #expect(best.count == 5 && best.allSatisfy { $0.value > 0 })
    }
}
