import RadarCore
import Testing
@testable import SimWorld

@Suite struct ChainTests {
    @Test func blocksLinkAndTick() {
        let chain = SmallWorld.world.chain
        let genesis = chain.block(chain.genesisBlock)
        let next = chain.block(chain.genesisBlock + 1)
        #expect(next.parentHash == genesis.hash)
        #expect(next.timestamp.seconds - genesis.timestamp.seconds == 12)
        #expect(chain.headBlock == chain.genesisBlock + Int64(30 * 24 * 300) - 1)
        #expect(genesis.hash.hex.count == 66)
    }

    @Test func logsAreInBlockOrderWithMainnetIndices() {
        var lastBlock: Int64 = -1
        var expectedLog: Int32 = 0
        var lastTransaction: Int32 = 0
        for hour in SmallWorld.hours {
            for log in hour.logs {
                #expect(log.blockNumber >= hour.firstBlock && log.blockNumber < hour.firstBlock + Int64(hour.blockCount))
                if log.blockNumber != lastBlock {
                    #expect(log.blockNumber > lastBlock)
                    lastBlock = log.blockNumber
                    expectedLog = 0
                    lastTransaction = 0
                }
                #expect(log.logIndex == expectedLog)
                #expect(log.transactionIndex >= lastTransaction)
                expectedLog += 1
                lastTransaction = log.transactionIndex
            }
            for transaction in hour.transactions {
                #expect(transaction.succeeded == !transaction.logs.isEmpty)
                for log in hour.logs[transaction.logs] {
                    #expect(log.transactionHash == transaction.hash && log.blockNumber == transaction.blockNumber)
                }
            }
            #expect(hour.transactions.filter { !$0.succeeded }.count == hour.failedTransactions.count)
            let blocks = hour.blocks(chain: SmallWorld.world.chain)
            #expect(blocks.count == 300)
            #expect(blocks.map(\.logs.count).reduce(0, +) == hour.logs.count)
        }
    }

    @Test func everyEventKindOccurs() {
        var kinds = Set<String>()
        for hour in SmallWorld.hours {
            for log in hour.logs {
                kinds.insert(String(describing: log.event).prefix(while: { $0 != "(" }).description)
            }
        }
        #expect(kinds == ["pairCreated", "transfer", "swap", "sync", "mint", "burn", "ipRegistered",
                          "licenseTokensMinted", "derivativeRegistered", "royaltyPaid"])
        #expect(SmallWorld.hours.contains { !$0.posts.isEmpty })
        #expect(SmallWorld.hours.contains { !$0.failedTransactions.isEmpty })
    }
}
