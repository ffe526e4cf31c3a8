import RadarCore
import Testing
@testable import SimWorld

@Suite struct DeterminismTests {
    static func digest(seed: UInt64, tokens: Int = 60, days: Int = 10, threads: Int = 1) throws -> UInt64 {
        var digest = StreamDigest()
        for hour in try SimWorld(config: SimWorldConfig(seed: seed, tokens: tokens, days: days)).hours(threads: threads) { digest.add(hour) }
        return digest.value
    }

    @Test func oneSeedGivesOneStream() throws {
        #expect(try Self.digest(seed: 7) == (try Self.digest(seed: 7)))
    }

    @Test func threadsDoNotChangeTheStream() throws {
        #expect(try Self.digest(seed: 7, threads: 3) == (try Self.digest(seed: 7)))
    }

    @Test func anotherSeedGivesAnotherStream() throws {
        #expect(try Self.digest(seed: 7) != (try Self.digest(seed: 8)))
    }

    @Test func aTokenDoesNotDependOnHowManyOthersThereAre() throws {
        let small = try SimWorld(config: SimWorldConfig(seed: 3, tokens: 20, days: 2))
        let large = try SimWorld(config: SimWorldConfig(seed: 3, tokens: 50, days: 2))
        for index in 0..<20 {
            var a = small.tokens[index], b = large.tokens[index]
            a.pairIndex = 0
            b.pairIndex = 0
            #expect(a == b)
        }
    }

    @Test func addressesAreDistinctAndPairsOrderTokensByAddress() {
        let world = SmallWorld.world
        let addresses = Set(world.tokens.map(\.address) + world.tokens.map(\.pool) + [world.contracts.weth])
        #expect(addresses.count == world.tokens.count * 2 + 1)
        for token in world.tokens {
            let (token0, token1) = token.pairTokens(weth: world.contracts.weth)
            #expect(token0 < token1)
            #expect(token.address.evm.hex == token.address.hex)
            #expect(token.address.hex.count == 42)
        }
        #expect(Set(world.tokens.map(\.pairIndex)) == Set(0..<world.tokens.count))
    }
}
