// A child process for the crash-safety test: it ingests batches of 1,000 ERC-20 transfers, one block
// per batch, each committed together with a checkpoint naming that block, until it is killed.
// After each commit it prints "committed N" so the test knows when to pull the plug.
//
// usage: StoreCrashProbe STORE_PATH FIRST_BLOCK
import FeatureStore
import Foundation
import RadarCore

let arguments = CommandLine.arguments
guard arguments.count == 3, let firstBlock = Int64(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: StoreCrashProbe STORE_PATH FIRST_BLOCK\n".utf8))
    exit(2)
}
let store = try FeatureStore(path: arguments[1])
let token = try EVMAddress("0x00000000000000000000000000000000000000aa")

func hash(_ prefix: String, _ number: Int64) -> EVMHash {
    let digits = String(number, radix: 16)
    return try! EVMHash("0x" + prefix + String(repeating: "0", count: 64 - prefix.count - digits.count) + digits)
}

var block = firstBlock
while true {
    let blockHash = hash("b", block)
    var batch = IngestBatch()
    batch.transfers.reserveCapacity(1000)
    for index in 0..<1000 {
        let position = LogPosition(chain: 1, blockNumber: block, blockHash: blockHash, logIndex: Int64(index),
                                   transactionHash: hash("7", block * 1000 + Int64(index)))
        batch.transfers.append(Transfer(position: position, token: token, from: .zero, to: token,
                                        amount: DecimalAmount(Int64(index) * 1_000_000_007), eventTime: Timestamp(seconds: block * 12),
                                        observedAt: Timestamp(seconds: block * 12 + 1)))
    }
    try store.ingest(batch, checkpoint: Checkpoint(feed: "probe", cursor: String(block), updatedAt: Timestamp(seconds: block * 12 + 1)))
    FileHandle.standardOutput.write(Data("committed \(block)\n".utf8))
    block += 1
}
