import FeatureStore
import Foundation
import RadarCore

/// The ERC-20 transfer rows the ingest benchmark writes, built in full before any timing starts.
///
/// Shaped like mainnet logs: block numbers increase, each block holds 50–1,000 logs, a transaction
/// emits one or a few of them, tokens (10,000, skewed so a few are busy) and holders (200,000) are
/// drawn from fixed sets, and amounts are 18–28 digit integers. Everything comes from one seed, so
/// both sides of the comparison, and every run, see the same rows.
struct TransferWorkload {
    static let chain: ChainID = 1
    static let tokenCount = 10_000
    static let holderCount = 200_000
    static let firstBlock: Int64 = 21_000_000
    /// 2025-01-01T00:00:00Z.
    static let firstBlockTime: Int64 = 1_735_689_600
    static let feed = "bench-erc20-transfers"

    /// One `ingest` call each.
    let batches: [IngestBatch]
    /// The checkpoint written with each batch: its last block and last observation time.
    let checkpoints: [Checkpoint]

    var rowCount: Int { batches.reduce(0) { $0 + $1.transfers.count } }

    init(rows: Int, batchSize: Int, seed: UInt64 = 0xA1FA_4ADA) throws {
        var values = SyntheticValues(seed: seed)
        let tokens = try values.addresses(Self.tokenCount)
        let holders = try values.addresses(Self.holderCount)
        var transfers: [Transfer] = []
        transfers.reserveCapacity(rows)
        var block = Self.firstBlock
        while transfers.count < rows {
            let blockHash = try values.hash()
            let eventTime = Timestamp(seconds: Self.firstBlockTime + (block - Self.firstBlock) * 12)
            let observedAt = Timestamp(seconds: eventTime.seconds + 15)
            let logs = min(Int.random(in: 50...1_000, using: &values.rng), rows - transfers.count)
            var transaction = try values.hash()
            for logIndex in 0..<logs {
                if logIndex > 0 && values.rng.index(2) == 0 { transaction = try values.hash() }
                // u² skews the choice toward the first tokens: a few hot tokens, a long tail.
                let u = Double.random(in: 0..<1, using: &values.rng)
                let token = tokens[Int(u * u * Double(tokens.count))]
                let from = values.rng.index(20) == 0 ? EVMAddress.zero : holders[values.rng.index(holders.count)]
                let position = LogPosition(chain: Self.chain, blockNumber: block, blockHash: blockHash,
                                           logIndex: Int64(logIndex), transactionHash: transaction)
                transfers.append(Transfer(position: position, token: token, from: from,
                                          to: holders[values.rng.index(holders.count)], amount: try values.amount(),
                                          eventTime: eventTime, observedAt: observedAt))
            }
            block += 1
        }
        var batches: [IngestBatch] = []
        var checkpoints: [Checkpoint] = []
        for start in stride(from: 0, to: transfers.count, by: batchSize) {
            let slice = Array(transfers[start..<min(start + batchSize, transfers.count)])
            batches.append(IngestBatch(transfers: slice))
            if let last = slice.last {
                checkpoints.append(Checkpoint(feed: Self.feed, cursor: String(last.position.blockNumber), updatedAt: last.observedAt))
            }
        }
        self.batches = batches
        self.checkpoints = checkpoints
    }

    /// Writes every row, in ingest order, as tab-separated columns in the `transfers` table's order:
    /// chain, block_number, block_hash, log_index, tx_hash, token, from, to, amount, event_time, observed_at.
    func writeTSV(to url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw BenchError("cannot create \(url.path)")
        }
        let file = try FileHandle(forWritingTo: url)
        defer { try? file.close() }
        for batch in batches {
            var text = ""
            text.reserveCapacity(batch.transfers.count * 400)
            for transfer in batch.transfers {
                let position = transfer.position
                let columns = [String(position.chain), String(position.blockNumber), position.blockHash.hex,
                               String(position.logIndex), position.transactionHash.hex, transfer.token.hex, transfer.from.hex,
                               transfer.to.hex, transfer.amount.digits, String(transfer.eventTime.seconds),
                               String(transfer.observedAt.seconds)]
                text += columns.joined(separator: "\t")
                text += "\n"
            }
            try file.write(contentsOf: Data(text.utf8))
        }
    }
}
