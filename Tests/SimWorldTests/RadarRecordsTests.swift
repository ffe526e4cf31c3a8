import RadarCore
import Testing
@testable import SimWorld

@Suite struct RadarRecordsTests {
    @Test func logsBecomeStoreRowsWithExactAmounts() throws {
        let world = SmallWorld.world
        var pools = 0, swaps = 0, reserves = 0, ipEvents = 0
        for hour in SmallWorld.hours.prefix(48) {
            for log in hour.logs {
                let position = world.position(of: log)
                #expect(position.blockHash == world.chain.hash(of: log.blockNumber).evm)
                switch world.radarRecord(log) {
                case .pool(let pool):
                    pools += 1
                    #expect(pool.token0 < pool.token1)
                    #expect(pool.factory == world.contracts.factory.evm)
                case .swap(let swap):
                    swaps += 1
                    if case .swap(_, let amount0In, _, _, _, _) = log.event { #expect(swap.amount0In.digits == String(amount0In)) }
                case .reserves: reserves += 1
                case .ipEvent(let event):
                    ipEvents += 1
                    #expect(event.token != nil)
                default: break
                }
            }
        }
        #expect(pools > 0 && swaps > 0 && reserves >= swaps && ipEvents >= pools)
        let token = world.tokens[0]
        #expect(world.radarToken(token).totalSupply?.digits == String(token.totalSupply))
        #expect(world.ipLink(token).ipName == token.ip.name)
    }

    @Test func postsAndSnapshotsKeepTheirToken() {
        let world = SmallWorld.world
        let hour = SmallWorld.hours[100]
        for post in hour.posts {
            let (social, mention) = world.socialPost(post)
            #expect(social.postID == post.id)
            #expect(mention.token.address == world.tokens[Int(post.token)].address.evm)
            if post.mention == .cashtag { #expect(post.text.contains("$" + world.tokens[Int(post.token)].symbol)) }
        }
        for snapshot in hour.snapshots {
            #expect(world.marketSnapshot(snapshot).pool == world.tokens[Int(snapshot.token)].pool.evm)
        }
    }
}
