import Foundation
import RadarCore
import Testing
@testable import SimWorld

@Suite struct FateTests {
    @Test func honeypotsNeverSellButTry() {
        let world = SmallWorld.world
        let honeypots = Set(world.tokens.filter { $0.fate == .honeypot }.map(\.pool))
        #expect(!honeypots.isEmpty)
        var buys = 0
        for hour in SmallWorld.hours {
            for log in hour.logs where honeypots.contains(log.address) {
                guard case .swap(_, let a0in, let a1in, _, _, _) = log.event else { continue }
                let token = world.tokens[Int(log.token)]
                let tokenIn = token.isToken0 ? a0in : a1in
                #expect(tokenIn == 0, "a honeypot sold in block \(log.blockNumber)")
                buys += 1
            }
        }
        let failed = SmallWorld.hours.flatMap(\.failedTransactions).filter { world.tokens[Int($0.token)].fate == .honeypot }
        #expect(buys > 0)
        #expect(!failed.isEmpty)
        #expect(SmallWorld.hours.flatMap(\.failedTransactions).allSatisfy { world.tokens[Int($0.token)].fate == .honeypot })
    }

    @Test func rugsEmptyThePoolAndScoreMinusOneHundredPercent() {
        let world = SmallWorld.world
        var rugHours = [Int32: Int32]()
        var liquidityBefore = [Int32: Double]()
        var checked = 0
        for hour in SmallWorld.hours {
            for snapshot in hour.snapshots {
                let token = world.tokens[Int(snapshot.token)]
                guard token.fate == .rug, let rugHour = token.rugHour else { continue }
                if hour.hour == rugHour - 1 { liquidityBefore[snapshot.token] = snapshot.liquidityUSD }
                if hour.hour == rugHour, let before = liquidityBefore[snapshot.token] {
                    #expect(snapshot.liquidityUSD < before * 0.01, "\(token.symbol) kept liquidity after its rug")
                    rugHours[snapshot.token] = Int32(rugHour)
                    checked += 1
                }
            }
        }
        #expect(checked >= 3)
        let lag = 1, bars = 168
        for row in SmallWorld.truth {
            guard let rugHour = rugHours[row.token], row.status == .alive, let forward = row.forwardReturn else { continue }
            if Int(row.hour) + lag + bars >= Int(rugHour) {
                #expect(forward == -1)
            }
        }
        #expect(SmallWorld.truth.contains { rugHours[$0.token] != nil && $0.status == .rugged })
    }

    @Test func manyTokensFadeAndDie() {
        let last = SmallWorld.hours.last!.latent
        let dead = last.filter { $0.status == .dead }.count
        let alive = last.filter { $0.status == .alive }.count
        #expect(dead > 5)
        #expect(alive > 50)
    }
}
