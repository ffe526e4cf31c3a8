/// A transaction generated for an hour before it has its place in a block.
struct PendingTransaction: Sendable {
    var blockOffset: Int32
    /// Orders one hour's transactions from different tokens inside a block.
    var orderKey: UInt64
    var token: Int32
    /// The token's own running count, which keeps its transactions in the order they were generated.
    var sequence: Int32
    var from: SimAddress
    var to: SimAddress
    var firstLog: Int32
    var logCount: Int32
    var failed: Bool
}

/// A log generated for an hour before it has its block and indices.
struct PendingLog: Sendable {
    var address: SimAddress
    var event: SimLogEvent
}

/// Everything the tokens generate during one hour, collected and then put in block order.
struct HourBuffer: Sendable {
    var transactions: [PendingTransaction] = []
    var logs: [PendingLog] = []
    var posts: [SimPost] = []
    var snapshots: [SimMarketSnapshot] = []
    var latent: [SimLatentRow] = []

    mutating func removeAll() {
        transactions.removeAll(keepingCapacity: true)
        logs.removeAll(keepingCapacity: true)
        posts.removeAll(keepingCapacity: true)
        snapshots.removeAll(keepingCapacity: true)
        latent.removeAll(keepingCapacity: true)
    }

    /// Appends another thread's buffer (for later tokens), rebasing its log positions.
    mutating func append(_ other: HourBuffer) {
        let base = Int32(logs.count)
        transactions.append(contentsOf: other.transactions.lazy.map {
            var transaction = $0
            transaction.firstLog += base
            return transaction
        })
        logs.append(contentsOf: other.logs)
        posts.append(contentsOf: other.posts)
        snapshots.append(contentsOf: other.snapshots)
        latent.append(contentsOf: other.latent)
    }

    /// Opens a transaction whose logs are appended next.
    mutating func begin(token: Int32, blockOffset: Int32, orderKey: UInt64, sequence: inout Int32,
                        from: SimAddress, to: SimAddress, failed: Bool = false) {
        transactions.append(PendingTransaction(
            blockOffset: blockOffset, orderKey: orderKey, token: token, sequence: sequence, from: from, to: to,
            firstLog: Int32(logs.count), logCount: 0, failed: failed))
        sequence += 1
    }

    /// Appends a log to the transaction opened last.
    mutating func log(_ address: SimAddress, _ event: SimLogEvent) {
        logs.append(PendingLog(address: address, event: event))
        transactions[transactions.count - 1].logCount += 1
    }

    /// Places the hour's transactions in blocks and numbers them and their logs as a node would.
    func assemble(chain: SimChain, firstBlock: Int64) -> (logs: [SimLog], transactions: [SimTransaction], failed: [SimFailedTransaction]) {
        let order = transactions.indices.sorted { a, b in
            let x = transactions[a], y = transactions[b]
            return (x.blockOffset, x.orderKey, x.token, x.sequence) < (y.blockOffset, y.orderKey, y.token, y.sequence)
        }
        var out = [SimLog]()
        out.reserveCapacity(logs.count)
        var failed = [SimFailedTransaction]()
        var placed = [SimTransaction]()
        placed.reserveCapacity(transactions.count)
        var currentBlock: Int32 = -1
        var transactionIndex: Int32 = 0
        var logIndex: Int32 = 0
        for position in order {
            let transaction = transactions[position]
            if transaction.blockOffset != currentBlock {
                currentBlock = transaction.blockOffset
                transactionIndex = 0
                logIndex = 0
            }
            let blockNumber = firstBlock + Int64(transaction.blockOffset)
            let hash = chain.transactionHash(block: blockNumber, index: Int(transactionIndex))
            if transaction.failed {
                failed.append(SimFailedTransaction(blockNumber: blockNumber, transactionIndex: transactionIndex, transactionHash: hash,
                                                   from: transaction.from, to: transaction.to, token: transaction.token))
            }
            placed.append(SimTransaction(blockNumber: blockNumber, transactionIndex: transactionIndex, hash: hash,
                                         from: transaction.from, to: transaction.to, succeeded: !transaction.failed,
                                         token: transaction.token, logs: out.count..<(out.count + Int(transaction.logCount))))
            for index in Int(transaction.firstLog)..<Int(transaction.firstLog + transaction.logCount) {
                out.append(SimLog(blockNumber: blockNumber, transactionIndex: transactionIndex, logIndex: logIndex,
                                  transactionHash: hash, address: logs[index].address, token: transaction.token,
                                  event: logs[index].event))
                logIndex += 1
            }
            transactionIndex += 1
        }
        return (out, placed, failed)
    }
}
